//! The draft messages that carry a request to a contributing entity and a response back to the
//! coordinator, in the review's language, as the package's draft is written. Nothing is sent.

use crate::package::{draft_message, EmailError, Message};

/// What a contribution draft says and carries.
pub struct ContributionEmail<'a> {
    /// The recipient.
    pub to: &'a str,
    /// The sender's name and address, if known.
    pub from: Option<(&'a str, &'a str)>,
    /// The review's language (ISO 639-1); English if it is not a UN language.
    pub language: &'a str,
    /// The Member State's UN short name in that language.
    pub member_state: &'a str,
    /// The review cycle.
    pub cycle: &'a str,
    /// The contributing entity's name.
    pub entity: &'a str,
    /// The due date (`YYYY-MM-DD`), for a request that has one.
    pub due: Option<&'a str>,
    /// The coordinator's instructions, for a request.
    pub instructions: &'a str,
    /// The signing key's fingerprint in groups, for the recipient to confirm.
    pub fingerprint: &'a str,
    /// The sender's name, title and entity, for the closing.
    pub signature: &'a str,
    /// The attached file's name.
    pub file_name: &'a str,
    /// The attached file's bytes.
    pub file: &'a [u8],
}

/// The request's subject, body and due-date clause in `language`.
fn request_words(language: &str) -> (&'static str, &'static str, &'static str) {
    match language {
        "fr" => (
            "Contribution demandée – examen volontaire du PMM – {state} – {cycle}",
            "Madame, Monsieur,\n\nDans le cadre de l'examen volontaire de la mise en œuvre du Pacte mondial pour des migrations sûres, ordonnées et régulières ({state}, {cycle}), il est demandé à l'entité « {entity} » de rédiger les parties de l'examen qui lui sont attribuées{due}.\n\n{instructions}\n\nOuvrez le fichier joint dans GCM Review Desk (« Ouvrir une demande de contribution… », ou « gcm-review open-request FICHIER ») : seules les parties qui vous sont attribuées sont modifiables, le reste de l'examen est affiché pour information. Une fois terminé, choisissez « Renvoyer la contribution » et renvoyez le fichier de réponse à cette adresse.\n\nEmpreinte de la clé de signature du coordonnateur : {fingerprint} (veuillez la confirmer auprès de nous par téléphone).\n\nVeuillez agréer nos salutations distinguées.\n\n{signature}\n",
            ", d'ici au {date}",
        ),
        "es" => (
            "Contribución solicitada – examen voluntario del Pacto Mundial para la Migración – {state} – {cycle}",
            "Estimados colegas:\n\nEn el marco del examen voluntario de la aplicación del Pacto Mundial para la Migración Segura, Ordenada y Regular ({state}, {cycle}), se solicita a la entidad «{entity}» que redacte las partes del examen que se le han asignado{due}.\n\n{instructions}\n\nAbra el archivo adjunto en GCM Review Desk («Abrir solicitud de contribución…», o «gcm-review open-request ARCHIVO»): solo pueden modificarse las partes que se le han asignado; el resto del examen se muestra a título informativo. Cuando haya terminado, elija «Devolver la contribución» y envíe el archivo de respuesta a esta dirección.\n\nHuella de la clave de firma del coordinador: {fingerprint} (confírmela con nosotros por teléfono).\n\nAtentamente,\n\n{signature}\n",
            ", a más tardar el {date}",
        ),
        "ru" => (
            "Запрос материалов – добровольный обзор осуществления Глобального договора о миграции – {state} – {cycle}",
            "Уважаемые коллеги!\n\nВ рамках добровольного обзора осуществления Глобального договора о безопасной, упорядоченной и легальной миграции ({state}, {cycle}) просим подготовить разделы обзора, порученные ведомству «{entity}»{due}.\n\n{instructions}\n\nОткройте приложенный файл в GCM Review Desk («Открыть запрос материалов…» или «gcm-review open-request ФАЙЛ»): изменять можно только закреплённые за вами разделы, остальная часть обзора показана для справки. По завершении выберите «Вернуть материалы» и отправьте файл ответа на этот адрес.\n\nОтпечаток ключа подписи координатора: {fingerprint} (просим подтвердить его у нас по телефону).\n\nС уважением,\n\n{signature}\n",
            " в срок до {date}",
        ),
        "ar" => (
            "طلب مساهمة – الاستعراض الطوعي للاتفاق العالمي من أجل الهجرة – {state} – {cycle}",
            "الزملاء الأعزاء،\n\nفي إطار الاستعراض الطوعي لتنفيذ الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية ({state}، {cycle})، يُرجى من الجهة «{entity}» صياغة أجزاء الاستعراض المسندة إليها{due}.\n\n{instructions}\n\nافتحوا الملف المرفق في GCM Review Desk («فتح طلب مساهمة…»، أو «gcm-review open-request FILE»): لا يمكن تعديل سوى الأجزاء المسندة إليكم، ويُعرض باقي الاستعراض للعلم. وعند الانتهاء، اختاروا «إعادة المساهمة» وأرسلوا ملف الرد إلى هذا العنوان.\n\nبصمة مفتاح توقيع المنسق: {fingerprint} (يُرجى التأكد منها معنا هاتفياً).\n\nمع خالص التحيات،\n\n{signature}\n",
            " في موعد أقصاه {date}",
        ),
        "zh" => (
            "供稿请求 – 全球移民契约自愿审查 – {state} – {cycle}",
            "各位同事：\n\n在《安全、有序和正常移民全球契约》执行情况自愿审查（{state}，{cycle}）中，请{entity}撰写分配给该单位的审查部分{due}。\n\n{instructions}\n\n请在 GCM Review Desk 中打开所附文件（“打开供稿请求…”，或“gcm-review open-request 文件”）：只有分配给贵单位的部分可以编辑，审查的其余部分仅供参考。完成后，请选择“退回供稿”，并将回复文件发回此地址。\n\n协调人签名密钥指纹：{fingerprint}（请通过电话与我们核实）。\n\n此致\n\n{signature}\n",
            "，截止日期为 {date}",
        ),
        _ => (
            "Contribution requested – voluntary GCM review – {state} – {cycle}",
            "Dear colleagues,\n\nAs part of the voluntary review of the implementation of the Global Compact for Safe, Orderly and Regular Migration ({state}, {cycle}), {entity} is asked to write the parts of the review assigned to it{due}.\n\n{instructions}\n\nOpen the attached file in GCM Review Desk (Open contribution request..., or 'gcm-review open-request FILE'): only the parts assigned to you can be edited; the rest of the review is shown for reference. When you have finished, choose Return contribution and send the response file back to this address.\n\nFingerprint of the coordinator's signing key: {fingerprint} (please confirm it with us by telephone).\n\nKind regards,\n\n{signature}\n",
            ", by {date}",
        ),
    }
}

