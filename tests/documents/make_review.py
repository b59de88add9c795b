"""Writes a regional-review document as national reviews wrote them in 2020-2021, in
English, French, Spanish or Arabic, as .docx (python-docx): numbered section headings,
'Objective 5: ...' headings, bulleted measures with bold words, a table of stakeholders, a
link, and a heading that matches nothing in the template ('Acknowledgements').

    make_review.py LANG OUT.docx          one review
    make_review.py long PAGES OUT.docx    a long review of about PAGES pages
"""
import sys

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.opc.constants import RELATIONSHIP_TYPE

TEXT = {
    "en": {
        "title": "Voluntary GCM review: regional review 2021",
        "intro": "Prepared for the regional review of the Global Compact for Migration.",
        "methodology": "1. Methodology of the review",
        "process": ("The review was coordinated by the ", "National Coordination Mechanism on Migration", ", with ", "every ministry concerned", "."),
        "government": "1.1 Government contributors",
        "ministries": [("Ministry of the Interior", ""), ("Ministry of Labour and ", "Social Protection"), ("National Bureau of Statistics", "")],
        "stakeholders": "1.2 Stakeholders consulted",
        "table": [["Stakeholder", "Category", "How consulted"], ["Migrant workers' association", "Civil society", "Workshop"], ["Chamber of Commerce", "Private sector", "Written submission"]],
        "policy": "2. Policy and enabling environment",
        "policy_text": ("The national migration policy of 2019 is published at ", "the ministry's website", "."),
        "coordination": "2.1 Coordination mechanisms",
        "coordination_text": "An inter-ministerial committee meets every quarter.",
        "progress": "3. Progress on GCM objectives",
        "progress_text": "This chapter reports on the objectives the Government prioritised.",
        "obj5": "Objective 5: Enhance availability and flexibility of pathways for regular migration",
        "obj5_text": "Labour mobility agreements were signed with three countries.",
        "obj5_measures": [("Seasonal work visas", " were introduced in 2020"), ("Family reunification", " procedures were shortened")],
        "challenges": "Challenges",
        "challenges_text": "Processing times remain long in rural areas.",
        "obj7": "Objective 7: Address and reduce vulnerabilities in migration",
        "measures": "Measures taken",
        "obj7_measures": "A referral mechanism for migrants in vulnerable situations was set up.",
        "practices": "Good practices",
        "obj7_practices": "Mobile legal clinics reach migrants in border towns.",
        "obj23": "Obj. 23 – International cooperation",
        "obj23_text": "The country joined two regional consultative processes.",
        "means": "4. Means of implementation",
        "means_text": "The review was financed from the national budget.",
        "partnerships": "4.1 Partnerships",
        "partnerships_text": "Partnerships with the UN country network on migration continued.",
        "next": "5. Next steps",
        "next_text": "A national GCM implementation plan will be adopted in 2022.",
        "thanks": "Acknowledgements",
        "thanks_text": "The Government thanks everyone who contributed.",
    },
    "fr": {
        "title": "Examen volontaire du PMM : examen régional 2021",
        "intro": "Établi pour l'examen régional du Pacte mondial pour les migrations.",
        "methodology": "1. Méthodologie de l'examen",
        "process": ("L'examen a été coordonné par le ", "Mécanisme national de coordination sur la migration", ", avec ", "tous les ministères concernés", "."),
        "government": "1.1 Contributions gouvernementales",
        "ministries": [("Ministère de l'Intérieur", ""), ("Ministère du Travail et de la ", "Protection sociale"), ("Institut national de la statistique", "")],
        "stakeholders": "1.2 Parties prenantes consultées",
        "table": [["Partie prenante", "Catégorie", "Mode de consultation"], ["Association de travailleurs migrants", "Société civile", "Atelier"], ["Chambre de commerce", "Secteur privé", "Contribution écrite"]],
        "policy": "2. Politiques et environnement favorable",
        "policy_text": ("La politique migratoire nationale de 2019 est publiée sur ", "le site du ministère", "."),
        "coordination": "2.1 Mécanismes de coordination",
        "coordination_text": "Un comité interministériel se réunit chaque trimestre.",
        "progress": "3. Progrès réalisés dans la mise en œuvre des objectifs du PMM",
        "progress_text": "Ce chapitre rend compte des objectifs que le Gouvernement a retenus.",
        "obj5": "Objectif 5 : Accroître la disponibilité et la flexibilité des filières de migration régulière",
        "obj5_text": "Des accords de mobilité de la main-d'œuvre ont été signés avec trois pays.",
        "obj5_measures": [("Des visas de travail saisonnier", " ont été créés en 2020"), ("Le regroupement familial", " a été simplifié")],
        "challenges": "Défis",
        "challenges_text": "Les délais de traitement restent longs en zone rurale.",
        "obj7": "Objectif 7 : S'attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire",
        "measures": "Mesures prises",
        "obj7_measures": "Un mécanisme d'orientation des migrants en situation de vulnérabilité a été mis en place.",
        "practices": "Bonnes pratiques",
        "obj7_practices": "Des cliniques juridiques mobiles se rendent dans les villes frontalières.",
        "obj23": "Obj. 23 – Coopération internationale",
        "obj23_text": "Le pays a rejoint deux processus consultatifs régionaux.",
        "means": "4. Moyens de mise en œuvre",
        "means_text": "L'examen a été financé par le budget national.",
        "partnerships": "4.1 Partenariats",
        "partnerships_text": "Les partenariats avec le réseau des Nations Unies sur les migrations se sont poursuivis.",
        "next": "5. Prochaines étapes",
        "next_text": "Un plan national de mise en œuvre du PMM sera adopté en 2022.",
        "thanks": "Remerciements",
        "thanks_text": "Le Gouvernement remercie toutes les personnes qui ont contribué.",
    },
    "es": {
        "title": "Examen voluntario del PMM: examen regional 2021",
        "intro": "Preparado para el examen regional del Pacto Mundial para la Migración.",
        "methodology": "1. Metodología del examen",
        "process": ("El examen fue coordinado por el ", "Mecanismo Nacional de Coordinación sobre Migración", ", con ", "todos los ministerios competentes", "."),
        "government": "1.1 Contribuciones gubernamentales",
        "ministries": [("Ministerio del Interior", ""), ("Ministerio de Trabajo y ", "Protección Social"), ("Instituto Nacional de Estadística", "")],
        "stakeholders": "1.2 Partes interesadas consultadas",
        "table": [["Parte interesada", "Categoría", "Forma de consulta"], ["Asociación de trabajadores migrantes", "Sociedad civil", "Taller"], ["Cámara de Comercio", "Sector privado", "Aporte escrito"]],
        "policy": "2. Políticas y entorno propicio",
        "policy_text": ("La política migratoria nacional de 2019 se publica en ", "el sitio del ministerio", "."),
        "coordination": "2.1 Mecanismos de coordinación",
        "coordination_text": "Un comité interministerial se reúne cada trimestre.",
        "progress": "3. Progresos en los objetivos del PMM",
        "progress_text": "Este capítulo informa sobre los objetivos que el Gobierno priorizó.",
        "obj5": "Objetivo 5: Aumentar la disponibilidad y flexibilidad de las vías de migración regular",
        "obj5_text": "Se firmaron acuerdos de movilidad laboral con tres países.",
        "obj5_measures": [("Visados de trabajo temporal", " creados en 2020"), ("La reunificación familiar", " se agilizó")],
        "challenges": "Desafíos",
        "challenges_text": "Los plazos de tramitación siguen siendo largos en zonas rurales.",
        "obj7": "Objetivo 7: Abordar y reducir las vulnerabilidades en la migración",
        "measures": "Medidas adoptadas",
        "obj7_measures": "Se creó un mecanismo de derivación para migrantes en situación de vulnerabilidad.",
        "practices": "Buenas prácticas",
        "obj7_practices": "Clínicas jurídicas móviles llegan a los migrantes en las ciudades fronterizas.",
        "obj23": "Obj. 23 – Cooperación internacional",
        "obj23_text": "El país se sumó a dos procesos consultivos regionales.",
        "means": "4. Medios de implementación",
        "means_text": "El examen se financió con el presupuesto nacional.",
        "partnerships": "4.1 Alianzas",
        "partnerships_text": "Continuaron las alianzas con la red de las Naciones Unidas sobre la migración.",
        "next": "5. Próximos pasos",
        "next_text": "En 2022 se adoptará un plan nacional de aplicación del PMM.",
        "thanks": "Agradecimientos",
        "thanks_text": "El Gobierno agradece a todas las personas que contribuyeron.",
    },
    "ar": {
        "title": "الاستعراض الطوعي للاتفاق العالمي: الاستعراض الإقليمي 2021",
        "intro": "أعد هذا التقرير للاستعراض الإقليمي للاتفاق العالمي من أجل الهجرة.",
        "methodology": "1. منهجية الاستعراض",
        "process": ("نسقت الاستعراض ", "الآلية الوطنية للتنسيق بشأن الهجرة", " مع ", "جميع الوزارات المعنية", "."),
        "government": "1.1 الجهات الحكومية المساهمة",
        "ministries": [("وزارة الداخلية", ""), ("وزارة العمل و", "الحماية الاجتماعية"), ("الجهاز الوطني للإحصاء", "")],
        "stakeholders": "1.2 أصحاب المصلحة الذين تمت استشارتهم",
        "table": [["الجهة", "الفئة", "طريقة الاستشارة"], ["جمعية العمال المهاجرين", "المجتمع المدني", "ورشة عمل"], ["غرفة التجارة", "القطاع الخاص", "مساهمة مكتوبة"]],
        "policy": "2. السياسات والبيئة التمكينية",
        "policy_text": ("نشرت السياسة الوطنية للهجرة لعام 2019 على ", "موقع الوزارة", "."),
        "coordination": "2.1 آليات التنسيق",
        "coordination_text": "تجتمع لجنة مشتركة بين الوزارات كل ثلاثة أشهر.",
        "progress": "3. التقدم المحرز في تحقيق أهداف الاتفاق العالمي",
        "progress_text": "يعرض هذا الفصل الأهداف التي أعطتها الحكومة الأولوية.",
        "obj5": "الهدف 5: تعزيز توافر مسارات الهجرة النظامية ومرونتها",
        "obj5_text": "وقعت اتفاقات لتنقل اليد العاملة مع ثلاثة بلدان.",
        "obj5_measures": [("تأشيرات العمل الموسمي", " استحدثت في عام 2020"), ("لم شمل الأسر", " أصبح أسرع")],
        "challenges": "التحديات",
        "challenges_text": "لا تزال مدة معالجة الطلبات طويلة في المناطق الريفية.",
        "obj7": "الهدف 7: معالجة أوجه الضعف في الهجرة والحد منها",
        "measures": "التدابير المتخذة",
        "obj7_measures": "أنشئت آلية لإحالة المهاجرين الذين يعيشون أوضاعا هشة.",
        "practices": "الممارسات الجيدة",
        "obj7_practices": "تصل العيادات القانونية المتنقلة إلى المهاجرين في المدن الحدودية.",
        "obj23": "الهدف 23 – التعاون الدولي",
        "obj23_text": "انضم البلد إلى عمليتين استشاريتين إقليميتين.",
        "means": "4. وسائل التنفيذ",
        "means_text": "مول الاستعراض من الميزانية الوطنية.",
        "partnerships": "4.1 الشراكات",
        "partnerships_text": "استمرت الشراكات مع شبكة الأمم المتحدة المعنية بالهجرة.",
        "next": "5. الخطوات التالية",
        "next_text": "ستعتمد خطة وطنية لتنفيذ الاتفاق العالمي في عام 2022.",
        "thanks": "شكر وتقدير",
        "thanks_text": "تشكر الحكومة كل من أسهم في هذا الاستعراض.",
    },
}


