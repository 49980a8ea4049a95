"""Demo content of the charter, loaded by `manage.py load_demo` for each commune
(CharterConfig.demo_seed).

Commune A (عين الزيتون) has the full charter, written from the workshop's draft (shared seeds
000_…): its parts, the commitments of the commune, the associations and the citizens, its
adoption history (the draft, the public consultation held on the website — the demo's
charter consultation —, the council's approval with its deliberation), the joint monitoring
cell, indicators (entered by hand for 2024–2026, and computed from the other plugins),
associations that joined (several validated, one awaiting validation) and citizens (some
named with their consent). Commune B (أيت واسيف) has a shorter charter, one association and
one citizen. Both have a French translation of the page and a quick link on the home page.

Everything is looked up before it is created: a second run creates nothing.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page

from participation.core.references import next_reference
from participation.core.seeding import place_page

PAGE_SLUG = "charter"


def _part(kind, heading, body="", items=()):
    return {"type": "part", "value": {"kind": kind, "heading": heading, "body": body, "items": list(items)}}


def _commitments(party, heading, items, intro=""):
    return {"type": "commitments", "value": {"party": party, "heading": heading, "intro": intro, "items": list(items)}}


COMMITMENTS_AR = {
    "commune": [
        "توفير الوسائل اللازمة لتحقيق مشاركة فعالة للمواطنات والمواطنين والجمعيات.",
        "إشراك المجتمع المدني والمواطنات والمواطنين في إعداد البرامج والمشاريع التنموية المنجزة بتراب الجماعة وفي تتبعها وتنفيذها.",
        "الشفافية والتواصل، والمناصفة، واعتماد مقاربة النوع الاجتماعي.",
        "إحداث آليات للتشاور العمومي.",
        "احترام الحق في الحصول على المعلومات.",
        "إحالة ميثاق المشاركة المواطنة على المجلس الجماعي للتداول في شأنه والمصادقة عليه في أول دورة بعد تشكيل المجلس.",
    ],
    "associations": [
        "تحسيس المواطنات والمواطنين بأهمية المشاركة المواطنة.",
        "الانخراط في تنزيل مشاريع المجلس الجماعي وقراراته، وتتبعها تتبعا موضوعيا.",
        "احترام مبادئ الميثاق.",
        "تقاسم المعلومات مع باقي فعاليات المجتمع المدني.",
    ],
    "citizens": [
        "الانخراط الإيجابي والفعلي في جميع المبادرات والفضاءات التشاركية التي تحدثها الجماعة.",
        "احترام مبادئ الميثاق.",
        "احترام المقتضيات القانونية الجاري بها العمل.",
        "تغليب المصلحة العامة، وعدم التعصب للرأي أو للمصلحة الشخصية.",
        "التجرد من الخلفيات والانتماءات السياسية.",
        "مواكبة الجماعة في تنزيل الميثاق.",
    ],
}

BODY_AR = [
    _part("introduction", "تقديم",
          "<p>يعلن ميثاق المشاركة المواطنة، المفتوح للعموم، القيم والمبادئ التي يقوم عليها المسار التشاركي بالجماعة. "
          "وهو موجه إلى جميع المشاركين، ويشكل أداة تساعد على تفعيل آليات المشاركة.</p>"
          "<p>لا تحل القيم والمبادئ التي ينص عليها هذا الميثاق محل الأحكام التشريعية والتنظيمية الجاري بها العمل، "
          "بل تلتقي معها من أجل تحسين ثقافة المشاركة. والمشاركة المواطنة ليست بديلا عن الديمقراطية التمثيلية، "
          "بل هي مكملة لها.</p>"
          "<p>ثمرة مسار تشاركي جمع المنتخبات والمنتخبين وأطر الجماعة وهيئة المساواة والجمعيات والمواطنات والمواطنين، "
          "يمكن أن تعتمد هذا الميثاق كل منظمة وكل شخص يتقاسم قيمه ومبادئه ويلتزم بتنفيذها والنهوض بها.</p>"),
    _part("framework", "الإطار المرجعي", "", [
        "دستور المملكة، ولا سيما فصوله 12 و13 و15 و27 و139.",
        "القانون التنظيمي رقم 113.14 المتعلق بالجماعات، ولا سيما المواد من 119 إلى 125 (الآليات التشاركية للحوار "
        "والتشاور، وهيئة المساواة وتكافؤ الفرص ومقاربة النوع، والعرائض).",
        "المراسيم التطبيقية، ومنها المرسوم رقم 2.16.403 المتعلق بشكل العريضة والوثائق المرفقة بها.",
        "القانون رقم 31.13 المتعلق بالحق في الحصول على المعلومات.",
        "القانون رقم 09.08 المتعلق بحماية الأشخاص الذاتيين تجاه معالجة المعطيات ذات الطابع الشخصي.",
    ]),
    _part("values", "القيم التي نتقاسمها", "", [
        "الإنصاف", "الإشراك", "النجاعة والفعالية", "الشفافية", "المساءلة", "الشرعية", "الاستدامة",
    ]),
    _part("objectives", "أهداف الميثاق", "", [
        "وضع أساس أخلاقي وتنظيمي للمشاركة المواطنة على صعيد الجماعة.",
        "بناء علاقة ثقة بين جميع الفاعلين الترابيين: المواطنات والمواطنين والجمعيات من جهة، والمنتخبات والمنتخبين من "
        "جهة أخرى.",
        "نشر ثقافة الإنصات والنقاش في ظروف سليمة.",
        "تشجيع الالتزام الملموس والتتبع المسؤول للفعل العمومي من قبل المواطنات والمواطنين والجمعيات.",
        "تعبئة الذكاء الجماعي في خدمة التنمية الترابية المندمجة.",
    ]),
    _part("principles", "مبادئ المشاركة", "", [
        "تندرج المشاركة المواطنة في إطار احترام الدستور والقوانين الجاري بها العمل.",
        "تقتضي المشاركة حكامة جيدة ملتزمة ومواطنة، واحترام جميع الآراء، والانخراط وتحمل المسؤولية.",
        "تتطلب مشاركة المواطنات والمواطنين والجمعيات إطارا واضحا ومشتركا يشجع المبادرة، وعقلية بناءة.",
        "لا توجد منهجية واحدة للمشاركة: يستند التشاور، حسب السياق المحلي وتبادل الخبرات، إلى أدوات متنوعة ومتكاملة.",
        "يجعل التشاور الفعل العمومي أوضح، ويغني مضمون المشاريع، ويسهل تنفيذها وتملكها.",
        "الإدماج: توسيع المشاركة لتشمل أوسع الفئات، ولا سيما البعيدة عن المشاركة وعن صنع القرار العمومي.",
        "المساواة في الوصول إلى المعلومات وفي الحق في الكلام والإنصات قاعدة أساسية لكل مشاركة ناجحة.",
    ]),
    _part("nature", "طبيعة المشاركة وعلاقتها باتخاذ القرار", "", [
        "إخبار المواطنات والمواطنين والجمعيات بكافة المعطيات المتعلقة بالمشاريع والقرارات التي تتخذها الجماعة.",
        "استشارة المواطنات والمواطنين والجمعيات والتشاور معهم في مسلسل اتخاذ القرار العمومي المحلي.",
    ]),
    _part("subjects", "مواضيع المشاركة", "", [
        "الخدمات الجماعية ذات الأولوية، كالنظافة والمساحات الخضراء.",
        "الميزانية التشاركية.",
        "برنامج عمل الجماعة وتتبع تنفيذه.",
    ]),
    _part("who", "من يشارك؟", "", [
        "المواطنات والمواطنون.",
        "الجمعيات.",
        "هيئة المساواة وتكافؤ الفرص ومقاربة النوع.",
        "المصالح الخارجية والمؤسسات العمومية.",
        "الجماعة: منتخباتها ومنتخبوها وأطرها.",
    ]),
    _part("where", "أين تتم المشاركة؟", "", [
        "اللقاءات التواصلية والتشاورية، الحضورية والرقمية.",
        "دورات المجلس الجماعي المفتوحة للعموم.",
        "فضاءات المشاركة على الموقع الإلكتروني للجماعة: الاقتراحات والملاحظات، والتشاور الرقمي، والعرائض، "
        "والحصول على المعلومات.",
    ]),
    _part("initiative", "الميثاق يشجع على المبادرة",
          "<p>يتحمل المواطن والمواطنة المسؤولية من خلال الانخراط في اللقاءات التواصلية والتشاورية وإبداء الرأي. "
          "ومن حق المواطنات والمواطنين والجمعيات كذلك أن يبادروا بطلب تنظيم تشاور حول موضوع يهمهم.</p>"),
    _commitments("commune", "التزامات الجماعة", COMMITMENTS_AR["commune"]),
    _commitments("associations", "التزامات الجمعيات", COMMITMENTS_AR["associations"]),
    _commitments("citizens", "التزامات المواطنات والمواطنين", COMMITMENTS_AR["citizens"]),
    _part("communication", "التواصل حول الميثاق",
          "<p>تعرف الجماعة بالميثاق ومكوناته عبر جميع قنوات التواصل المتاحة: موقعها الإلكتروني، وصفحاتها على شبكات "
          "التواصل الاجتماعي، وصفحة هيئة المساواة وتكافؤ الفرص ومقاربة النوع، والجمعيات المنخرطة في الميثاق.</p>"),
    _part("use", "متى نستعمل الميثاق؟", "<p>عند تخطيط المشاريع الجماعية، وخلال تنفيذها، وعند تقييمها.</p>"),
    _part("monitoring", "تتبع الميثاق وتقييمه", "", [
        "اعتماد مؤشرات للتتبع والتقييم تنشر قيمها كل سنة على الموقع.",
        "إحداث خلية تتبع مشتركة تضم الجماعة وهيئة المساواة وتكافؤ الفرص ومقاربة النوع والجمعيات والمواطنات والمواطنين.",
        "تقييم استعمال الميثاق، ومراجعته عند الحاجة بمداولة للمجلس الجماعي.",
    ]),
]

BODY_FR = [
    _part("introduction", "Présentation",
          "<p>Ouverte à tous, la charte de la participation citoyenne énonce les valeurs et les principes sur lesquels "
          "repose la démarche participative de la commune. Elle s'adresse à tous les participants et aide à faire vivre "
          "les mécanismes de participation.</p>"
          "<p>Elle ne remplace pas les dispositions législatives et réglementaires en vigueur : elle les rejoint pour "
          "améliorer la culture de la participation. La participation citoyenne ne remplace pas la démocratie "
          "représentative : elle la complète.</p>"),
    _part("framework", "Cadre de référence", "", [
        "La Constitution, notamment ses articles 12, 13, 15, 27 et 139.",
        "La loi organique n° 113.14 relative aux communes, notamment ses articles 119 à 125.",
        "Les décrets d'application, dont le décret n° 2.16.403 relatif aux pétitions.",
        "La loi n° 31.13 relative au droit d'accès à l'information.",
        "La loi n° 09-08 relative à la protection des données à caractère personnel.",
    ]),
    _part("values", "Les valeurs que nous partageons", "", [
        "L'équité", "L'inclusion", "L'efficacité et l'efficience", "La transparence", "La redevabilité", "La légitimité",
        "La durabilité",
    ]),
    _part("objectives", "Objectifs de la charte", "", [
        "Donner une base éthique et organisationnelle à la participation citoyenne dans la commune.",
        "Bâtir la confiance entre tous les acteurs du territoire : citoyens et associations d'une part, élus d'autre part.",
        "Diffuser une culture de l'écoute et du débat serein.",
        "Mobiliser l'intelligence collective au service du développement territorial intégré.",
    ]),
    _part("nature", "Nature de la participation", "", [
        "Informer les citoyens et les associations des projets et des décisions de la commune.",
        "Consulter et se concerter avec les citoyens et les associations dans la prise de décision publique locale.",
    ]),
    _part("subjects", "Sujets de la participation", "", [
        "Les services communaux prioritaires, comme la propreté et les espaces verts.",
        "Le budget participatif.",
        "Le programme d'action de la commune et le suivi de sa mise en œuvre.",
    ]),
    _part("who", "Qui participe ?", "", [
        "Les citoyennes et les citoyens.", "Les associations.",
        "L'instance de l'équité, de l'égalité des chances et de l'approche genre.",
        "Les services déconcentrés et les établissements publics.", "La commune : ses élus et ses cadres.",
    ]),
    _part("where", "Où participer ?", "", [
        "Les rencontres d'information et de concertation, en présentiel et en ligne.",
        "Les sessions du conseil communal ouvertes au public.",
        "Les espaces de participation du site de la commune.",
    ]),
    _commitments("commune", "Engagements de la commune", [
        "Donner les moyens d'une participation effective des citoyens et des associations.",
        "Associer la société civile à la préparation, au suivi et à la mise en œuvre des programmes et projets.",
        "Transparence et communication, parité et approche genre.",
        "Créer des mécanismes de consultation publique.",
        "Respecter le droit d'accès à l'information.",
        "Soumettre la charte au conseil communal pour délibération et approbation.",
    ]),
    _commitments("associations", "Engagements des associations", [
        "Sensibiliser les citoyens à l'importance de la participation citoyenne.",
        "S'impliquer dans la mise en œuvre des projets et décisions du conseil et les suivre avec objectivité.",
        "Respecter les principes de la charte.",
        "Partager l'information avec les autres acteurs de la société civile.",
    ]),
    _commitments("citizens", "Engagements des citoyennes et des citoyens", [
        "Prendre part de manière positive et effective aux initiatives et espaces participatifs de la commune.",
        "Respecter les principes de la charte.",
        "Respecter les dispositions légales en vigueur.",
        "Faire passer l'intérêt général avant son opinion et son intérêt personnels.",
        "Laisser de côté les appartenances politiques.",
        "Accompagner la commune dans la mise en œuvre de la charte.",
    ]),
    _part("communication", "Communication sur la charte",
          "<p>La commune fait connaître la charte par tous ses canaux : son site, ses pages sur les réseaux sociaux, celle "
          "de l'instance de l'égalité et les associations adhérentes.</p>"),
    _part("monitoring", "Suivi et évaluation", "", [
        "Des indicateurs de suivi publiés chaque année sur le site.",
        "Une cellule de suivi conjointe : commune, instance de l'égalité, associations, citoyens.",
    ]),
]

TEXTS_A = {
    "ar": {
        "title": "ميثاق المشاركة المواطنة",
        "search_description": "ميثاق المشاركة المواطنة بالجماعة: القيم والمبادئ، والتزامات الجماعة والجمعيات والمواطنين، "
                              "والانخراط فيه، وسجل المنخرطين، ومؤشرات تتبعه.",
        "intro": "<p>صادق المجلس الجماعي على ميثاق المشاركة المواطنة بعد مسار تشاركي. يمكن للجمعيات وللمواطنات "
                 "والمواطنين الانخراط فيه عبر الموقع، وتتبع تنفيذه من خلال مؤشرات تنشرها خلية التتبع المشتركة.</p>",
        "body": BODY_AR,
        "link_title": "ميثاق المشاركة المواطنة",
        "link_description": "انخرطوا في الميثاق وتتبعوا مؤشراته",
    },
    "fr": {
        "title": "Charte de la participation citoyenne",
        "search_description": "La charte de la participation citoyenne de la commune : valeurs, engagements, adhésion en "
                              "ligne, registre des adhérents et indicateurs de suivi.",
        "intro": "<p>Le conseil communal a approuvé la charte de la participation citoyenne au terme d'une démarche "
                 "participative. Associations et citoyens peuvent y adhérer en ligne et suivre sa mise en œuvre grâce "
                 "aux indicateurs publiés par la cellule de suivi conjointe.</p>",
        "body": BODY_FR,
        "link_title": "Charte de la participation citoyenne",
        "link_description": "Adhérez à la charte et suivez ses indicateurs",
    },
}

TEXTS_B = {
    "ar": {
        "title": "ميثاق المشاركة المواطنة",
        "search_description": "ميثاق المشاركة المواطنة بجماعة أيت واسيف والانخراط فيه.",
        "intro": "<p>ميثاق يحدد قيم المشاركة المواطنة بالجماعة والتزامات كل طرف فيها.</p>",
        "body": [BODY_AR[0], BODY_AR[2], BODY_AR[3], BODY_AR[10], BODY_AR[11], BODY_AR[12], BODY_AR[15]],
        "link_title": "ميثاق المشاركة المواطنة",
        "link_description": "انخرطوا في ميثاق الجماعة",
    },
    "fr": {
        "title": "Charte de la participation citoyenne",
        "search_description": "La charte de la participation citoyenne d'Aït Ouassif et l'adhésion en ligne.",
        "intro": "<p>Une charte qui fixe les valeurs de la participation citoyenne dans la commune et les engagements de "
                 "chacun.</p>",
        "body": [BODY_FR[0], BODY_FR[2], BODY_FR[3], BODY_FR[7], BODY_FR[8], BODY_FR[9], BODY_FR[11]],
        "link_title": "Charte de la participation citoyenne",
        "link_description": "Adhérez à la charte de la commune",
    },
}

CELL_A = [
    ("خديجة المرابط", "النائبة الثالثة لرئيس المجلس، مكلفة بالمشاركة المواطنة", "commune"),
    ("يوسف بنعلي", "رئيس مصلحة الشراكة والمشاركة المواطنة", "commune"),
    ("فاطمة الزهراء العمراني", "رئيسة هيئة المساواة وتكافؤ الفرص ومقاربة النوع", "commission"),
    ("رشيد أوحمو", "ممثل جمعية الأمل للتنمية المحلية", "associations"),
    ("سناء الإدريسي", "ممثلة جمعية نساء عين الزيتون", "associations"),
    ("عبد الرحيم الصديقي", "مواطن منخرط في الميثاق", "citizens"),
]
CELL_B = [
    ("محمد أيت علي", "مكلف بالمشاركة المواطنة", "commune"),
    ("حليمة أوبلا", "عضوة هيئة المساواة وتكافؤ الفرص ومقاربة النوع", "commission"),
]

#: (name, receipt number, receipt date, seat, field, representative, e-mail, status, days since validated)
ASSOCIATIONS = {
    "ain-zitoune": [
        ("جمعية الأمل للتنمية المحلية", "AZ-2011-017", datetime.date(2011, 4, 12), "زنقة الياسمين، حي النصر، عين الزيتون",
         "development", "رشيد أوحمو", "amal.association@example.ma", "valid", 12),
        ("جمعية نساء عين الزيتون", "AZ-2015-044", datetime.date(2015, 3, 8), "دار الجمعيات، شارع الحسن الثاني",
         "women", "سناء الإدريسي", "nissaa.az@example.ma", "valid", 10),
        ("جمعية شباب عين الزيتون", "AZ-2018-102", datetime.date(2018, 9, 30), "دار الشباب حي النصر",
         "youth", "أيوب الحسني", "chabab.az@example.ma", "valid", 9),
        ("جمعية أصدقاء البيئة", "AZ-2020-011", datetime.date(2020, 6, 5), "المركب الثقافي، عين الزيتون",
         "environment", "نادية بلقاسم", "bia.az@example.ma", "valid", 5),
        ("جمعية التحدي للأشخاص في وضعية إعاقة", "AZ-2016-073", datetime.date(2016, 12, 3), "زنقة الأطلس، حي السلام",
         "disability", "عمر الفاسي", "tahaddi.az@example.ma", "pending", None),
    ],
    "ait-ouassif": [
        ("جمعية دوار أولاد علي للتنمية", "AO-2014-005", datetime.date(2014, 2, 20), "دوار أولاد علي، أيت واسيف",
         "development", "لحسن أيت باها", "ouladali@example.ma", "valid", 4),
    ],
}
#: (name, neighbourhood, e-mail, named in the register)
CITIZENS = {
    "ain-zitoune": [
        ("عبد الرحيم الصديقي", "حي النصر", "a.seddiki@example.ma", True),
        ("مريم التازي", "وسط المدينة", "m.tazi@example.ma", True),
        ("حسن البقالي", "حي السلام", "h.bakkali@example.ma", False),
        ("سعيدة المنصوري", "حي الورود", "s.mansouri@example.ma", False),
    ],
    "ait-ouassif": [("إبراهيم أوعلي", "دوار أولاد علي", "i.ouali@example.ma", False)],
}

#: (name, definition, unit, baseline, target, computed key, {year: (value, source)})
INDICATORS_A = [
    ("عدد اللقاءات التشاورية المنظمة", "اللقاءات التشاورية والورشات ولقاءات الأحياء التي نظمتها الجماعة خلال السنة.",
     "لقاء", Decimal(2), Decimal(12), "", {2024: (4, "سجل مصلحة المشاركة المواطنة"), 2025: (7, "سجل مصلحة المشاركة المواطنة"),
                                           2026: (9, "سجل مصلحة المشاركة المواطنة")}),
    ("نسبة الشباب بين الحاضرين في اللقاءات", "نسبة من تقل أعمارهم عن 35 سنة بين الحاضرين في اللقاءات المواطنة.",
     "%", Decimal(18), Decimal(35), "", {2024: (21, "محاضر اللقاءات"), 2025: (26, "محاضر اللقاءات"), 2026: (31, "محاضر اللقاءات")}),
    ("عدد الآراء الاستشارية لهيئة المساواة", "الآراء الاستشارية التي قدمتها هيئة المساواة وتكافؤ الفرص ومقاربة النوع للمجلس.",
     "رأي", Decimal(0), Decimal(4), "", {2024: (1, "مكتب الهيئة"), 2025: (2, "مكتب الهيئة"), 2026: (3, "مكتب الهيئة")}),
    ("المنخرطون في الميثاق", "عدد الجمعيات والمواطنين المنخرطين في الميثاق في نهاية السنة.", "", None, Decimal(60),
     "charter.adherents", {}),
    ("الاقتراحات المجاب عنها داخل 30 يوما", "نسبة الاقتراحات والملاحظات التي أجابت عنها الجماعة داخل 30 يوما.", "",
     None, Decimal(80), "suggestions.answered_within_30_days", {}),
    ("العرائض المتوصل بها", "العرائض المودعة لدى الجماعة خلال السنة.", "", None, None, "petitions.received", {}),
    ("طلبات المعلومات المجاب عنها داخل الأجل", "نسبة طلبات الحصول على المعلومات المجاب عنها داخل الأجل القانوني.", "",
     None, Decimal(100), "information.answered_in_time", {}),
    ("التشاورات الرقمية المنظمة", "عدد التشاورات الرقمية التي فتحتها الجماعة خلال السنة.", "", None, Decimal(4),
     "consultations.held", {}),
    ("نسبة النساء بين المشاركين في اللقاءات", "نسبة النساء بين الحاضرين في اللقاءات المواطنة.", "", Decimal(30),
     Decimal(50), "meetings.women_share", {}),
]
INDICATORS_B = [
    ("المنخرطون في الميثاق", "عدد الجمعيات والمواطنين المنخرطين في الميثاق في نهاية السنة.", "", None, Decimal(20),
     "charter.adherents", {}),
]


def seed(site, home) -> int:
    """Load the charter of one demo commune; returns the number of objects created."""
    full = home.slug == "ain-zitoune"
    texts = TEXTS_A if full else TEXTS_B
    page, created = _charter_page(home, texts["ar"], CELL_A if full else CELL_B, full)
    created += _translation(home, page, "fr", texts["fr"])
    created += place_page(type(page), home, PAGE_SLUG, texts, ("intro", "body"))[1]
    created += _indicators(site, INDICATORS_A if full else INDICATORS_B)
    created += _adherents(site, page, home.slug)
    return created


def _local(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _history(home, full: bool) -> list[dict]:
    """The adoption steps: dated from the demo's consultation on the draft when there is one."""
    # found as a plain page: the consultations plugin may be left out
    consultation = Page.objects.descendant_of(home).filter(slug="charter-consultation").first() if full else None
    consultation = consultation.specific if consultation else None
    today = timezone.localdate()
    opens = getattr(consultation, "opens_on", None) or today - datetime.timedelta(days=70)
    closes = getattr(consultation, "closes_on", None) or today - datetime.timedelta(days=40)
    approval = min(closes + datetime.timedelta(days=25), today)
    steps = [
        {"kind": "draft", "date": opens - datetime.timedelta(days=45),
         "description": "صياغة مسودة أولى خلال ورشة داخلية جمعت المنتخبين وأطر الجماعة وأعضاء هيئة المساواة، ثم التشاور "
                        "بشأنها مع منظمات المجتمع المدني."},
    ]
    if full:
        steps.append({"kind": "consultation", "date": opens, "linked_page": consultation,
                      "description": "عرض المسودة للتشاور العمومي على الموقع الإلكتروني، ولقاء تشاوري عمومي مفتوح."})
    steps.append({"kind": "approval", "date": approval, "deliberation_number": f"{'27' if full else '9'}/{approval.year}",
                  "description": "مصادقة المجلس الجماعي على الميثاق بالإجماع في دورته العادية، وفتح باب انخراط "
                                 "الجمعيات والمواطنات والمواطنين."})
    return steps


