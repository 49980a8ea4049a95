"""Demo content of the suggestions box, loaded by `manage.py load_demo` for each
commune (SuggestionsConfig.demo_seed): categories in Arabic with French copies,
the suggestions box page under the home page with its translations, a quick link
on the home page and, for the first demo commune, suggestions submitted and
handled through the service layer, so the public list is not empty.

Everything is looked up before it is created: a second run creates nothing and
changes nothing. Demo citizens are fictional (@example.ma addresses).
"""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Site

from participation.core.seeding import place_page

PAGE_SLUG = "suggestions"
PAGE = {
    "ar": {
        "title": "فضاء الاقتراحات والملاحظات",
        "search_description": "قدموا اقتراحاتكم وملاحظاتكم وبلغوا عن المشاكل التي تلاحظونها في الجماعة، وتابعوا أجوبة المصالح الجماعية.",
        "intro": (
            "<p>هذا الفضاء مفتوح لكل المواطنات والمواطنين دون حاجة إلى حساب: اقترحوا تحسينا، أبدوا ملاحظة على خدمة، "
            "أو بلغوا عن مشكل في الحي. تتوصلون فورا برقم مرجعي ورابط خاص لتتبع الجواب.</p>"
        ),
        "thanks": "<p>تقرأ مصالح الجماعة كل الرسائل. ننشر الرسائل ذات المصلحة العامة مع جوابها دون بياناتكم الشخصية.</p>",
        "link_title": "فضاء الاقتراحات والملاحظات",
        "link_description": "اقترحوا أو بلغوا عن مشكل وتابعوا الجواب",
    },
    "fr": {
        "title": "Suggestions et remarques",
        "search_description": "Proposez une amélioration, faites une remarque ou signalez un problème dans la commune, et suivez les réponses des services.",
        "intro": (
            "<p>Cet espace est ouvert à toutes et à tous, sans compte : proposez une amélioration, faites une remarque sur un "
            "service ou signalez un problème dans votre quartier. Vous recevez aussitôt une référence et un lien privé "
            "pour suivre la réponse.</p>"
        ),
        "thanks": "<p>Les services de la commune lisent tous les messages. Ceux d'intérêt général sont publiés avec leur réponse, sans vos données personnelles.</p>",
        "link_title": "Suggestions et remarques",
        "link_description": "Proposez, signalez un problème, suivez la réponse",
    },
}

#: key, Arabic name and description, French name and description
CATEGORIES = (
    ("cleanliness", "النظافة وجمع النفايات", "جمع النفايات، نظافة الأزقة والساحات، الحاويات",
     "Propreté et déchets", "Collecte des déchets, propreté des rues et des places, conteneurs"),
    ("lighting", "الإنارة العمومية", "أعمدة الإنارة المعطلة، الأحياء غير المضاءة",
     "Éclairage public", "Lampadaires en panne, quartiers mal éclairés"),
    ("roads", "الطرق والأرصفة", "الحفر، الأرصفة، علامات التشوير، ممرات الراجلين",
     "Voirie et trottoirs", "Nids-de-poule, trottoirs, signalisation, passages piétons"),
    ("green", "المساحات الخضراء", "الحدائق، الأشجار، فضاءات لعب الأطفال",
     "Espaces verts", "Jardins, arbres, aires de jeux"),
    ("water", "الماء والتطهير السائل", "تسربات الماء، قنوات الصرف الصحي، البالوعات",
     "Eau et assainissement", "Fuites d'eau, égouts, avaloirs"),
    ("transport", "النقل العمومي", "خطوط الحافلات، المحطات، النقل المدرسي",
     "Transport public", "Lignes de bus, arrêts, transport scolaire"),
    ("markets", "الأسواق", "السوق الأسبوعي، الأسواق الجماعية، تنظيم الباعة",
     "Marchés", "Souk hebdomadaire, marchés communaux, organisation des marchands"),
    ("sports", "المنشآت الرياضية والشبابية", "ملاعب القرب، دور الشباب، القاعات الرياضية",
     "Sport et jeunesse", "Terrains de proximité, maisons de jeunes, salles de sport"),
)

#: which categories each demo commune gets (by its home page's slug); others get them all
COMMUNE_CATEGORIES = {"ait-ouassif": ("cleanliness", "lighting", "roads", "water", "sports")}
DEMO_SUGGESTIONS_FOR = {"ain-zitoune"}

