"""Demo content of citizen meetings, loaded by `manage.py load_demo` for each commune
(MeetingsConfig.demo_seed): the meetings page under the home page, with its French and
Tamazight copies and a quick link on the home page (participation.core.seeding.place_page),
and meetings as its child pages, translated into French under the French page.

Commune A (عين الزيتون) held the public consultative meeting on its participation charter
(with minutes and attendance by gender) and plans a thematic workshop in person (30 places)
and an online youth council; commune B (أيت واسيف) plans a neighbourhood meeting. Dates
are set relative to the first load, so the planned meetings are upcoming in a fresh demo.

Everything is looked up before it is created (meetings by their slug under the page): a
second run creates nothing and changes nothing.
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from participation.core.seeding import place_page

PAGE_SLUG = "meetings"
PAGE = {
    "ar": {
        "title": "اللقاءات المواطنة",
        "search_description": "مواعيد اللقاءات التشاورية والورشات الموضوعاتية ولقاءات الأحياء ومجلس الشباب، والتسجيل فيها، ومحاضرها.",
        "intro": (
            "<p>تنظم الجماعة، تطبيقا للمادة 119 من القانون التنظيمي رقم 113.14، لقاءات حضورية ورقمية للحوار والتشاور مع "
            "المواطنات والمواطنين والجمعيات: لقاءات تشاورية عمومية، وورشات موضوعاتية، ولقاءات الأحياء، ومجلس الشباب، "
            "ودورات المجلس المفتوحة للعموم.</p>"
            "<p>التسجيل مجاني ولا يتطلب حسابا. تتوصلون بتأكيد عبر البريد الإلكتروني مع ملف يضيف اللقاء إلى رزنامتكم، "
            "وبتذكير في اليوم السابق. وبعد كل لقاء تنشر الجماعة محضره وعدد الحاضرين ونتائجه.</p>"
        ),
        "link_title": "اللقاءات المواطنة",
        "link_description": "سجلوا في اللقاءات التشاورية والورشات المقبلة",
    },
    "fr": {
        "title": "Rencontres citoyennes",
        "search_description": "Les rencontres de concertation, ateliers thématiques, réunions de quartier et conseil des jeunes : "
                              "dates, inscription et comptes rendus.",
        "intro": (
            "<p>En application de l'article 119 de la loi organique n° 113.14, la commune organise des rencontres en "
            "présentiel et en ligne pour dialoguer et se concerter avec les citoyennes, les citoyens et les associations : "
            "rencontres consultatives publiques, ateliers thématiques, réunions de quartier, conseil des jeunes et sessions "
            "du conseil ouvertes au public.</p>"
            "<p>L'inscription est gratuite et sans compte. Vous recevez une confirmation par e-mail avec un fichier à "
            "ajouter à votre agenda, et un rappel la veille. Après chaque rencontre, la commune publie le compte rendu, "
            "la participation et les suites données.</p>"
        ),
        "link_title": "Rencontres citoyennes",
        "link_description": "Inscrivez-vous aux prochaines rencontres et ateliers",
    },
}

#: (commune slug, page slug, days from the first load, start "HH:MM", minutes, fields, French texts)
MEETINGS = (
    ("ain-zitoune", "charter-public-consultation", -45, "17:00", 150, {
        "title": "اللقاء التشاوري العمومي حول ميثاق المشاركة المواطنة",
        "meeting_type": "consultative", "format": "in_person",
        "summary": "لقاء مفتوح لتقديم مشروع ميثاق المشاركة المواطنة ومناقشته مع المواطنات والمواطنين والجمعيات قبل عرضه على المجلس.",
        "neighbourhood": "وسط المدينة",
        "address": "قاعة الاجتماعات الكبرى بمقر الجماعة، شارع الحسن الثاني، عين الزيتون",
        "agenda": (
            "<ol><li>كلمة رئيس المجلس الجماعي</li>"
            "<li>تقديم مشروع الميثاق: القيم المشتركة، والأهداف، ومن يشارك وأين</li>"
            "<li>التزامات الجماعة والجمعيات والمواطنين</li>"
            "<li>نقاش مفتوح وتسجيل المقترحات</li>"
            "<li>الخطوات المقبلة: التشاور الرقمي ثم العرض على المجلس</li></ol>"
        ),
        "organisers": "مصلحة الشراكة والمشاركة المواطنة بالجماعة",
        "partner_associations": "هيئة المساواة وتكافؤ الفرص ومقاربة النوع\nجمعية الأمل للتنمية المحلية\nجمعية شباب عين الزيتون",
        "accessibility": "القاعة في الطابق الأرضي وولوجها ميسر للأشخاص في وضعية إعاقة. ترجمة إلى لغة الإشارة عند الطلب قبل يومين.",
        "capacity": 120,
        "minutes": (
            "<p>حضر اللقاء 86 شخصا من بينهم ممثلو 14 جمعية. قدمت مصلحة المشاركة المواطنة مشروع الميثاق، ثم فتح النقاش.</p>"
            "<h3>أبرز المقترحات</h3>"
            "<ul><li>إدراج مؤشرات لتتبع تنفيذ الميثاق تنشر كل سنة.</li>"
            "<li>إحداث خلية تتبع مشتركة تضم الجماعة وهيئة المساواة والجمعيات والمواطنين.</li>"
            "<li>عقد لقاءات في الأحياء البعيدة عن المركز وفي أوقات تناسب النساء العاملات والشباب.</li></ul>"
            "<p>تقرر عرض المشروع المعدل للتشاور الرقمي على الموقع قبل عرضه على المجلس.</p>"
        ),
        "attendance_total": 86, "attendance_women": 41, "attendance_men": 45, "attendance_youth": 27,
        "attendance_associations": 14,
    }, {
        "title": "Rencontre consultative publique sur la charte de participation citoyenne",
        "summary": "Une rencontre ouverte pour présenter le projet de charte de participation citoyenne et en débattre avec "
                   "les citoyens et les associations avant sa présentation au conseil.",
    }),
    ("ain-zitoune", "workshop-green-spaces", 12, "10:00", 180, {
        "title": "ورشة موضوعاتية: النظافة والمساحات الخضراء في الأحياء",
        "meeting_type": "workshop", "format": "in_person",
        "summary": "ورشة عمل لتحديد أولويات النظافة والمساحات الخضراء في الأحياء، تمهيدا لخطة عمل المشاركة المواطنة 2024–2025.",
        "neighbourhood": "حي النصر",
        "address": "دار الشباب حي النصر، زنقة الياسمين، عين الزيتون",
        "agenda": (
            "<ol><li>تشخيص مشترك: ما الذي ينقص الأحياء؟</li>"
            "<li>عمل في مجموعات صغيرة حسب الأحياء</li>"
            "<li>ترتيب الأولويات وتقديمها</li></ol>"
        ),
        "organisers": "مصلحة البيئة والمساحات الخضراء ومصلحة المشاركة المواطنة",
        "partner_associations": "جمعية الأمل للتنمية المحلية",
        "accessibility": "ولوج ميسر. فضاء لرعاية الأطفال خلال الورشة.",
        "capacity": 30,
    }, {
        "title": "Atelier thématique : propreté et espaces verts dans les quartiers",
        "summary": "Un atelier pour fixer les priorités de propreté et d'espaces verts des quartiers, en préparation du plan "
                   "d'action de participation citoyenne 2024–2025.",
    }),
    ("ain-zitoune", "youth-council-online", 20, "18:00", 90, {
        "title": "مجلس الشباب: لقاء رقمي حول برنامج عمل الجماعة",
        "meeting_type": "youth_council", "format": "online",
        "summary": "لقاء رقمي لمجلس الشباب لمناقشة مشاريع برنامج عمل الجماعة التي تهم الشباب والرياضة والثقافة.",
        "neighbourhood": "",
        "address": "",
        "online_link": "https://visio.example.ma/ain-zitoune/conseil-jeunes",
        "agenda": "<ol><li>تقديم مشاريع الشباب في برنامج عمل الجماعة</li><li>أسئلة وأجوبة</li><li>اقتراحات مجلس الشباب</li></ol>",
        "organisers": "مجلس الشباب ومصلحة الشؤون الثقافية والرياضية",
        "partner_associations": "جمعية شباب عين الزيتون",
        "accessibility": "يمكن المشاركة من الهاتف. ترجمة مكتوبة فورية للنقاش.",
        "capacity": None,
    }, {
        "title": "Conseil des jeunes : rencontre en ligne sur le programme d'action de la commune",
        "summary": "Une rencontre en ligne du conseil des jeunes sur les projets du programme d'action de la commune qui "
                   "concernent la jeunesse, le sport et la culture.",
    }),
    ("ait-ouassif", "douar-meeting-water", 9, "16:00", 120, {
        "title": "لقاء الحي: الماء الصالح للشرب في دوار أولاد علي",
        "meeting_type": "neighbourhood", "format": "in_person",
        "summary": "لقاء مع ساكنة دوار أولاد علي حول مشروع تعميم الربط بشبكة الماء الصالح للشرب.",
        "neighbourhood": "دوار أولاد علي",
        "address": "المدرسة الجماعاتية، دوار أولاد علي",
        "agenda": "<ol><li>تقديم المشروع ومراحله</li><li>أسئلة الساكنة</li></ol>",
        "organisers": "المصلحة التقنية بالجماعة",
        "partner_associations": "",
        "accessibility": "ولوج ميسر.",
        "capacity": 60,
    }, {
        "title": "Réunion de quartier : l'eau potable au douar Oulad Ali",
        "summary": "Une réunion avec les habitants du douar Oulad Ali sur le projet de raccordement au réseau d'eau potable.",
    }),
)


def seed(site, home) -> int:
    """Load the meetings page and the meetings of one demo commune; returns the number of objects created."""
    from participation.meetings.models import MeetingIndexPage

    index, created = place_page(MeetingIndexPage, home, PAGE_SLUG, PAGE, ("intro",))
    for commune, slug, days, start, minutes, fields, french in MEETINGS:
        if commune == home.slug:
            created += _meeting(index, slug, days, start, minutes, fields, french)
    return created


def _meeting(index, slug, days, start, minutes, fields, french) -> int:
    from participation.meetings.models import MeetingPage

    created = 0
    meeting = MeetingPage.objects.child_of(index).filter(slug=slug).first()
    if meeting is None:
        hour, minute = (int(n) for n in start.split(":"))
        day = timezone.localdate() + datetime.timedelta(days=days)
        begins = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))
        meeting = MeetingPage(slug=slug, locale=index.locale, start=begins, end=begins + datetime.timedelta(minutes=minutes),
                              search_description=fields["summary"][:160], **fields)
        index.add_child(instance=meeting)
        meeting.save_revision().publish()
        created += 1
    locale = Locale.objects.filter(language_code="fr").first()
    if locale is not None and index.get_translation_or_none(locale) is not None and meeting.get_translation_or_none(locale) is None:
        translation = meeting.copy_for_translation(locale, alias=False).specific
        translation.title = french["title"]
        translation.summary = french["summary"]
        translation.search_description = french["summary"][:160]
        translation.save()
        translation.save_revision().publish()
        created += 1
    return created
