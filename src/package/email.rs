//! The draft message that carries a package to the secretariat: RFC 5322 / MIME, the package
//! attached, marked `X-Unsent: 1` so that mail programs open it as a draft. Nothing is sent.

use mail_builder::headers::raw::Raw;
use mail_builder::MessageBuilder;
use thiserror::Error;

/// The secretariat's address, used until the user sets another in Settings.
pub const SECRETARIAT: &str = "unmignet@iom.int";

/// What the draft says and carries.
pub struct EmailDraft<'a> {
    /// The recipient.
    pub to: &'a str,
    /// The sender's name and address (the signer), if known.
    pub from: Option<(&'a str, &'a str)>,
    /// The review's language (ISO 639-1): subject and body are written in it.
    pub language: &'a str,
    /// The Member State's UN short name in that language.
    pub member_state: &'a str,
    /// The review cycle.
    pub cycle: &'a str,
    /// The signing key's fingerprint in groups, for the recipient to confirm.
    pub fingerprint: &'a str,
    /// The signer's name, title and ministry, for the closing.
    pub signature: &'a str,
    /// The package's file name.
    pub file_name: &'a str,
    /// The package's bytes.
    pub package: &'a [u8],
}

/// Why a draft could not be written.
#[derive(Debug, Error)]
pub enum EmailError {
    /// The recipient is not an email address.
    #[error("\"{0}\" is not an email address: set the address the package is emailed to")]
    BadAddress(String),
    /// The message could not be composed.
    #[error("the email draft could not be composed: {0}")]
    Compose(String),
}

/// The subject and body in `language` (English if it is not a UN language).
fn words(d: &EmailDraft<'_>) -> (String, String) {
    let (subject, body) = match d.language {
        "fr" => (
            "Examen volontaire du PMM – {state} – {cycle}",
            "Madame, Monsieur,\n\nVeuillez trouver ci-joint l'examen volontaire de la mise en œuvre du Pacte mondial pour des migrations sûres, ordonnées et régulières présenté par {state} pour {cycle}, sous forme de paquet signé (l'examen en JSON signé et en PDF, avec la clé publique du signataire et le fichier README.txt qui explique comment le vérifier).\n\nEmpreinte de la clé de signature : {fingerprint}\n\nVeuillez agréer nos salutations distinguées.\n\n{signature}\n",
        ),
        "es" => (
            "Examen voluntario del Pacto Mundial para la Migración – {state} – {cycle}",
            "Estimados colegas:\n\nAdjuntamos el examen voluntario de la aplicación del Pacto Mundial para la Migración Segura, Ordenada y Regular presentado por {state} para {cycle}, como paquete firmado (el examen en JSON firmado y en PDF, con la clave pública del firmante y un archivo README.txt que explica cómo verificarlo).\n\nHuella de la clave de firma: {fingerprint}\n\nAtentamente,\n\n{signature}\n",
        ),
        "ru" => (
            "Добровольный обзор осуществления Глобального договора о миграции – {state} – {cycle}",
            "Уважаемые коллеги!\n\nНаправляем добровольный обзор осуществления Глобального договора о безопасной, упорядоченной и легальной миграции, подготовленный {state} для цикла {cycle}, в виде подписанного пакета (обзор в формате подписанного JSON и PDF, открытый ключ подписавшего и файл README.txt с описанием проверки).\n\nОтпечаток ключа подписи: {fingerprint}\n\nС уважением,\n\n{signature}\n",
        ),
        "ar" => (
            "الاستعراض الطوعي للاتفاق العالمي من أجل الهجرة – {state} – {cycle}",
            "الزملاء الأعزاء،\n\nنرفق طيه الاستعراض الطوعي لتنفيذ الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية المقدم من {state} للدورة {cycle}، في شكل حزمة موقعة (الاستعراض بصيغة JSON موقعة وبصيغة PDF، مع المفتاح العام للموقّع وملف README.txt الذي يشرح كيفية التحقق منه).\n\nبصمة مفتاح التوقيع: {fingerprint}\n\nمع خالص التحيات،\n\n{signature}\n",
        ),
        "zh" => (
            "全球移民契约自愿审查 – {state} – {cycle}",
            "各位同事：\n\n随函附上{state}为{cycle}编写的《安全、有序和正常移民全球契约》执行情况自愿审查，以签名包的形式提交（经签名的 JSON 审查文件和 PDF，以及签名人的公钥和说明如何验证的 README.txt 文件）。\n\n签名密钥指纹：{fingerprint}\n\n此致\n\n{signature}\n",
        ),
        _ => (
            "Voluntary GCM review – {state} – {cycle}",
            "Dear colleagues,\n\nPlease find attached the voluntary review of the implementation of the Global Compact for Safe, Orderly and Regular Migration submitted by {state} for {cycle}, as a signed package (the review as signed JSON and as PDF, with the signer's public key and a README.txt explaining how to verify it).\n\nFingerprint of the signing key: {fingerprint}\n\nKind regards,\n\n{signature}\n",
        ),
    };
    let fill = |text: &str| {
        text.replace("{state}", d.member_state)
            .replace("{cycle}", d.cycle)
            .replace("{fingerprint}", d.fingerprint)
            .replace("{signature}", d.signature)
    };
    (fill(subject), fill(body))
}

/// True when `text` looks like one plain email address (`local@domain.tld`).
pub fn valid_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c))
}

/// Writes the draft message as `.eml` bytes.
pub fn email_draft(draft: &EmailDraft<'_>) -> Result<Vec<u8>, EmailError> {
    let (subject, body) = words(draft);
    draft_message(&Message {
        to: draft.to,
        from: draft.from,
        subject: &subject,
        body: &body,
        file_name: draft.file_name,
        attachment: draft.package,
    })
}

/// A draft message that carries one zip file: what the package's draft and the contribution
/// drafts (`crate::contrib`) have in common.
pub struct Message<'a> {
    /// The recipient.
    pub to: &'a str,
    /// The sender's name and address, if known.
    pub from: Option<(&'a str, &'a str)>,
    /// The subject line.
    pub subject: &'a str,
    /// The plain-text body.
    pub body: &'a str,
    /// The attached file's name.
    pub file_name: &'a str,
    /// The attached zip file's bytes.
    pub attachment: &'a [u8],
}

/// Writes a draft message as `.eml` bytes: RFC 5322 / MIME, the zip attached as
/// `application/zip`, marked `X-Unsent: 1`. The recipient must be an email address.
pub fn draft_message(message: &Message<'_>) -> Result<Vec<u8>, EmailError> {
    let to = message.to.trim();
    if !valid_address(to) {
        return Err(EmailError::BadAddress(to.to_string()));
    }
    let mut builder = MessageBuilder::new()
        .to(to)
        .subject(message.subject)
        .header("X-Unsent", Raw::new("1"))
        .text_body(message.body)
        .attachment("application/zip", message.file_name, message.attachment);
    if let Some((name, address)) = message.from.filter(|(_, a)| valid_address(a)) {
        builder = builder.from((name, address));
    }
    builder
        .write_to_vec()
        .map_err(|e| EmailError::Compose(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::valid_address;

    #[test]
    fn addresses_are_checked_before_a_draft_is_written() {
        assert!(valid_address("unmignet@iom.int"));
        for bad in [
            "",
            "unmignet",
            "a@b",
            "a b@iom.int",
            "a@iom.int>",
            "@iom.int",
            "a@.int",
        ] {
            assert!(!valid_address(bad), "{bad}");
        }
    }
}