/// A Word form request's subject and body in `language` (its due clause is the request's).
fn form_words(language: &str) -> (&'static str, &'static str) {
    match language {
        "fr" => (
            "Contribution demandée (formulaire Word) – examen volontaire du PMM – {state} – {cycle}",
            "Madame, Monsieur,\n\nDans le cadre de l'examen volontaire de la mise en œuvre du Pacte mondial pour des migrations sûres, ordonnées et régulières ({state}, {cycle}), il est demandé à l'entité « {entity} » de rédiger les parties de l'examen qui lui sont attribuées{due}.\n\n{instructions}\n\nLe document Word joint comporte une zone de réponse par question : écrivez vos réponses dans ces zones (avec Word ou LibreOffice), sans modifier le reste du document, enregistrez-le au format .docx et renvoyez-le à cette adresse. Le texte écrit hors des zones, les images et les commentaires ne sont pas repris.\n\nVeuillez agréer nos salutations distinguées.\n\n{signature}\n",
        ),
        "es" => (
            "Contribución solicitada (formulario Word) – examen voluntario del Pacto Mundial para la Migración – {state} – {cycle}",
            "Estimados colegas:\n\nEn el marco del examen voluntario de la aplicación del Pacto Mundial para la Migración Segura, Ordenada y Regular ({state}, {cycle}), se solicita a la entidad «{entity}» que redacte las partes del examen que se le han asignado{due}.\n\n{instructions}\n\nEl documento Word adjunto tiene un recuadro de respuesta por pregunta: escriba sus respuestas en los recuadros (con Word o LibreOffice), sin modificar el resto del documento, guárdelo en formato .docx y envíelo de vuelta a esta dirección. El texto escrito fuera de los recuadros, las imágenes y los comentarios no se incorporan.\n\nAtentamente,\n\n{signature}\n",
        ),
        "ru" => (
            "Запрос материалов (форма Word) – добровольный обзор осуществления Глобального договора о миграции – {state} – {cycle}",
            "Уважаемые коллеги!\n\nВ рамках добровольного обзора осуществления Глобального договора о безопасной, упорядоченной и легальной миграции ({state}, {cycle}) просим подготовить разделы обзора, порученные ведомству «{entity}»{due}.\n\n{instructions}\n\nВ приложенном документе Word для каждого вопроса есть поле для ответа: впишите ответы в эти поля (в Word или LibreOffice), не меняя остальной документ, сохраните его в формате .docx и отправьте обратно на этот адрес. Текст вне полей, изображения и примечания не переносятся.\n\nС уважением,\n\n{signature}\n",
        ),
        "ar" => (
            "طلب مساهمة (استمارة Word) – الاستعراض الطوعي للاتفاق العالمي من أجل الهجرة – {state} – {cycle}",
            "الزملاء الأعزاء،\n\nفي إطار الاستعراض الطوعي لتنفيذ الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية ({state}، {cycle})، يُرجى من الجهة «{entity}» صياغة أجزاء الاستعراض المسندة إليها{due}.\n\n{instructions}\n\nيتضمن مستند Word المرفق خانة إجابة لكل سؤال: اكتبوا إجاباتكم في هذه الخانات (باستخدام Word أو LibreOffice) دون تغيير باقي المستند، واحفظوه بصيغة ‎.docx وأعيدوه إلى هذا العنوان. لا يؤخذ النص المكتوب خارج الخانات ولا الصور ولا التعليقات.\n\nمع خالص التحيات،\n\n{signature}\n",
        ),
        "zh" => (
            "供稿请求（Word 表单） – 全球移民契约自愿审查 – {state} – {cycle}",
            "各位同事：\n\n在《安全、有序和正常移民全球契约》执行情况自愿审查（{state}，{cycle}）中，请{entity}撰写分配给该单位的审查部分{due}。\n\n{instructions}\n\n所附 Word 文档中每个问题都有一个答复框：请在框内填写答复（使用 Word 或 LibreOffice），不要改动文档其余部分，保存为 .docx 格式后发回此地址。框外的文字、图片和批注不会被采用。\n\n此致\n\n{signature}\n",
        ),
        _ => (
            "Contribution requested (Word form) – voluntary GCM review – {state} – {cycle}",
            "Dear colleagues,\n\nAs part of the voluntary review of the implementation of the Global Compact for Safe, Orderly and Regular Migration ({state}, {cycle}), {entity} is asked to write the parts of the review assigned to it{due}.\n\n{instructions}\n\nThe attached Word document has one answer box per question: write your answers in the boxes (with Word or LibreOffice), leave the rest of the document as it is, save it as .docx and send it back to this address. Text written outside the boxes, images and comments are not taken.\n\nKind regards,\n\n{signature}\n",
        ),
    }
}

