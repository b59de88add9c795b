//! What the PDF prints of the review's circulation within government, as the application
//! layer decided it: whether the revision is final, the sign-off list with the approvals
//! recorded, and (in an internal-review copy only) the comments on the answers. The words it
//! adds, in the six UN languages.

use std::collections::BTreeMap;

use crate::review::ApprovalMethod;

/// The circulation of a review, as the PDF prints it. Not part of the review document: the
/// default prints a draft with blank sign-off blocks and no comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Circulation {
    /// The coordinator marked this very revision final: no DRAFT mark, status FINAL.
    pub is_final: bool,
    /// The sign-off list, in order; empty: the sheet falls back to the document's sign-off
    /// records, or blank blocks.
    pub signoff: Vec<SheetEntry>,
    /// Comment threads by field path, printed after each answer when the options ask for an
    /// internal-review copy.
    pub notes: BTreeMap<String, Vec<NoteThread>>,
}

/// One entity on the sign-off sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    /// The entity.
    pub entity: String,
    /// Who is to approve for it.
    pub approver: String,
    /// Their title.
    pub title: String,
    /// Its latest approval, if one is recorded.
    pub approval: Option<SheetApproval>,
}

/// An approval as the sign-off sheet prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetApproval {
    /// Who approved.
    pub approver: String,
    /// Their title.
    pub title: String,
    /// When (`YYYY-MM-DD`).
    pub date: String,
    /// How.
    pub method: ApprovalMethod,
    /// The revision approved.
    pub revision: u64,
    /// The fingerprint of the document approved.
    pub fingerprint: String,
    /// The approver's key, for an approval given in the app.
    pub kid: Option<String>,
    /// The text changed after this approval.
    pub stale: bool,
}

/// A comment thread on one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteThread {
    /// The first comment, then the replies, in order.
    pub comments: Vec<Note>,
    /// Who resolved the thread and when (`YYYY-MM-DD`), if it is resolved.
    pub resolved: Option<(String, String)>,
}

/// One comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Who wrote it.
    pub author: String,
    /// When (`YYYY-MM-DD`).
    pub date: String,
    /// What it says, as typed (printed as text, never as Markdown).
    pub text: String,
}

/// The words of the sign-off sheet's approvals and of the comments.
pub(crate) struct Words {
    pub approvals: &'static str,
    pub awaiting: &'static str,
    pub entity: &'static str,
    pub approved_on: &'static str,
    pub method: &'static str,
    pub paper: &'static str,
    pub email: &'static str,
    pub app: &'static str,
    pub approved_fingerprint: &'static str,
    pub approver_key: &'static str,
    /// `{n}` is replaced by the revision.
    pub approved_revision: &'static str,
    pub stale: &'static str,
    pub unchanged: &'static str,
    pub comments: &'static str,
    /// `{by}` and `{date}` are replaced.
    pub resolved: &'static str,
    pub internal: &'static str,
}

impl Words {
    /// How an approval was given, in words.
    pub fn method(&self, method: ApprovalMethod) -> &'static str {
        match method {
            ApprovalMethod::Paper => self.paper,
            ApprovalMethod::Email => self.email,
            ApprovalMethod::App => self.app,
        }
    }
}

const EN: Words = Words {
    approvals: "Approvals recorded",
    awaiting: "Awaiting approval of this text",
    entity: "Entity",
    approved_on: "Approved on",
    method: "How",
    paper: "signed on paper",
    email: "by email",
    app: "in the app, with a signed approval file",
    approved_fingerprint: "Fingerprint approved",
    approver_key: "Approver key",
    approved_revision: "Revision approved: {n}",
    stale: "STALE: the text changed after this approval; it must be approved again.",
    unchanged: "Approved at an earlier revision; the answers printed here are unchanged since.",
    comments: "Comments (internal)",
    resolved: "resolved by {by} on {date}",
    internal: "INTERNAL REVIEW COPY: the comments on the answers are printed after each of them, for circulation within government. This copy is not the submission.",
};

const FR: Words = Words {
    approvals: "Approbations enregistrées",
    awaiting: "Approbation de ce texte attendue",
    entity: "Entité",
    approved_on: "Approuvé le",
    method: "Mode",
    paper: "signé sur papier",
    email: "par courriel",
    app: "dans l’application, par un fichier d’approbation signé",
    approved_fingerprint: "Empreinte approuvée",
    approver_key: "Clé de l’approbateur",
    approved_revision: "Révision approuvée : {n}",
    stale: "PÉRIMÉE : le texte a changé après cette approbation ; il doit être approuvé à nouveau.",
    unchanged: "Approuvé à une révision antérieure ; les réponses imprimées ici n’ont pas changé depuis.",
    comments: "Commentaires (internes)",
    resolved: "résolu par {by} le {date}",
    internal: "EXEMPLAIRE D’EXAMEN INTERNE : les commentaires sur les réponses sont imprimés après chacune d’elles, pour circulation au sein du gouvernement. Cet exemplaire n’est pas la soumission.",
};

