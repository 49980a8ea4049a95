"""Demo content: the consultations page of each demo commune (Arabic, French, Tamazight
placed by participation.core.seeding.place_page) and, in the communes of DEMO_FOR, the
public consultation on the participation charter — closed, with about forty answers given
through the service functions, a few moderated comments and a short final report — and an
open consultation on the participation action plan 2024–2025. Idempotent."""
import copy
import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from participation.core.seeding import place_page

PAGE_SLUG = "consultations"
DEMO_FOR = {"ain-zitoune", "ait-ouassif"}
PAGE = {
    "ar": {
        "title": "التشاور العمومي",
        "search_description": "اطلعوا على مشاريع الجماعة المعروضة للتشاور، وأجيبوا عن الأسئلة، وعلقوا على كل جزء منها، ثم اطلعوا على النتائج.",
        "link_title": "التشاور العمومي",
        "link_description": "أبدوا رأيكم في مشاريع الجماعة قبل اعتمادها.",
        "intro": (
            "<p>تعرض الجماعة مشاريع وثائقها على المواطنات والمواطنين والجمعيات قبل عرضها على المجلس، تطبيقا "
            "للمادة 119 من القانون التنظيمي 113.14 المتعلق بالجماعات. اقرؤوا المشروع، وأجيبوا عن الأسئلة، "
            "وعلقوا على كل جزء منه ما دام التشاور مفتوحا، ثم اطلعوا على ما سمعناه وما تغير.</p>"
        ),
    },
    "fr": {
        "title": "Consultations publiques",
        "search_description": "Lisez les projets de la commune soumis à consultation, répondez aux questions, "
                              "commentez chaque partie, puis consultez les résultats.",
        "link_title": "Consultations publiques",
        "link_description": "Donnez votre avis sur les projets de la commune avant leur adoption.",
        "intro": (
            "<p>La commune soumet ses projets aux citoyennes, aux citoyens et aux associations avant de les présenter "
            "au conseil (article 119 de la loi organique 113.14 relative aux communes). Lisez le projet, répondez aux "
            "questions et commentez chacune de ses parties tant que la consultation est ouverte, puis découvrez ce que "
            "nous avons entendu et ce qui a changé. Les consultations se tiennent en arabe.</p>"
        ),
    },
}


def _section(heading, *paragraphs):
    return {"type": "section", "value": {"heading": heading, "body": "".join(f"<p>{p}</p>" for p in paragraphs)}}