def _charter_page(home, text, cell, full):
    from participation.charter.models import AdoptionStep, CellMember, CharterPage

    page = CharterPage.objects.child_of(home).filter(slug=PAGE_SLUG).first()
    if page is not None:
        return page, 0
    page = CharterPage(title=text["title"], slug=PAGE_SLUG, locale=home.locale, show_in_menus=True,
                       search_description=text["search_description"], intro=text["intro"], body=text["body"])
    for order, step in enumerate(_history(home, full)):
        page.adoption_steps.add(AdoptionStep(sort_order=order, **step))
    for order, (name, role, body) in enumerate(cell):
        page.cell_members.add(CellMember(sort_order=order, name=name, role=role, body=body))
    home.add_child(instance=page)
    page.save_revision().publish()
    return CharterPage.objects.get(pk=page.pk), 1


FR_STEPS = {
    "draft": "Un premier projet rédigé lors d'un atelier interne (élus, cadres de la commune, instance de l'égalité), puis "
             "discuté avec les associations.",
    "consultation": "Le projet soumis à la consultation publique sur le site et lors d'une rencontre ouverte.",
    "approval": "Le conseil communal approuve la charte à l'unanimité en session ordinaire et ouvre l'adhésion.",
}


def _translation(home, page, code, text) -> int:
    """The French page: its texts, and the adoption history in French (the cell's names stay)."""
    from participation.charter.models import AdoptionStep, CharterPage

    locale = Locale.objects.filter(language_code=code).first()
    if locale is None or home.get_translation_or_none(locale) is None or page.get_translation_or_none(locale) is not None:
        return 0
    translation = page.copy_for_translation(locale, alias=False).specific
    for step in AdoptionStep.objects.filter(page=translation):
        step.description = FR_STEPS.get(step.kind, step.description)
        step.save(update_fields=["description"])
    translation = CharterPage.objects.get(pk=translation.pk)
    translation.title = text["title"]
    translation.search_description = text["search_description"]
    translation.intro = text["intro"]
    translation.body = text["body"]
    translation.save()
    translation.save_revision().publish()
    return 1