const ES: Words = Words {
    approvals: "Aprobaciones registradas",
    awaiting: "Pendiente de aprobación de este texto",
    entity: "Entidad",
    approved_on: "Aprobado el",
    method: "Forma",
    paper: "firmado en papel",
    email: "por correo electrónico",
    app: "en la aplicación, con un archivo de aprobación firmado",
    approved_fingerprint: "Huella digital aprobada",
    approver_key: "Clave de quien aprueba",
    approved_revision: "Revisión aprobada: {n}",
    stale: "CADUCADA: el texto cambió después de esta aprobación; debe aprobarse de nuevo.",
    unchanged: "Aprobado en una revisión anterior; las respuestas aquí impresas no han cambiado desde entonces.",
    comments: "Comentarios (internos)",
    resolved: "resuelto por {by} el {date}",
    internal: "COPIA DE EXAMEN INTERNO: los comentarios sobre las respuestas se imprimen después de cada una, para su circulación dentro del gobierno. Esta copia no es la presentación.",
};

const RU: Words = Words {
    approvals: "Зарегистрированные согласования",
    awaiting: "Ожидается согласование этого текста",
    entity: "Ведомство",
    approved_on: "Дата согласования",
    method: "Способ",
    paper: "подписано на бумаге",
    email: "по электронной почте",
    app: "в приложении, подписанным файлом согласования",
    approved_fingerprint: "Согласованный отпечаток",
    approver_key: "Ключ согласующего",
    approved_revision: "Согласованная редакция: {n}",
    stale: "УСТАРЕЛО: текст изменился после этого согласования; его нужно согласовать заново.",
    unchanged: "Согласовано в более ранней редакции; напечатанные здесь ответы с тех пор не изменились.",
    comments: "Комментарии (внутренние)",
    resolved: "закрыто: {by}, {date}",
    internal: "ЭКЗЕМПЛЯР ДЛЯ ВНУТРЕННЕГО РАССМОТРЕНИЯ: комментарии к ответам напечатаны после каждого из них для рассылки внутри правительства. Этот экземпляр не является представляемым документом.",
};

const AR: Words = Words {
    approvals: "الموافقات المسجلة",
    awaiting: "في انتظار الموافقة على هذا النص",
    entity: "الجهة",
    approved_on: "تاريخ الموافقة",
    method: "الطريقة",
    paper: "موقّعة على الورق",
    email: "بالبريد الإلكتروني",
    app: "في التطبيق، بملف موافقة موقّع",
    approved_fingerprint: "البصمة الموافق عليها",
    approver_key: "مفتاح الموافِق",
    approved_revision: "المراجعة الموافق عليها: {n}",
    stale: "متقادمة: تغيّر النص بعد هذه الموافقة؛ ويجب الموافقة عليه من جديد.",
    unchanged: "تمت الموافقة في مراجعة سابقة؛ ولم تتغير الإجابات المطبوعة هنا منذ ذلك الحين.",
    comments: "التعليقات (داخلية)",
    resolved: "حسمه {by} في {date}",
    internal: "نسخة للاستعراض الداخلي: التعليقات على الإجابات مطبوعة بعد كل إجابة، للتداول داخل الحكومة. هذه النسخة ليست الوثيقة المقدَّمة.",
};

const ZH: Words = Words {
    approvals: "已记录的批准",
    awaiting: "等待批准此文本",
    entity: "机构",
    approved_on: "批准日期",
    method: "方式",
    paper: "纸面签署",
    email: "通过电子邮件",
    app: "在应用程序中，以签名的批准文件",
    approved_fingerprint: "所批准的指纹",
    approver_key: "批准人密钥",
    approved_revision: "所批准的修订版：{n}",
    stale: "已过时：此批准之后文本已更改，须重新批准。",
    unchanged: "于较早的修订版获批准；此处所印答复此后未有改动。",
    comments: "评论（内部）",
    resolved: "由 {by} 于 {date} 解决",
    internal: "内部审阅本：各答复的评论印于该答复之后，供政府内部传阅。本文本不是提交文本。",
};

/// The words for a language code, English when it is not one of the six.
pub(crate) fn words(language: &str) -> &'static Words {
    match language {
        "fr" => &FR,
        "es" => &ES,
        "ru" => &RU,
        "ar" => &AR,
        "zh" => &ZH,
        _ => &EN,
    }
}