CHARTER = {
    "slug": "charter-consultation",
    "title": "التشاور العمومي حول مسودة ميثاق المشاركة المواطنة",
    "summary": (
        "أعدت الجماعة مسودة أولى لميثاق المشاركة المواطنة بعد التشاور مع الجمعيات، وعرضتها على العموم عبر الموقع "
        "قبل تقديمها للمجلس في دورة فبراير. يحدد الميثاق القيم والمبادئ التي يقوم عليها المسار التشاركي، والتزامات "
        "كل طرف فيه."
    ),
    "draft": [
        _section(
            "التقديم والإطار المرجعي",
            "يعلن ميثاق المشاركة المواطنة عن القيم والمبادئ التي يقوم عليها المسار التشاركي للجماعة، وهو موجه لكل "
            "المشاركات والمشاركين ليساعدهم على تفعيل آليات المشاركة.",
            "يستند الميثاق إلى الدستور والقانون التنظيمي 113.14 المتعلق بالجماعات ونصوصه التطبيقية، ولا تحل قيمه "
            "ومبادئه محل الأحكام التشريعية والتنظيمية الجاري بها العمل، بل تكملها لتحسين ثقافة المشاركة.",
        ),
        _section(
            "القيم المشتركة",
            "الإنصاف، والإشراك، والنجاعة والفعالية، والشفافية، والمساءلة، والشرعية، والاستدامة.",
        ),
        _section(
            "أهداف الميثاق",
            "وضع أساس أخلاقي وتنظيمي للمشاركة المواطنة على مستوى الجماعة، وبناء علاقة ثقة بين جميع الفاعلين "
            "الترابيين، وتيسير مشاركة الجميع، ولا سيما الفئات البعيدة عن الشأن المحلي.",
        ),
        _section(
            "طبيعة المشاركة ومواضيعها",
            "تشمل المشاركة إخبار المواطنات والمواطنين والجمعيات بالمعطيات المتعلقة بمشاريع الجماعة وقراراتها، "
            "واستشارتهم والتشاور معهم في مسلسل اتخاذ القرار المحلي.",
            "ومن مواضيعها ذات الأولوية: الخدمات الجماعية كالنظافة والمساحات الخضراء، وبرنامج عمل الجماعة، "
            "والميزانية التشاركية.",
        ),
        _section(
            "المبادئ والالتزامات",
            "تلتزم الجماعة بالإخبار المسبق، وبنشر نتائج كل تشاور وما تغير بفضله. وتلتزم الجمعيات والمواطنات "
            "والمواطنون بالمشاركة المسؤولة، واحترام جميع الآراء، والمساهمة في تتبع الالتزامات.",
        ),
        _section(
            "تتبع الميثاق وتقييمه",
            "يتولى فريق مشترك من المنتخبين والموظفين وممثلي الجمعيات تتبع تفعيل الميثاق، ويقدم تقييما سنويا "
            "لاستعماله يعرض على المجلس وينشر على الموقع.",
        ),
    ],
    "questions": [
        ("single", "هل تجدون مسودة الميثاق واضحة ومفهومة؟", "", True,
         ["واضحة جدا", "واضحة إلى حد ما", "غير واضحة"]),
        ("multiple", "ما آليات المشاركة التي تفضلون استعمالها؟", "يمكنكم اختيار أكثر من جواب.", True,
         ["اللقاءات التشاورية في الأحياء", "التشاور الرقمي عبر الموقع", "العرائض", "الميزانية التشاركية",
          "هيئة المساواة وتكافؤ الفرص ومقاربة النوع"]),
        ("rating", "ما مدى أهمية هذا الميثاق بالنسبة إليكم؟", "من 1 (ضعيفة) إلى 5 (كبيرة جدا).", True, []),
        ("long_text", "ما الذي تقترحون إضافته إلى المسودة أو تعديله فيها؟", "", False, []),
    ],
    "report_heard": (
        "<p>أجاب عن أسئلة التشاور أكثر من أربعين مشاركا ومشاركة، ووردت تعليقات على أجزاء المسودة. وجد أغلب "
        "المشاركين المسودة واضحة، وطالب عدد منهم بتبسيط لغتها وبمزيد من اللقاءات في الأحياء.</p>"
    ),
    "report_changed": (
        "<ul><li>أضيف التزام بنشر نتائج كل تشاور داخل أجل شهر من اختتامه.</li>"
        "<li>أضيفت اللقاءات التشاورية في الأحياء إلى آليات المشاركة، مرتين في السنة على الأقل.</li>"
        "<li>بسطت صياغة جزء «طبيعة المشاركة ومواضيعها».</li></ul>"
    ),
    "texts": [
        "أقترح تبسيط لغة الميثاق ونشر نسخة مختصرة منه.",
        "يجب تنظيم لقاءات في الأحياء البعيدة عن مقر الجماعة.",
        "أرجو إشراك الشباب في فريق تتبع الميثاق.",
        "من الضروري نشر نتائج التشاور في أجل محدد.",
        "أقترح ترجمة الميثاق إلى الأمازيغية.",
    ],
    "comments": [
        (3, "أقترح إضافة الرياضة والثقافة إلى مواضيع المشاركة ذات الأولوية."),
        (5, "من المهم أن يضم فريق التتبع ممثلين عن الشباب والنساء."),
    ],
}