/// The response's subject and body in `language`.
fn response_words(language: &str) -> (&'static str, &'static str) {
    match language {
        "fr" => (
            "Contribution renvoyée – {entity} – examen volontaire du PMM – {state} – {cycle}",
            "Madame, Monsieur,\n\nVeuillez trouver ci-joint la contribution de l'entité « {entity} » à l'examen volontaire ({state}, {cycle}), sous forme de fichier de réponse signé. Ouvrez-le dans GCM Review Desk (Contributions, « Fusionner une réponse… », ou « gcm-review merge EXAMEN FICHIER ») : rien n'est appliqué avant que vous n'ayez confirmé l'aperçu.\n\nEmpreinte de notre clé de signature : {fingerprint}\n\nVeuillez agréer nos salutations distinguées.\n\n{signature}\n",
        ),
        "es" => (
            "Contribución devuelta – {entity} – examen voluntario del Pacto Mundial para la Migración – {state} – {cycle}",
            "Estimados colegas:\n\nAdjuntamos la contribución de la entidad «{entity}» al examen voluntario ({state}, {cycle}), como archivo de respuesta firmado. Ábralo en GCM Review Desk (Contribuciones, «Combinar una respuesta…», o «gcm-review merge EXAMEN ARCHIVO»): no se aplica nada antes de que confirme la vista previa.\n\nHuella de nuestra clave de firma: {fingerprint}\n\nAtentamente,\n\n{signature}\n",
        ),
        "ru" => (
            "Материалы возвращены – {entity} – добровольный обзор осуществления Глобального договора о миграции – {state} – {cycle}",
            "Уважаемые коллеги!\n\nНаправляем материалы ведомства «{entity}» для добровольного обзора ({state}, {cycle}) в виде подписанного файла ответа. Откройте его в GCM Review Desk («Материалы», «Объединить ответ…» или «gcm-review merge ОБЗОР ФАЙЛ»): ничего не применяется, пока вы не подтвердите предварительный просмотр.\n\nОтпечаток нашего ключа подписи: {fingerprint}\n\nС уважением,\n\n{signature}\n",
        ),
        "ar" => (
            "إعادة المساهمة – {entity} – الاستعراض الطوعي للاتفاق العالمي من أجل الهجرة – {state} – {cycle}",
            "الزملاء الأعزاء،\n\nنرفق طيه مساهمة الجهة «{entity}» في الاستعراض الطوعي ({state}، {cycle})، في شكل ملف رد موقّع. افتحوه في GCM Review Desk («المساهمات»، «دمج رد…»، أو «gcm-review merge REVIEW FILE»): لا يُطبَّق أي شيء قبل أن تؤكدوا المعاينة.\n\nبصمة مفتاح توقيعنا: {fingerprint}\n\nمع خالص التحيات،\n\n{signature}\n",
        ),
        "zh" => (
            "退回供稿 – {entity} – 全球移民契约自愿审查 – {state} – {cycle}",
            "各位同事：\n\n随函附上{entity}为自愿审查（{state}，{cycle}）提供的供稿，以签名回复文件的形式提交。请在 GCM Review Desk 中打开（“供稿”，“合并回复…”，或“gcm-review merge 审查 文件”）：在您确认预览之前，不会应用任何内容。\n\n我方签名密钥指纹：{fingerprint}\n\n此致\n\n{signature}\n",
        ),
        _ => (
            "Contribution returned – {entity} – voluntary GCM review – {state} – {cycle}",
            "Dear colleagues,\n\nPlease find attached the contribution of {entity} to the voluntary review ({state}, {cycle}), as a signed response file. Open it in GCM Review Desk (Contributions, Merge response..., or 'gcm-review merge REVIEW FILE'): nothing is applied before you confirm the preview.\n\nFingerprint of our signing key: {fingerprint}\n\nKind regards,\n\n{signature}\n",
        ),
    }
}

