//! The words of a contribution request written as a Word form, in the six UN languages: the
//! cover, how to fill it in, and the marks around the read-only context. The form speaks the
//! review's language; English where a review names another.

/// The texts of the Word form in one language.
#[derive(Debug, Clone, Copy)]
pub struct FormText {
    /// The document's title.
    pub title: &'static str,
    /// "Review" (the template's title, the Member State and the cycle follow).
    pub review: &'static str,
    /// "Member State".
    pub member_state: &'static str,
    /// "Coordinator".
    pub coordinator: &'static str,
    /// "Requested of" (the entity).
    pub requested_of: &'static str,
    /// "Due date".
    pub due: &'static str,
    /// Said when no due date was set.
    pub no_due: &'static str,
    /// Heading of the coordinator's own words.
    pub instructions: &'static str,
    /// Heading of how to fill the form in.
    pub how_heading: &'static str,
    /// How to fill it in, one paragraph each.
    pub how: [&'static str; 4],
    /// Heading of the questions asked.
    pub answers: &'static str,
    /// "Objective" (its number follows).
    pub objective: &'static str,
    /// Heading of the read-only context.
    pub context_heading: &'static str,
    /// What the context is.
    pub context_note: &'static str,
    /// Said when the review has no other answers yet.
    pub no_context: &'static str,
    /// Guidance of a choice (the options follow).
    pub choose_one: &'static str,
    /// Guidance of several options (the options follow).
    pub choose_any: &'static str,
    /// Guidance of a yes/no question.
    pub yes_no: &'static str,
    /// Guidance of a date.
    pub date: &'static str,
    /// "At most" (a number of words follows).
    pub at_most: &'static str,
    /// "words".
    pub words: &'static str,
}

const EN: FormText = FormText {
    title: "Contribution request",
    review: "Review",
    member_state: "Member State",
    coordinator: "Coordinator",
    requested_of: "Requested of",
    due: "Due date",
    no_due: "no date set",
    instructions: "What the coordinator asks",
    how_heading: "How to fill it in",
    how: [
        "Write each answer in the box below its question. The questions and their guidance are protected and cannot be changed.",
        "Paragraphs, bulleted and numbered lists, bold, italic and simple tables are taken into the review. Images, comments and tracked changes that are not accepted are not taken: accept or reject changes before you send the document.",
        "Leave a box as it is when you have nothing to change. Do not delete a box: a deleted box is read as no answer given to its question.",
        "Save the document as a Word document (.docx) in Word or LibreOffice and send it back to the coordinator by email.",
    ],
    answers: "Your answers",
    objective: "Objective",
    context_heading: "Read-only context: the rest of the review",
    context_note: "For reference only. This part is not your contribution: changes made here are not read.",
    no_context: "The review has no other answers yet.",
    choose_one: "Write one of:",
    choose_any: "Write any of these, one a line:",
    yes_no: "Write Yes or No.",
    date: "Write a date as YYYY-MM-DD.",
    at_most: "At most",
    words: "words.",
};

const FR: FormText = FormText {
    title: "Demande de contribution",
    review: "Examen",
    member_state: "État membre",
    coordinator: "Coordination",
    requested_of: "Demandée à",
    due: "Date limite",
    no_due: "aucune date fixée",
    instructions: "Ce que demande la coordination",
    how_heading: "Comment remplir ce document",
    how: [
        "Écrivez chaque réponse dans le cadre placé sous sa question. Les questions et leurs indications sont protégées et ne peuvent pas être modifiées.",
        "Les paragraphes, les listes à puces et numérotées, le gras, l’italique et les tableaux simples sont repris dans l’examen. Les images, les commentaires et les modifications suivies non acceptées ne sont pas repris : acceptez ou refusez les modifications avant d’envoyer le document.",
        "Laissez un cadre tel quel si vous n’avez rien à changer. Ne supprimez pas de cadre : un cadre supprimé est lu comme l’absence de réponse à sa question.",
        "Enregistrez le document au format Word (.docx) dans Word ou LibreOffice et renvoyez-le à la coordination par courriel.",
    ],
    answers: "Vos réponses",
    objective: "Objectif",
    context_heading: "Contexte en lecture seule : le reste de l’examen",
    context_note: "Pour information seulement. Cette partie n’est pas votre contribution : les modifications faites ici ne sont pas lues.",
    no_context: "L’examen n’a pas encore d’autres réponses.",
    choose_one: "Écrivez l’une des options suivantes :",
    choose_any: "Écrivez celles qui conviennent, une par ligne :",
    yes_no: "Écrivez Oui ou Non.",
    date: "Écrivez une date au format AAAA-MM-JJ.",
    at_most: "Au plus",
    words: "mots.",
};

const ES: FormText = FormText {
    title: "Solicitud de contribución",
    review: "Examen",
    member_state: "Estado Miembro",
    coordinator: "Coordinación",
    requested_of: "Solicitada a",
    due: "Fecha límite",
    no_due: "sin fecha fijada",
    instructions: "Lo que pide la coordinación",
    how_heading: "Cómo rellenar este documento",
    how: [
        "Escriba cada respuesta en el recuadro situado bajo su pregunta. Las preguntas y sus indicaciones están protegidas y no se pueden modificar.",
        "Los párrafos, las listas con viñetas y numeradas, la negrita, la cursiva y las tablas sencillas se incorporan al examen. Las imágenes, los comentarios y los cambios con control de cambios no aceptados no se incorporan: acepte o rechace los cambios antes de enviar el documento.",
        "Deje un recuadro como está si no tiene nada que cambiar. No elimine ningún recuadro: un recuadro eliminado se lee como que no se dio respuesta a su pregunta.",
        "Guarde el documento como documento de Word (.docx) en Word o LibreOffice y devuélvalo a la coordinación por correo electrónico.",
    ],
    answers: "Sus respuestas",
    objective: "Objetivo",
    context_heading: "Contexto de solo lectura: el resto del examen",
    context_note: "Solo como referencia. Esta parte no es su contribución: los cambios hechos aquí no se leen.",
    no_context: "El examen aún no tiene otras respuestas.",
    choose_one: "Escriba una de estas opciones:",
    choose_any: "Escriba las que correspondan, una por línea:",
    yes_no: "Escriba Sí o No.",
    date: "Escriba una fecha como AAAA-MM-DD.",
    at_most: "Como máximo",
    words: "palabras.",
};

const RU: FormText = FormText {
    title: "Запрос материалов",
    review: "Обзор",
    member_state: "Государство-член",
    coordinator: "Координатор",
    requested_of: "Адресат запроса",
    due: "Срок представления",
    no_due: "срок не установлен",
    instructions: "Что просит координатор",
    how_heading: "Как заполнить документ",
    how: [
        "Впишите каждый ответ в поле под соответствующим вопросом. Вопросы и пояснения к ним защищены и не могут быть изменены.",
        "Абзацы, маркированные и нумерованные списки, полужирный шрифт, курсив и простые таблицы переносятся в обзор. Изображения, примечания и непринятые исправления не переносятся: примите или отклоните исправления перед отправкой документа.",
        "Оставьте поле без изменений, если вам нечего менять. Не удаляйте поля: удалённое поле означает, что ответ на вопрос не дан.",
        "Сохраните документ в формате Word (.docx) в Word или LibreOffice и отправьте его координатору по электронной почте.",
    ],
    answers: "Ваши ответы",
    objective: "Цель",
    context_heading: "Справочный контекст только для чтения: остальная часть обзора",
    context_note: "Только для справки. Эта часть не является вашим вкладом: изменения в ней не учитываются.",
    no_context: "В обзоре пока нет других ответов.",
    choose_one: "Впишите один из вариантов:",
    choose_any: "Впишите подходящие варианты, по одному в строке:",
    yes_no: "Впишите «Да» или «Нет».",
    date: "Впишите дату в формате ГГГГ-ММ-ДД.",
    at_most: "Не более",
    words: "слов.",
};

const ZH: FormText = FormText {
    title: "供稿请求",
    review: "审查",
    member_state: "会员国",
    coordinator: "协调方",
    requested_of: "请求对象",
    due: "截止日期",
    no_due: "未设日期",
    instructions: "协调方的要求",
    how_heading: "填写说明",
    how: [
        "请将每个答复写在对应问题下方的方框内。问题及其说明受保护，无法修改。",
        "段落、项目符号列表和编号列表、粗体、斜体及简单表格将纳入审查。图片、批注和未接受的修订不予采纳：发送文件前请接受或拒绝修订。",
        "如无需修改，请保持方框原样。请勿删除方框：删除的方框将被视为未对该问题作答。",
        "请在 Word 或 LibreOffice 中将文件另存为 Word 文档（.docx），并通过电子邮件发回协调方。",
    ],
    answers: "您的答复",
    objective: "目标",
    context_heading: "只读背景：审查的其余部分",
    context_note: "仅供参考。此部分不属于您的供稿：在此所作的修改不会被读取。",
    no_context: "审查尚无其他答复。",
    choose_one: "请填写以下选项之一：",
    choose_any: "请填写适用的选项，每行一个：",
    yes_no: "请填写“是”或“否”。",
    date: "请按 YYYY-MM-DD 格式填写日期。",
    at_most: "最多",
    words: "词。",
};

const AR: FormText = FormText {
    title: "طلب مساهمة",
    review: "الاستعراض",
    member_state: "الدولة العضو",
    coordinator: "الجهة المنسقة",
    requested_of: "الجهة المطلوب منها",
    due: "الموعد النهائي",
    no_due: "لم يحدد موعد",
    instructions: "ما تطلبه الجهة المنسقة",
    how_heading: "طريقة ملء الوثيقة",
    how: [
        "اكتب كل إجابة في الإطار الموجود تحت سؤالها. الأسئلة وإرشاداتها محمية ولا يمكن تغييرها.",
        "تؤخذ الفقرات والقوائم النقطية والمرقمة والخط العريض والمائل والجداول البسيطة إلى الاستعراض. ولا تؤخذ الصور والتعليقات والتغييرات المتعقبة غير المقبولة: اقبل التغييرات أو ارفضها قبل إرسال الوثيقة.",
        "اترك الإطار كما هو إن لم يكن لديك ما تغيره. لا تحذف أي إطار: يُقرأ الإطار المحذوف على أنه لم تُقدَّم إجابة عن سؤاله.",
        "احفظ الوثيقة بصيغة Word ‏(.docx) في Word أو LibreOffice وأعدها إلى الجهة المنسقة بالبريد الإلكتروني.",
    ],
    answers: "إجاباتك",
    objective: "الهدف",
    context_heading: "سياق للقراءة فقط: بقية الاستعراض",
    context_note: "للاطلاع فقط. هذا الجزء ليس من مساهمتك: لا تُقرأ التغييرات التي تُجرى هنا.",
    no_context: "لا توجد في الاستعراض إجابات أخرى بعد.",
    choose_one: "اكتب أحد الخيارات التالية:",
    choose_any: "اكتب ما ينطبق منها، خيارًا في كل سطر:",
    yes_no: "اكتب نعم أو لا.",
    date: "اكتب التاريخ بصيغة YYYY-MM-DD.",
    at_most: "بحد أقصى",
    words: "كلمة.",
};

/// The form's texts in `language` (English for a language outside the six).
pub fn form_text(language: &str) -> &'static FormText {
    match language {
        "fr" => &FR,
        "es" => &ES,
        "ru" => &RU,
        "zh" => &ZH,
        "ar" => &AR,
        _ => &EN,
    }
}