ACTION_PLAN = {
    "slug": "action-plan-consultation",
    "title": "التشاور حول خطة عمل المشاركة المواطنة 2024–2025",
    "summary": (
        "تعرض الجماعة مشروع خطة عمل المشاركة المواطنة للفترة 2024–2025: الأنشطة التي ستنفذها لإخبار المواطنات "
        "والمواطنين وإشراكهم، وجدولتها، والجهات المكلفة بها. شاركونا آراءكم وأولوياتكم قبل اعتمادها."
    ),
    "draft": [
        _section(
            "المحور الأول: الإخبار والتواصل",
            "نشر برنامج عمل الجماعة وميزانيتها بلغة مبسطة، وتحيين الموقع الإلكتروني بانتظام، وتنظيم أيام الأبواب "
            "المفتوحة.",
        ),
        _section(
            "المحور الثاني: آليات التشاور",
            "تنظيم لقاءين تشاوريين في السنة في كل حي، وفتح التشاور الرقمي حول كل مشروع وثيقة مهمة قبل عرضها على المجلس.",
        ),
        _section(
            "المحور الثالث: تقوية قدرات الفاعلين",
            "تكوين الجمعيات في منهجية صياغة العرائض والآراء الاستشارية، ومواكبة هيئة المساواة وتكافؤ الفرص ومقاربة النوع.",
        ),
    ],
    "questions": [
        ("single", "أي محور ترونه الأكثر أولوية؟", "", True,
         ["الإخبار والتواصل", "آليات التشاور", "تقوية قدرات الفاعلين"]),
        ("multiple", "ما الأنشطة التي ترغبون في المشاركة فيها؟", "يمكنكم اختيار أكثر من جواب.", False,
         ["اللقاءات التشاورية في الأحياء", "الأيام الدراسية", "التكوينات لفائدة الجمعيات", "التشاور الرقمي"]),
        ("rating", "كيف تقيمون مشروع الخطة إجمالا؟", "من 1 (ضعيف) إلى 5 (ممتاز).", True, []),
        ("short_text", "نشاط تقترحون إضافته", "", False, []),
    ],
}


#: the French text of the action-plan consultation (its translation shows the draft in French;
#: answers and comments go to the Arabic original)
ACTION_PLAN_FR = {
    "title": "Consultation sur le plan d'action de la participation citoyenne 2024–2025",
    "summary": (
        "La commune soumet son projet de plan d'action de la participation citoyenne pour 2024–2025 : les activités "
        "prévues pour informer et associer les citoyennes et les citoyens, leur calendrier et les services qui en "
        "sont chargés. Donnez-nous votre avis et vos priorités avant son adoption."
    ),
    "draft": [
        ("Axe 1 : information et communication",
         "Publier le programme d'action et le budget de la commune en langage simple, mettre à jour régulièrement "
         "le site et organiser des journées portes ouvertes."),
        ("Axe 2 : mécanismes de concertation",
         "Tenir deux rencontres de concertation par an dans chaque quartier et ouvrir une consultation en ligne sur "
         "chaque projet de document important avant son examen par le conseil."),
        ("Axe 3 : renforcement des capacités des acteurs",
         "Former les associations à la rédaction des pétitions et des avis consultatifs, et accompagner l'instance "
         "de l'équité, de l'égalité des chances et de l'approche genre."),
    ],
}


def seed(site, home) -> int:
    """Load the consultations page and, for the demo communes, two consultations; returns objects created."""
    from participation.consultations.models import ConsultationIndexPage

    index, created = place_page(ConsultationIndexPage, home, PAGE_SLUG, PAGE, ("intro",))
    if home.slug in DEMO_FOR:
        today = timezone.localdate()
        created += _charter(site, index, today)
        page, count = _consultation(index, ACTION_PLAN, today - datetime.timedelta(days=7), today + datetime.timedelta(days=30))
        created += count + _translate(page, "fr", ACTION_PLAN_FR)
    return created


def _translate(page, language: str, text: dict) -> int:
    """The page's translation with `text` (the draft's sections keep their ids, which comments refer to)."""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or page.get_parent().get_translation_or_none(locale) is None or page.get_translation_or_none(locale):
        return 0
    translation = page.copy_for_translation(locale, alias=False).specific
    translation.title, translation.summary = text["title"], text["summary"]
    translation.search_description = text["summary"][:160]
    raw = list(translation.draft.raw_data)
    for block, (heading, body) in zip(raw, text["draft"], strict=True):
        block["value"] = {"heading": heading, "body": f"<p>{body}</p>"}
    translation.draft = raw
    translation.save()
    translation.save_revision().publish()
    return 1