def rtl(paragraph, on):
    """Marks a paragraph and its runs right-to-left, as Word does for Arabic."""
    if not on:
        return paragraph
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        if run.bold:
            rpr.append(OxmlElement("w:bCs"))
        if run.italic:
            rpr.append(OxmlElement("w:iCs"))
        rpr.append(OxmlElement("w:rtl"))
    return paragraph


def link(paragraph, url, text):
    """A hyperlink run, as Word writes one: an external relationship and w:hyperlink."""
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def runs(paragraph, parts):
    """Alternating plain and bold parts."""
    for i, part in enumerate(parts):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1
    return paragraph


def review(lang, out):
    t = TEXT[lang]
    r = lang == "ar"
    doc = Document()
    h = lambda text, level: rtl(doc.add_heading(text, level), r)
    p = lambda text: rtl(doc.add_paragraph(text), r)
    h(t["title"], 0)
    p(t["intro"])
    h(t["methodology"], 1)
    rtl(runs(doc.add_paragraph(), t["process"]), r)
    h(t["government"], 2)
    for plain, bold in t["ministries"]:
        rtl(runs(doc.add_paragraph(style="List Bullet"), (plain, bold)), r)
    h(t["stakeholders"], 2)
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    if r:
        # An Arabic table reads from the right: its first column is the rightmost.
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    for row in t["table"]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
            rtl(cell.paragraphs[0], r)
    h(t["policy"], 1)
    para = doc.add_paragraph(t["policy_text"][0])
    link(para, "https://www.example.org/migration-policy", t["policy_text"][1])
    para.add_run(t["policy_text"][2])
    rtl(para, r)
    h(t["coordination"], 2)
    p(t["coordination_text"])
    h(t["progress"], 1)
    p(t["progress_text"])
    h(t["obj5"], 2)
    p(t["obj5_text"])
    for bold, plain in t["obj5_measures"]:
        rtl(runs(doc.add_paragraph(style="List Bullet"), ("", bold, plain)), r)
    h(t["challenges"], 3)
    p(t["challenges_text"])
    h(t["obj7"], 2)
    h(t["measures"], 3)
    p(t["obj7_measures"])
    h(t["practices"], 3)
    para = p("")
    para.add_run(t["obj7_practices"]).italic = True
    rtl(para, r)
    h(t["obj23"], 2)
    p(t["obj23_text"])
    h(t["means"], 1)
    p(t["means_text"])
    h(t["partnerships"], 2)
    p(t["partnerships_text"])
    h(t["next"], 1)
    p(t["next_text"])
    h(t["thanks"], 1)
    p(t["thanks_text"])
    doc.save(out)


def long_review(pages, out):
    """About `pages` pages: every objective, each with measures, challenges and long text."""
    t = TEXT["en"]
    doc = Document()
    doc.add_heading(t["methodology"], 1)
    doc.add_paragraph(t["process"][0] + t["process"][1] + ".")
    doc.add_heading("3. Progress on GCM objectives", 1)
    sentence = "Measures were taken and their results were measured in every region of the country. "
    per_objective = max(1, pages * 7 // 23)
    for n in range(1, 24):
        doc.add_heading(f"Objective {n}", 2)
        doc.add_heading("Measures taken", 3)
        for i in range(per_objective):
            para = doc.add_paragraph(sentence * 3)
            para.add_run(f"Result {i + 1}.").bold = True
        doc.add_heading("Challenges", 3)
        for i in range(per_objective // 2):
            doc.add_paragraph("Challenges " + sentence * 2, style="List Bullet")
    doc.save(out)


if __name__ == "__main__":
    if sys.argv[1] == "long":
        long_review(int(sys.argv[2]), sys.argv[3])
    else:
        review(sys.argv[1], sys.argv[2])