#: the commune's services that suggestions are forwarded to: (name, mailbox at the commune's domain)
DEPARTMENTS = (
    ("مصلحة الأشغال والتجهيز", "travaux"),
    ("مصلحة النظافة والمساحات الخضراء", "proprete"),
    ("مصلحة الشؤون الثقافية والرياضية", "sports"),
)

#: Fictional citizens' messages: (days ago, language, fields, steps). A step is
#: (action, days after submitting, changes).
SUGGESTIONS = (
    (42, "ar", {
        "kind": "report", "category": "cleanliness", "neighbourhood": "حي النصر",
        "title": "تراكم النفايات قرب السوق الأسبوعي",
        "text": "بعد كل سوق أسبوعي تبقى النفايات متراكمة قرب المدخل الشمالي لعدة أيام، وتنبعث منها روائح كريهة "
                "يتضرر منها السكان والتلاميذ المارون نحو المدرسة.",
        "name": "فاطمة الزهراء بناني", "email": "fatima.bennani@example.ma", "show_name": True,
    }, (("review", 2, {}), ("answer", 6, {"public_answer": "شكرا على تنبيهكم. تمت برمجة جولة إضافية لجمع النفايات مساء كل يوم سوق ابتداء من الأسبوع المقبل، ووضع حاويتين جديدتين قرب المدخل الشمالي."}))),
    (35, "ar", {
        "kind": "suggestion", "category": "green", "neighbourhood": "حي الزيتون",
        "title": "تهيئة فضاء لعب للأطفال في حديقة حي الزيتون",
        "text": "الحديقة الوحيدة في الحي لا تتوفر على ألعاب للأطفال ولا على كراسي. نقترح تهيئة فضاء لعب آمن "
                "وغرس أشجار للظل، ويمكن لجمعية الحي أن تساهم في الصيانة.",
        "name": "يوسف العلمي", "email": "youssef.alami@example.ma", "phone": "0612345678", "show_name": False,
    }, (("forward", 4, {"department": True}),)),
    (28, "ar", {
        "kind": "report", "category": "lighting", "neighbourhood": "شارع الحسن الثاني",
        "title": "أعمدة إنارة معطلة في شارع الحسن الثاني",
        "text": "خمسة أعمدة إنارة متتالية معطلة منذ أكثر من شهر بين المسجد والمستوصف، والشارع مظلم تماما ليلا "
                "مما يشكل خطرا على المارة.",
        "name": "خديجة الإدريسي", "email": "khadija.idrissi@example.ma", "show_name": True,
    }, (("answer", 3, {"public_answer": "تم إصلاح الأعمدة الخمسة يوم الخميس. نشكركم على التبليغ، ويمكنكم إخبارنا إن تكرر العطب."}),)),
    (20, "fr", {
        "kind": "suggestion", "category": "sports", "neighbourhood": "Hay Al Massira",
        "title": "Ouvrir le terrain de proximité le week-end",
        "text": "Le terrain de proximité d'Al Massira est fermé le samedi après-midi et le dimanche, alors que "
                "les jeunes du quartier n'ont pas d'autre lieu pour jouer. Une association pourrait gérer les créneaux.",
        "name": "Karim Tazi", "email": "karim.tazi@example.ma", "show_name": False,
    }, (("review", 1, {}), ("answer", 9, {"public_answer": "Le terrain sera ouvert le samedi de 14 h à 19 h et le dimanche de 9 h à 13 h à partir du mois prochain, avec l'association sportive du quartier."}))),
    (12, "ar", {
        "kind": "suggestion", "category": "transport", "neighbourhood": "دوار أولاد علي",
        "title": "خط نقل مدرسي نحو الثانوية التأهيلية",
        "text": "يقطع تلاميذ دوار أولاد علي أكثر من ستة كيلومترات مشيا للوصول إلى الثانوية. نقترح تخصيص حافلة "
                "للنقل المدرسي في الصباح والمساء.",
        "name": "عبد الله أوحمو", "email": "abdellah.ouhammou@example.ma", "show_name": False,
    }, (("review", 2, {}),)),
    (8, "ar", {
        "kind": "remark", "category": "markets", "neighbourhood": "",
        "title": "تنظيم أماكن الباعة في السوق الجماعي",
        "text": "يحتل بعض الباعة الممرات داخل السوق الجماعي فيصعب المرور على كبار السن والأشخاص في وضعية إعاقة. "
                "نرجو تحديد أماكن واضحة لكل بائع.",
        "name": "نزهة الشرقاوي", "email": "nezha.cherkaoui@example.ma", "show_name": False,
    }, ()),
    (15, "ar", {
        "kind": "report", "category": "roads", "neighbourhood": "حي الفتح",
        "title": "إشهار تجاري في الموقع",
        "text": "نعرض عليكم خدماتنا في الإشهار والتسويق الرقمي بأثمنة تنافسية، اتصلوا بنا.",
        "name": "شركة تجريبية", "email": "contact@example.ma", "show_name": False,
    }, (("reject", 1, {"rejection_reason": "هذه الرسالة إشهار تجاري ولا تتعلق بخدمات الجماعة."}),)),
)