def _consultation(index, spec, opens_on, closes_on, **fields):
    """(the page, 1 if created else 0)."""
    from participation.consultations.models import ConsultationPage, Question

    page = ConsultationPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is not None:
        return page.specific, 0
    page = ConsultationPage(
        title=spec["title"], slug=spec["slug"], summary=spec["summary"], opens_on=opens_on, closes_on=closes_on,
        draft=copy.deepcopy(spec["draft"]), **fields,
    )
    for order, (kind, label, help_text, required, options) in enumerate(spec["questions"]):
        page.questions.add(Question(kind=kind, label=label, help_text=help_text, required=required,
                                    options="\n".join(options), sort_order=order))
    index.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk), 1


def _charter(site, index, today) -> int:
    closes_on = today - datetime.timedelta(days=40)
    opens_on = closes_on - datetime.timedelta(days=30)
    page, created = _consultation(index, CHARTER, opens_on, closes_on)
    if not created:
        return 0
    created += _answers(page, opens_on)
    created += _comments(page, opens_on)
    page.report_heard = CHARTER["report_heard"]
    page.report_changed = CHARTER["report_changed"]
    page.report_published_on = closes_on + datetime.timedelta(days=20)
    page.report_document = _report_document(page, site)
    page.save_revision().publish()
    return created


def _answers(page, day) -> int:
    """About forty plausible answers, given and confirmed through the service functions."""
    from participation.consultations import services

    rng = random.Random(page.slug)
    questions = list(page.questions.all())
    count = 0
    for n in range(42):
        answers = {}
        for question in questions:
            options = question.option_list
            if question.kind == "single":
                answers[question.pk] = rng.choices(options, weights=[5, 3, 1][: len(options)])[0]
            elif question.kind == "multiple":
                answers[question.pk] = [o for o in options if rng.random() < 0.45] or [options[0]]
            elif question.kind == "rating":
                answers[question.pk] = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 5, 6])[0]
            elif rng.random() < 0.3:
                answers[question.pk] = rng.choice(CHARTER["texts"])
        data = services.ResponseData(email=f"demo-{page.pk}-{n}@participants.invalid", answers=answers)
        response = services.submit_response(page, data, language="ar", day=day)
        if n % 10 != 9:  # a few were never confirmed, as in real life: they do not count
            services.confirm_response(response, day=day)
        count += 1
    return count


def _comments(page, day) -> int:
    from participation.consultations import services

    admin = get_user_model().objects.filter(username="admin", is_superuser=True).first()
    if admin is None:
        return 0
    names = ["سعاد العلوي", "يوسف أمزيان"]
    count = 0
    for (index, text), name in zip(CHARTER["comments"], names, strict=True):
        section_id = page.sections[index][0]
        data = services.CommentData(name=name, email=f"comment-{count}@participants.invalid", text=text)
        comment = services.post_comment(page, section_id, data, language="ar", day=day)
        services.confirm_comment(comment, day=day)
        services.approve_comment(comment, admin)
        count += 1
    return count


def _report_document(page, site):
    """The final report as a PDF document (the core's PDF writer), in the commune's collection."""
    from django.utils import translation
    from wagtail.documents.models import Document

    from participation.core.pdf import Receipt, render_receipt

    with translation.override("ar"):
        pdf = render_receipt(Receipt(
            issuer=["المملكة المغربية", site.site_name],
            title="تقرير التشاور العمومي حول ميثاق المشاركة المواطنة",
            rows=[
                ("ما سمعناه", "أجاب عن أسئلة التشاور أكثر من أربعين مشاركا ومشاركة؛ وجد أغلبهم المسودة واضحة، "
                              "وطالب عدد منهم بتبسيط لغتها وبمزيد من اللقاءات في الأحياء."),
                ("ما تغير", "التزام بنشر نتائج كل تشاور داخل شهر؛ لقاءات تشاورية في الأحياء مرتين في السنة؛ "
                            "صياغة مبسطة لجزء طبيعة المشاركة ومواضيعها."),
            ],
            closing=["عرض الميثاق المعدل على المجلس الجماعي في دورة فبراير."],
        ))
    document = Document(title="تقرير التشاور حول ميثاق المشاركة المواطنة")
    document.file.save(f"consultation-report-{page.pk}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document
