"""Demo content of the action plans, loaded by `manage.py load_demo` for each commune
(ActionPlanConfig.demo_seed): plan pages under the home page, with their French and Tamazight
copies and a quick link on the home page (participation.core.seeding.place_page), then their axes
and actions.

Commune A (عين الزيتون) has its participation action plan 2024–2025, whose axes follow the workshop
of the seeds (digital participation; dialogue spaces such as the youth council and neighbourhood
committees; support to the equality commission; joint initiatives with associations; communication
and access to information; peer learning), and its action programme 2022–2027 (roads, lighting,
water, green spaces, school transport, the market) with budgets in MAD. Commune B (أيت واسيف) has a
small action programme.

Each action's history is replayed through services.update_action() when the action is created, so
the demo's public updates and log entries are the ones staff would have produced. Everything is
looked up before it is created (pages by slug, axes and actions by code): a second run creates
nothing and changes nothing.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from wagtail.models import Page

from participation.core.seeding import place_page

FIELDS = ("kind", "first_year", "last_year", "intro", "adoption")

PARTICIPATION_PAGE = {
    "ar": {
        "title": "خطة عمل المشاركة المواطنة 2024–2025",
        "search_description": "تتبع تنفيذ خطة عمل المشاركة المواطنة بالجماعة: المحاور والأنشطة ونسب الإنجاز والميزانية.",
        "kind": "participation", "first_year": 2024, "last_year": 2025,
        "intro": (
            "<p>أعدت الجماعة خطة عمل المشاركة المواطنة بشراكة مع جمعيات المجتمع المدني وهيئة المساواة وتكافؤ الفرص "
            "ومقاربة النوع، تفعيلا لآليات الديمقراطية التشاركية التي ينص عليها القانون التنظيمي رقم 113.14.</p>"
            "<p>تعرض هذه الصفحة تقدم كل نشاط: الحالة ونسبة الإنجاز والميزانية والمستجدات، ويمكن تحميل المعطيات "
            "كاملة في صيغة مفتوحة.</p>"
        ),
        "adoption": "صادق عليها المجلس الجماعي في دورته العادية لشهر فبراير 2024.",
        "link_title": "تتبع خطة عمل المشاركة المواطنة",
        "link_description": "أين وصل تنفيذ أنشطة المشاركة المواطنة؟",
    },
    "fr": {
        "title": "Plan d'action de la participation citoyenne 2024–2025",
        "search_description": "Le suivi du plan d'action de la participation citoyenne de la commune : axes, actions, "
                              "avancement et budget.",
        "kind": "participation", "first_year": 2024, "last_year": 2025,
        "intro": (
            "<p>La commune a préparé son plan d'action de la participation citoyenne avec les associations et l'instance "
            "de l'équité, de l'égalité des chances et de l'approche genre, en application des mécanismes de démocratie "
            "participative de la loi organique n° 113.14.</p>"
            "<p>Cette page montre l'avancement de chaque action : statut, pourcentage réalisé, budget et actualités ; "
            "toutes les données sont téléchargeables en format ouvert.</p>"
        ),
        "adoption": "Adopté par le conseil communal lors de sa session ordinaire de février 2024.",
        "link_title": "Suivi du plan de participation citoyenne",
        "link_description": "Où en sont les actions de participation citoyenne ?",
    },
}

PROGRAMME_PAGE = {
    "ar": {
        "title": "برنامج عمل الجماعة 2022–2027",
        "search_description": "تتبع مشاريع برنامج عمل الجماعة: الطرق والإنارة العمومية والماء والمساحات الخضراء والنقل "
                              "المدرسي والسوق الجماعي.",
        "kind": "programme", "first_year": 2022, "last_year": 2027,
        "intro": (
            "<p>برنامج عمل الجماعة هو الوثيقة المرجعية التي تحدد المشاريع التي تعتزم الجماعة إنجازها خلال ست سنوات، "
            "طبقا للمادة 78 من القانون التنظيمي رقم 113.14. أعد بطريقة تشاركية ويحين في منتصف الولاية.</p>"
            "<p>تعرض هذه الصفحة تقدم كل مشروع والاعتمادات المبرمجة والملتزم بها والمصروفة.</p>"
        ),
        "adoption": "صادق عليه المجلس الجماعي في دورته العادية لشهر أكتوبر 2022، وحين في أكتوبر 2025.",
        "link_title": "تتبع برنامج عمل الجماعة",
        "link_description": "المشاريع ونسب إنجازها والميزانية",
    },
    "fr": {
        "title": "Programme d'action de la commune 2022–2027",
        "search_description": "Le suivi des projets du programme d'action de la commune : voirie, éclairage public, eau, "
                              "espaces verts, transport scolaire et marché communal.",
        "kind": "programme", "first_year": 2022, "last_year": 2027,
        "intro": (
            "<p>Le programme d'action de la commune fixe les projets qu'elle réalisera en six ans (article 78 de la loi "
            "organique n° 113.14). Il a été préparé de manière participative et est mis à jour à mi-mandat.</p>"
            "<p>Cette page montre l'avancement de chaque projet et les crédits programmés, engagés et dépensés.</p>"
        ),
        "adoption": "Adopté par le conseil communal lors de sa session ordinaire d'octobre 2022, mis à jour en octobre 2025.",
        "link_title": "Suivi du programme d'action",
        "link_description": "Les projets, leur avancement et leur budget",
    },
}

PROGRAMME_PAGE_B = {
    "ar": {
        "title": "برنامج عمل الجماعة 2022–2027",
        "search_description": "تتبع مشاريع برنامج عمل جماعة أيت واسيف: الماء الصالح للشرب والمسالك القروية.",
        "kind": "programme", "first_year": 2022, "last_year": 2027,
        "intro": "<p>المشاريع ذات الأولوية التي صادق عليها المجلس الجماعي، ونسب إنجازها.</p>",
        "adoption": "صادق عليه المجلس الجماعي في دورته العادية لشهر أكتوبر 2022.",
        "link_title": "تتبع برنامج عمل الجماعة",
        "link_description": "المشاريع ونسب إنجازها",
    },
    "fr": {
        "title": "Programme d'action de la commune 2022–2027",
        "search_description": "Le suivi des projets du programme d'action de la commune d'Aït Ouassif : eau potable et pistes rurales.",
        "kind": "programme", "first_year": 2022, "last_year": 2027,
        "intro": "<p>Les projets prioritaires adoptés par le conseil communal, et leur avancement.</p>",
        "adoption": "Adopté par le conseil communal lors de sa session ordinaire d'octobre 2022.",
        "link_title": "Suivi du programme d'action",
        "link_description": "Les projets et leur avancement",
    },
}

D = datetime.date


def _a(code, title, description, service, start, end, planned="0", *, partners="", neighbourhood="", funding="",
       history=(), indicators=(), origins=()):
    return {
        "code": code, "title": title, "description": description, "service": service, "partners": partners,
        "neighbourhood": neighbourhood, "start_date": start, "end_date": end, "budget_planned": Decimal(planned),
        "funding_source": funding, "history": history, "indicators": indicators, "origins": origins,
    }


# history: (date, status, progress, committed, spent, public note)
PARTICIPATION_AXES = (
    ("A1", "تعزيز رقمنة المشاركة المواطنة", "تطوير الموقع الإلكتروني النموذجي بأدوات رقمية للمشاركة وتقوية قدرات الموظفين على استعمالها.", (
        _a("A1.1", "إطلاق فضاء الاقتراحات والملاحظات على الموقع الإلكتروني",
           "فضاء رقمي يمكن المواطنات والمواطنين من تقديم اقتراحاتهم وملاحظاتهم وتتبع معالجتها.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2024, 3, 1), D(2024, 9, 30), "60000",
           partners="المديرية العامة للجماعات الترابية", funding="ميزانية الجماعة",
           history=((D(2024, 4, 15), "in_progress", 40, "60000", "0", "انطلاق إعداد الفضاء الرقمي وتكوين فريق المعالجة."),
                    (D(2024, 9, 20), "completed", 100, None, "58500", "الفضاء متاح للعموم على الموقع الإلكتروني للجماعة.")),
           indicators=(("عدد الاقتراحات المتوصل بها", "اقتراح", "0", "300", ((2024, "100", "87"), (2025, "200", "214"))),)),
        _a("A1.2", "إطلاق منصة التشاور الرقمي حول مشاريع الجماعة",
           "نشر مشاريع الوثائق (الميثاق، البرامج) للتشاور العمومي عبر الموقع مع أسئلة وتعليقات.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2024, 6, 1), D(2025, 3, 31), "45000", funding="ميزانية الجماعة",
           history=((D(2024, 7, 1), "in_progress", 30, "45000", "0", ""),
                    (D(2025, 3, 25), "completed", 100, None, "44000", "نظم أول تشاور رقمي حول مشروع ميثاق المشاركة المواطنة."))),
        _a("A1.3", "تكوين الموظفين في تدبير محتوى الموقع وأدوات المشاركة",
           "دورات تكوينية لفائدة موظفي المصالح حول نشر المحتوى ومعالجة الاقتراحات والطلبات.",
           "مصلحة الموارد البشرية", D(2024, 9, 1), D(2025, 6, 30), "30000",
           history=((D(2025, 2, 10), "in_progress", 50, "30000", "15000", "استفاد 18 موظفا وموظفة من الدورة الأولى."),)),
    )),
    ("A2", "تعزيز فضاءات الحوار والتشاور", "دعم مجلس الشباب ولجان الأحياء واللقاءات التشاورية المحلية.", (
        _a("A2.1", "تنصيب مجلس الشباب وعقد لقاءاته الفصلية",
           "انتخاب أعضاء مجلس الشباب وتنظيم أربعة لقاءات في السنة حول قضايا الشباب.",
           "مصلحة الشؤون الثقافية والرياضية", D(2024, 2, 1), D(2025, 12, 31), "40000",
           partners="جمعية شباب عين الزيتون", funding="ميزانية الجماعة",
           history=((D(2024, 5, 10), "in_progress", 35, "20000", "12000", "تنصيب مجلس الشباب بحضور 25 عضوا وعضوة."),
                    (D(2025, 6, 15), "in_progress", 70, "40000", "26000", "عقد اللقاء الفصلي الرابع حول برنامج عمل الجماعة.")),
           origins=(("اللقاء الرقمي لمجلس الشباب", "youth-council-online"),)),
        _a("A2.2", "إحداث لجان الأحياء في خمسة أحياء",
           "لجان تضم ساكنة الحي وجمعياته لتتبع الخدمات الجماعية واقتراح الأولويات.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2024, 4, 1), D(2025, 10, 31), "25000",
           neighbourhood="حي النصر، حي الورود، وسط المدينة",
           history=((D(2024, 11, 5), "in_progress", 40, "10000", "6000", "إحداث لجنتي حي النصر وحي الورود."),
                    (D(2025, 9, 1), "delayed", 60, None, None, "تأجيل إحداث اللجان الثلاث المتبقية إلى ما بعد الدخول المدرسي.")),
           origins=(("ورشة النظافة والمساحات الخضراء في الأحياء", "workshop-green-spaces"),)),
        _a("A2.3", "تنظيم لقاءات تشاورية محلية متعددة الأطراف",
           "لقاءات بين الجماعة والجمعيات والمصالح الخارجية لصياغة خطة عمل المشاركة المواطنة وتتبعها.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2024, 1, 15), D(2024, 12, 31), "20000",
           history=((D(2024, 2, 20), "completed", 100, "20000", "18500", "نظمت ثلاثة لقاءات حضرها ممثلو 32 جمعية."),),
           origins=(("اللقاء التشاوري العمومي حول ميثاق المشاركة المواطنة", "charter-public-consultation"),)),
    )),
    ("A3", "دعم هيئة المساواة وتكافؤ الفرص ومقاربة النوع", "تمكين الهيئة من إبداء آرائها الاستشارية وتتبع المساواة في برامج الجماعة.", (
        _a("A3.1", "تكوين أعضاء الهيئة في منهجية صياغة الآراء الاستشارية",
           "ورشتان حول دليل المديرية العامة للجماعات الترابية لصياغة الآراء الاستشارية وتقديمها.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2024, 5, 1), D(2024, 11, 30), "15000",
           partners="هيئة المساواة وتكافؤ الفرص ومقاربة النوع",
           history=((D(2024, 10, 30), "completed", 100, "15000", "14200", "استفاد 14 عضوا وعضوة من الورشتين."),)),
        _a("A3.2", "إعداد تقرير سنوي عن مشاركة النساء في اللقاءات",
           "تجميع إحصاءات الحضور حسب النوع ونشرها وعرضها على المجلس.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2025, 1, 1), D(2025, 6, 30), "0",
           history=((D(2025, 3, 1), "in_progress", 40, None, None, ""),)),
    )),
    ("A4", "تعزيز المبادرات المشتركة بين الجماعة والجمعيات", "تمويل مشاريع البناء المشترك ومرافقة الجمعيات في صياغتها.", (
        _a("A4.1", "إطلاق طلب مشاريع البناء المشترك مع الجمعيات",
           "طلب مفتوح لتمويل مشاريع جمعوية تستجيب لأولويات الأحياء، مع لجنة انتقاء مختلطة.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2024, 9, 1), D(2025, 12, 31), "300000",
           partners="المبادرة الوطنية للتنمية البشرية", funding="ميزانية الجماعة والمبادرة الوطنية للتنمية البشرية",
           history=((D(2025, 1, 20), "in_progress", 30, "300000", "0", "توصلت الجماعة بـ 27 مشروعا من 19 جمعية."),
                    (D(2025, 7, 10), "in_progress", 60, None, "120000", "تمويل 8 مشاريع بعد قرار لجنة الانتقاء.")),
           indicators=(("عدد المشاريع الممولة", "مشروع", "0", "12", ((2025, "12", "8"),)),)),
        _a("A4.2", "لقاءات تحسيسية ومرافقة الجمعيات في صياغة المشاريع",
           "ورشات لمرافقة الجمعيات في إعداد ملفات المشاريع وميزانياتها.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2024, 10, 1), D(2025, 2, 28), "20000",
           history=((D(2025, 2, 25), "completed", 100, "20000", "19000", ""),)),
    )),
    ("A5", "التواصل والحق في الحصول على المعلومات", "استراتيجية للتواصل ونشر المعلومات بمبادرة من الجماعة.", (
        _a("A5.1", "إعداد استراتيجية وخطة التواصل للجماعة",
           "تشخيص قنوات التواصل الحالية وإعداد خطة تواصل سنوية.",
           "مصلحة التواصل", D(2024, 3, 1), D(2024, 12, 31), "35000",
           history=((D(2024, 6, 1), "in_progress", 50, "35000", "10000", ""),
                    (D(2025, 4, 1), "in_progress", 80, None, "28000", "المشروع في مرحلة المصادقة."))),
        _a("A5.2", "النشر الاستباقي للمعلومات طبقا للقانون 31.13",
           "نشر قرارات المجلس ومحاضر الدورات والميزانية على الموقع في آجال محددة.",
           "مصلحة التواصل", D(2024, 1, 1), D(2025, 12, 31), "0",
           history=((D(2024, 6, 30), "in_progress", 60, None, None, "نشر محاضر دورات 2023 و2024."),
                    (D(2025, 12, 20), "completed", 100, None, None, "جميع الوثائق المطلوبة منشورة في فضاء الوثائق."))),
    )),
    ("A6", "التعلم بالنظير وتثمين التجارب", "تبادل الممارسات الجيدة مع جماعات أخرى في مجال المشاركة المواطنة.", (
        _a("A6.1", "تنظيم منتدى جهوي لتبادل التجارب في المشاركة المواطنة",
           "منتدى يجمع جماعات الجهة والجمعيات لتقاسم التجارب الناجحة.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2025, 4, 1), D(2025, 11, 30), "80000",
           partners="مجلس الجهة، جماعات الجهة", funding="ميزانية الجماعة ومجلس الجهة",
           history=((D(2025, 5, 15), "in_progress", 20, "40000", "0", ""),)),
        _a("A6.2", "زيارات ميدانية لجماعات رائدة",
           "زيارتان لفريق الجماعة والجمعيات إلى جماعتين رائدتين في الميزانية التشاركية.",
           "مصلحة الشراكة والمشاركة المواطنة", D(2025, 3, 1), D(2025, 9, 30), "25000",
           history=((D(2025, 8, 1), "cancelled", None, None, None, "ألغيت الزيارات وعوضت بلقاءات عن بعد مع الجماعتين."),)),
    )),
)

PROGRAMME_AXES = (
    ("P1", "الطرق والتهيئة الحضرية", "تهيئة الطرق والأرصفة داخل الأحياء.", (
        _a("P1.1", "تهيئة طرق حي النصر", "تعبيد 4,2 كلم من الطرق وبناء الأرصفة وقنوات تصريف مياه الأمطار.",
           "المصلحة التقنية", D(2023, 3, 1), D(2025, 6, 30), "8500000", neighbourhood="حي النصر",
           partners="المجلس الإقليمي", funding="ميزانية الجماعة والمجلس الإقليمي",
           history=((D(2023, 6, 1), "in_progress", 20, "8200000", "1500000", "انطلاق الأشغال بعد الإعلان عن الصفقة."),
                    (D(2024, 9, 1), "in_progress", 75, None, "6100000", ""),
                    (D(2025, 5, 20), "completed", 100, None, "8050000", "تسلم الأشغال بصفة مؤقتة.")),
           indicators=(("الطرق المعبدة", "كلم", "0", "4.2", ((2023, "1", "0.8"), (2024, "3", "3.1"), (2025, "4.2", "4.2"))),)),
        _a("P1.2", "تهيئة المدخل الشمالي للمدينة", "توسيع الطريق وتهيئة مدارة وممرات للراجلين.",
           "المصلحة التقنية", D(2024, 1, 1), D(2026, 6, 30), "12000000", neighbourhood="المدخل الشمالي",
           funding="ميزانية الجماعة وصندوق التجهيز الجماعي",
           history=((D(2024, 10, 1), "in_progress", 15, "11500000", "900000", ""),
                    (D(2026, 2, 1), "delayed", 45, None, "5200000", "تأخر بسبب تحويل شبكات الماء والكهرباء."))),
    )),
    ("P2", "الإنارة العمومية", "تعميم الإنارة العمومية وترشيد استهلاك الطاقة.", (
        _a("P2.1", "تعويض المصابيح بمصابيح LED", "تعويض 2.400 مصباح بمصابيح موفرة للطاقة في جميع الأحياء.",
           "مصلحة الإنارة العمومية", D(2023, 1, 1), D(2026, 12, 31), "3600000",
           partners="الوكالة المغربية للنجاعة الطاقية", funding="ميزانية الجماعة",
           history=((D(2023, 5, 1), "in_progress", 25, "1800000", "800000", ""),
                    (D(2025, 3, 1), "in_progress", 65, "3600000", "2200000", "تعويض 1.560 مصباحا.")),
           indicators=(("المصابيح المعوضة", "مصباح", "0", "2400", ((2023, "600", "610"), (2024, "1200", "1180"), (2025, "1800", "1560"))),)),
        _a("P2.2", "إنارة حي الورود", "تمديد شبكة الإنارة العمومية إلى الأزقة غير المنارة.",
           "مصلحة الإنارة العمومية", D(2025, 1, 1), D(2025, 10, 31), "950000", neighbourhood="حي الورود",
           history=((D(2025, 4, 1), "in_progress", 30, "950000", "200000", ""),)),
    )),
    ("P3", "الماء والتطهير", "تحسين الولوج إلى الماء الصالح للشرب والتطهير السائل.", (
        _a("P3.1", "توسيع شبكة التطهير السائل بحي الأمل", "ربط 600 مسكن بشبكة التطهير السائل.",
           "المصلحة التقنية", D(2024, 2, 1), D(2026, 12, 31), "6400000", neighbourhood="حي الأمل",
           partners="المكتب الوطني للكهرباء والماء الصالح للشرب", funding="اتفاقية شراكة",
           history=((D(2024, 12, 1), "in_progress", 35, "6400000", "1900000", ""),)),
        _a("P3.2", "إحداث نافورات عمومية في الأحياء الهامشية", "تركيب ست نافورات في انتظار الربط الفردي.",
           "المصلحة التقنية", D(2023, 4, 1), D(2023, 12, 31), "420000",
           history=((D(2023, 12, 15), "completed", 100, "420000", "405000", ""),)),
    )),
    ("P4", "المساحات الخضراء والبيئة", "إحداث وتهيئة الحدائق وتحسين النظافة.", (
        _a("P4.1", "تهيئة حديقة حي النصر", "حديقة عمومية بمساحة 1,5 هكتار مع فضاء للألعاب وممرات ميسرة.",
           "مصلحة البيئة والمساحات الخضراء", D(2025, 1, 1), D(2026, 9, 30), "2800000", neighbourhood="حي النصر",
           funding="ميزانية الجماعة",
           history=((D(2025, 5, 1), "in_progress", 40, "2800000", "900000", "انطلاق الأشغال."),),
           origins=(("ورشة النظافة والمساحات الخضراء في الأحياء", "workshop-green-spaces"),)),
        _a("P4.2", "اقتناء حاويات النفايات", "اقتناء 300 حاوية وتوزيعها على الأحياء.",
           "مصلحة النظافة", D(2026, 1, 1), D(2026, 12, 31), "750000"),
    )),
    ("P5", "التعليم والنقل المدرسي", "محاربة الهدر المدرسي في الأحياء البعيدة.", (
        _a("P5.1", "اقتناء حافلتين للنقل المدرسي", "حافلتان لفائدة تلاميذ الدواوير التابعة للجماعة.",
           "مصلحة الشؤون الاجتماعية", D(2024, 6, 1), D(2024, 12, 31), "1100000",
           partners="المبادرة الوطنية للتنمية البشرية", funding="المبادرة الوطنية للتنمية البشرية",
           history=((D(2024, 11, 20), "completed", 100, "1100000", "1080000", "الحافلتان في الخدمة منذ الدخول المدرسي."),)),
        _a("P5.2", "تأهيل المدرسة الابتدائية ابن خلدون", "إصلاح الأقسام والمرافق الصحية والسور.",
           "المصلحة التقنية", D(2026, 3, 1), D(2027, 6, 30), "1600000", partners="المديرية الإقليمية للتربية الوطنية"),
    )),
    ("P6", "التنمية الاقتصادية", "تأهيل المرافق التجارية للجماعة.", (
        _a("P6.1", "بناء السوق الجماعي النموذجي", "سوق مغطى من 120 محلا لإدماج الباعة الجائلين.",
           "مصلحة الممتلكات والشؤون الاقتصادية", D(2023, 9, 1), D(2025, 12, 31), "9800000", neighbourhood="وسط المدينة",
           funding="ميزانية الجماعة والمبادرة الوطنية للتنمية البشرية",
           history=((D(2024, 3, 1), "in_progress", 30, "9500000", "2500000", ""),
                    (D(2025, 10, 1), "in_progress", 80, None, "7600000", "الأشغال الكبرى منتهية؛ تجهيز المحلات جار."))),
    )),
)

PROGRAMME_AXES_B = (
    ("B1", "الماء الصالح للشرب", "تعميم الربط بالماء الصالح للشرب في الدواوير.", (
        _a("B1.1", "ربط دوار أولاد علي بشبكة الماء الصالح للشرب", "ربط 140 مسكنا بالشبكة.",
           "المصلحة التقنية", D(2025, 1, 1), D(2026, 12, 31), "2100000", neighbourhood="دوار أولاد علي",
           partners="المكتب الوطني للكهرباء والماء الصالح للشرب", funding="اتفاقية شراكة",
           history=((D(2025, 9, 1), "in_progress", 25, "2100000", "400000", ""),),
           origins=(("لقاء الحي حول الماء الصالح للشرب", "douar-meeting-water"),)),
    )),
    ("B2", "المسالك القروية", "فك العزلة عن الدواوير.", (
        _a("B2.1", "تهيئة المسلك الرابط بين المركز ودوار تيزي", "تهيئة 7 كلم من المسلك.",
           "المصلحة التقنية", D(2023, 5, 1), D(2024, 12, 31), "3500000", funding="المجلس الإقليمي",
           history=((D(2024, 12, 10), "completed", 100, "3500000", "3420000", ""),)),
        _a("B2.2", "تهيئة مسلك دوار أكرض", "تهيئة 4 كلم من المسلك.",
           "المصلحة التقنية", D(2026, 4, 1), D(2027, 3, 31), "2000000"),
    )),
)

PLANS = {
    "ain-zitoune": (
        ("participation-action-plan", PARTICIPATION_PAGE, PARTICIPATION_AXES),
        ("action-programme", PROGRAMME_PAGE, PROGRAMME_AXES),
    ),
    "ait-ouassif": (("action-programme", PROGRAMME_PAGE_B, PROGRAMME_AXES_B),),
}


def seed(site, home) -> int:
    """Load the plans of one demo commune; returns the number of objects created."""
    from participation.action_plan.models import ActionPlanPage

    created = 0
    for slug, texts, axes in PLANS.get(home.slug, ()):
        plan, count = place_page(ActionPlanPage, home, slug, texts, FIELDS)
        created += count
        created += _axes(plan, site, home, axes)
    return created


def _axes(plan, site, home, axes) -> int:
    from participation.action_plan.models import Axis

    created = 0
    for order, (code, title, description, actions) in enumerate(axes, start=1):
        axis, was_created = Axis.objects.get_or_create(
            plan=plan, code=code, defaults={"site": site, "title": title, "description": description, "sort_order": order},
        )
        created += was_created
        for spec in actions:
            created += _action(plan, axis, site, home, spec)
    return created


def _action(plan, axis, site, home, spec) -> int:
    from participation.action_plan import services
    from participation.action_plan.models import Action, ActionIndicator, ActionLink, IndicatorValue

    if Action.objects.filter(plan=plan, code=spec["code"]).exists():
        return 0
    fields = {k: v for k, v in spec.items() if k not in ("history", "indicators", "origins")}
    action = Action.objects.create(plan=plan, axis=axis, site=site, **fields)
    for date, status, progress, committed, spent, text in spec["history"]:
        services.update_action(
            action, status=status, progress=progress, text=text, date=date,
            budget_committed=Decimal(committed) if committed is not None else None,
            budget_spent=Decimal(spent) if spent is not None else None,
        )
    for order, (name, unit, baseline, target, values) in enumerate(spec["indicators"]):
        indicator = ActionIndicator.objects.create(action=action, site=site, name=name, unit=unit, baseline=Decimal(baseline),
                                                   target=Decimal(target), sort_order=order)
        for year, year_target, actual in values:
            IndicatorValue.objects.create(indicator=indicator, year=year, target=Decimal(year_target), actual=Decimal(actual))
    for title, slug in spec["origins"]:
        page = Page.objects.filter(slug=slug, path__startswith=home.path, locale=home.locale).first()
        if page is not None:
            ActionLink.objects.create(action=action, title=title, linked_page=page)
    return 1