def _indicators(site, specs) -> int:
    from participation.charter.models import Indicator, IndicatorValue
    from participation.core.indicators import computed_indicators

    available = computed_indicators()
    created = 0
    for order, (name, definition, unit, baseline, target, computed, values) in enumerate(specs):
        if computed and computed not in available:
            continue  # the plugin computing it is not installed
        indicator, made = Indicator.objects.get_or_create(site=site, name=name, defaults={
            "definition": definition, "unit": unit, "baseline": baseline, "target": target, "computed": computed,
            "sort_order": order,
        })
        created += int(made)
        for year, (value, source) in values.items():
            created += int(IndicatorValue.objects.get_or_create(
                indicator=indicator, period=year, defaults={"value": Decimal(value), "source": source})[1])
    return created


def _adherents(site, page, commune) -> int:
    from participation.charter.models import Adhesion
    from participation.charter.workflow import AdhesionStatus

    created = 0
    now = timezone.now()
    for name, number, date, seat, field, person, email, status, days in ASSOCIATIONS.get(commune, []):
        if Adhesion.objects.filter(site=site, email=email).exists():
            continue
        validated = now - datetime.timedelta(days=days) if days is not None else None
        _store(site, page, validated, kind="association", association_name=name, registration_number=number,
               registration_date=date, seat=seat, activity=field, name=person, email=email, status=status)
        created += 1
    for name, neighbourhood, email, named in CITIZENS.get(commune, []):
        if Adhesion.objects.filter(site=site, email=email).exists():
            continue
        _store(site, page, now - datetime.timedelta(days=3), kind="citizen", name=name, neighbourhood=neighbourhood,
               email=email, show_name=named, status=AdhesionStatus.VALID)
        created += 1
    return created


def _store(site, page, validated, *, status, **fields):
    """A demo adhesion with its history, as if it had gone through the steps (no e-mail is sent)."""
    from participation.charter.models import Adhesion

    party = page.party_of(fields["kind"])
    created_at = (validated or timezone.now()) - datetime.timedelta(days=2)
    adhesion = Adhesion(site=site, charter=page, page=page, status=status, is_public=status == "valid",
                        reference=next_reference(site, Adhesion.reference_prefix),
                        commitments="\n".join(page.commitments_of(party)), commitments_accepted_at=created_at,
                        email_verified_at=created_at + datetime.timedelta(hours=1), validated_at=validated, **fields)
    adhesion.full_clean()
    adhesion.save()
    Adhesion.objects.filter(pk=adhesion.pk).update(created_at=created_at)
    adhesion.history.create(from_status="", to_status="unverified", action="submit")
    if fields["kind"] == "association":
        adhesion.history.create(from_status="unverified", to_status="pending", action="verify_association")
        if status == "valid":
            adhesion.history.create(from_status="pending", to_status="valid", action="validate")
    else:
        adhesion.history.create(from_status="unverified", to_status="valid", action="verify_citizen")
    return adhesion