def seed(site, home) -> int:
    """Load the suggestions box of one demo commune; returns the number of objects created."""
    from participation.suggestions.models import SuggestionBoxPage

    Site.clear_site_root_paths_cache()
    home = home.specific
    created = 0
    keys = COMMUNE_CATEGORIES.get(home.slug)
    categories, count = _categories(site, keys)
    created += count

    page, count = place_page(SuggestionBoxPage, home, PAGE_SLUG, PAGE, ("intro", "thanks"), link_first=True)
    created += count

    departments, count = _departments(site)
    created += count
    if home.slug in DEMO_SUGGESTIONS_FOR:
        created += _suggestions(site, page, categories, departments[0])
    return created


def _departments(site):
    """The commune's services (participation.core.models.Department), mailboxes at the commune's domain."""
    from participation.core.commune import commune_settings
    from participation.core.models import Department

    settings = commune_settings(site)
    domain = settings.email.partition("@")[2] if settings and settings.email else "example.ma"
    found, created = [], 0
    for name, mailbox in DEPARTMENTS:
        department, was_created = Department.objects.get_or_create(site=site, name=name, defaults={"email": f"{mailbox}@{domain}"})
        found.append(department)
        created += was_created
    return found, created


def _categories(site, keys=None):
    """The commune's categories in Arabic, each with its French copy; {key: Arabic category}."""
    from participation.suggestions.models import SuggestionCategory

    arabic = Locale.get_default()
    french = Locale.objects.filter(language_code="fr").first()
    found, created = {}, 0
    for key, name_ar, description_ar, name_fr, description_fr in CATEGORIES:
        if keys is not None and key not in keys:
            continue
        category = SuggestionCategory.objects.filter(site=site, locale=arabic, name=name_ar).first()
        if category is None:
            category = SuggestionCategory.objects.create(site=site, locale=arabic, name=name_ar, description=description_ar)
            created += 1
        if french is not None and category.get_translation_or_none(french) is None:
            copy = category.copy_for_translation(french)
            copy.name, copy.description = name_fr, description_fr
            copy.save()
            created += 1
        found[key] = category
    return found, created


def _suggestions(site, page, categories, department) -> int:
    """Fictional citizens' messages, submitted and handled through the service layer."""
    from participation.core.services import perform
    from participation.suggestions.models import Suggestion
    from participation.suggestions.services import submit_suggestion

    admin = get_user_model().objects.filter(username="admin", is_superuser=True).first()
    created = 0
    for days_ago, language, fields, steps in SUGGESTIONS:
        if fields["category"] not in categories or Suggestion.objects.filter(site=site, title=fields["title"]).exists():
            continue
        data = {**fields, "category": categories[fields["category"]]}
        locale = Locale.objects.filter(language_code=language).first()
        box = (page.get_translation_or_none(locale) if locale else None) or page  # the box the citizen wrote on
        suggestion = submit_suggestion(box.specific, data, language=language)
        created += 1
        submitted = timezone.now() - datetime.timedelta(days=days_ago, hours=3)
        _backdate(suggestion, "submit", submitted)
        if admin is None:
            continue
        for action, after, changes in steps:
            if changes.get("department"):
                changes = {"department": department}
            suggestion = perform(suggestion, action, admin, **changes)
            _backdate(suggestion, action, submitted + datetime.timedelta(days=after))
    return created


def _backdate(suggestion, action, when):
    """Give the demo record and its history entry realistic dates (figures need them)."""
    from participation.suggestions.models import Suggestion

    if action == "submit":
        Suggestion.objects.filter(pk=suggestion.pk).update(created_at=when)
    elif suggestion.first_answered_at and action == "answer":
        Suggestion.objects.filter(pk=suggestion.pk).update(first_answered_at=when)
    suggestion.history.filter(action=action).update(at=when)