/// `text` with each `{name}` replaced by its value, in one pass, so that a value that itself
/// holds braces (an entity's name, the instructions) is never read as a placeholder.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match values.iter().find(|(name, _)| {
            after[1..].starts_with(name) && after[1 + name.len()..].starts_with('}')
        }) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 2..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn send(e: &ContributionEmail<'_>, subject: &str, body: &str) -> Result<Vec<u8>, EmailError> {
    draft_message(&Message {
        to: e.to,
        from: e.from,
        subject,
        body,
        file_name: e.file_name,
        attachment: e.file,
    })
}

/// The draft that carries a request to the entity's contact.
pub fn request_email(e: &ContributionEmail<'_>) -> Result<Vec<u8>, EmailError> {
    let (subject, body, _) = request_words(e.language);
    request_draft(e, subject, body)
}

/// The draft that carries a request's Word form to the entity's contact: how to fill it in
/// and send it back, no key and no app needed (`fingerprint` is not used).
pub fn form_email(e: &ContributionEmail<'_>) -> Result<Vec<u8>, EmailError> {
    let (subject, body) = form_words(e.language);
    request_draft(e, subject, body)
}

/// A request's draft with `subject` and `body`, its due date and instructions filled in.
fn request_draft(
    e: &ContributionEmail<'_>,
    subject: &str,
    body: &str,
) -> Result<Vec<u8>, EmailError> {
    let (_, _, due) = request_words(e.language);
    let due = e.due.map(|d| fill(due, &[("date", d)])).unwrap_or_default();
    let instructions = e.instructions.trim();
    let body = if instructions.is_empty() {
        body.replace("{instructions}\n\n", "")
    } else {
        body.to_string()
    };
    let values = [
        ("state", e.member_state),
        ("cycle", e.cycle),
        ("entity", e.entity),
        ("due", due.as_str()),
        ("instructions", instructions),
        ("fingerprint", e.fingerprint),
        ("signature", e.signature),
    ];
    send(e, &fill(subject, &values), &fill(&body, &values))
}

/// The draft that carries a response back to the coordinator.
pub fn response_email(e: &ContributionEmail<'_>) -> Result<Vec<u8>, EmailError> {
    let (subject, body) = response_words(e.language);
    let values = [
        ("state", e.member_state),
        ("cycle", e.cycle),
        ("entity", e.entity),
        ("fingerprint", e.fingerprint),
        ("signature", e.signature),
    ];
    send(e, &fill(subject, &values), &fill(body, &values))
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn a_value_with_braces_is_not_read_as_a_placeholder() {
        let values = [("entity", "Office {cycle}"), ("cycle", "IMRF 2026")];
        assert_eq!(
            fill("{entity} for {cycle} {other}", &values),
            "Office {cycle} for IMRF 2026 {other}"
        );
    }
}
