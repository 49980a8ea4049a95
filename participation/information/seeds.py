"""Demo content of access to information, loaded by `manage.py load_demo` for each commune
(InformationConfig.demo_seed): the request page under the home page with its translations and
a quick link on the home page and, for the demo communes, requests at each step of law 31.13,
submitted (or recorded from paper) and handled through the service layer so their history,
log entries and deadlines are real, then given the past dates they were received and handled
on (a deadline is recomputed from the receipt date, as the rules say).

Everything is looked up before it is created (requests by their subject in the commune): a
second run creates nothing and changes nothing. People, CIN numbers and addresses are
fictional (@example.ma addresses).
"""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from participation.core.seeding import place_page

PAGE_SLUG = "information"
PAGE = {
    "ar": {
        "title": "الحق في الحصول على المعلومات",
        "search_description": "اطلبوا المعلومات التي تتوفر عليها الجماعة، وتتبعوا طلبكم، واطلعوا على سجل الطلبات وأجوبتها.",
        "intro": (
            "<p>يضمن القانون رقم 31.13 المتعلق بالحق في الحصول على المعلومات لكل المواطنات والمواطنين، وللأجانب "
            "المقيمين بالمغرب بصفة قانونية، الحق في طلب المعلومات التي تتوفر عليها الجماعة، دون الحاجة إلى تبرير "
            "طلبهم.</p>"
            "<ul>"
            "<li><b>مجانا:</b> الحصول على المعلومات مجاني، ولا تؤدى إلا تكلفة النسخ أو الإرسال عند الاقتضاء.</li>"
            "<li><b>داخل أجل عشرين يوم عمل:</b> يجيب الشخص المكلف بالمعلومات داخل أجل عشرين يوم عمل من تاريخ "
            "التوصل بالطلب، ويمكن تمديد هذا الأجل مرة واحدة لمدة مماثلة بعد إخباركم بأسباب ذلك قبل انصرام الأجل "
            "الأول.</li>"
            "<li><b>في حالة الاستعجال:</b> إذا كانت المعلومات ضرورية لحماية حياة شخص أو سلامته أو حريته، يجاب عن "
            "الطلب داخل أجل ثلاثة أيام عمل.</li>"
            "<li><b>إذا رفض طلبكم أو لم تتوصلوا بجواب:</b> يمكنكم تقديم شكاية إلى رئيس الجماعة داخل أجل عشرين يوم عمل "
            "من انصرام أجل الجواب أو من تاريخ التوصل به، ويجيب الرئيس داخل أجل خمسة عشر يوما. ثم يمكنكم اللجوء إلى "
            "لجنة الحق في الحصول على المعلومات داخل أجل ثلاثين يوما، ثم إلى المحكمة الإدارية.</li>"
            "</ul>"
            "<p>لا يرفض طلب إلا بقرار معلل يستند إلى أحد الاستثناءات التي تنص عليها المادة 7 من القانون. وتنشر الجماعة "
            "الطلبات وأجوبتها في سجل عمومي دون ذكر هوية أصحابها، ما لم يطلب صاحب الطلب عدم نشره.</p>"
        ),
        "link_title": "الحصول على المعلومات",
        "link_description": "اطلبوا وثيقة أو معلومة تتوفر عليها الجماعة",
    },
    "fr": {
        "title": "Droit d'accès à l'information",
        "search_description": "Demandez les informations que détient la commune, suivez votre demande et consultez le registre des demandes et des réponses.",
        "intro": (
            "<p>La loi n° 31.13 relative au droit d'accès à l'information garantit à toute citoyenne, à tout citoyen "
            "et aux étrangers résidant légalement au Maroc le droit de demander les informations que détient la "
            "commune, sans avoir à justifier leur demande.</p>"
            "<ul>"
            "<li><b>Gratuit :</b> l'accès à l'information est gratuit ; seuls les frais de reproduction ou d'envoi "
            "peuvent être demandés.</li>"
            "<li><b>Dans les vingt jours ouvrables :</b> la personne chargée de l'information répond dans les vingt "
            "jours ouvrables suivant la réception de la demande. Ce délai peut être prolongé une fois d'une durée égale, "
            "après vous en avoir informé, motifs à l'appui, avant la fin du premier délai.</li>"
            "<li><b>En cas d'urgence :</b> lorsque l'information est nécessaire pour protéger la vie, la sécurité ou la "
            "liberté d'une personne, la réponse est donnée dans les trois jours ouvrables.</li>"
            "<li><b>Refus ou absence de réponse :</b> vous pouvez adresser une réclamation au président de la commune "
            "dans les vingt jours ouvrables suivant l'expiration du délai de réponse ou la réception de la réponse ; il "
            "répond dans les quinze jours. Vous pouvez ensuite saisir la Commission du droit d'accès à l'information dans "
            "les trente jours, puis le tribunal administratif.</li>"
            "</ul>"
            "<p>Une demande ne peut être refusée que par une décision motivée invoquant l'une des exceptions de "
            "l'article 7 de la loi. La commune publie les demandes et leurs réponses dans un registre public, sans "
            "l'identité des demandeurs, sauf si le demandeur s'y oppose.</p>"
        ),
        "link_title": "Accès à l'information",
        "link_description": "Demandez un document ou une information détenus par la commune",
    },
}

#: Fictional requests: (commune slug, days ago it was received, channel, fields, steps, file).
#: A step is (action, days after receipt, changes); the request is handled through the
#: service layer, then given these dates. `file` is the title of an answer file.
REQUESTS = (
    ("ain-zitoune", 2, "online", {
        "name": "مريم الإدريسي", "email": "meryem.idrissi@example.ma", "phone": "0661345201",
        "address": "زنقة الزيتون، رقم 8، عين الزيتون", "id_number": "ZT221904",
        "subject": "الميزانية المصادق عليها لسنة 2026",
        "information_requested": "أطلب نسخة إلكترونية من ميزانية الجماعة لسنة 2026 كما صادق عليها المجلس، مع تفصيل "
                                 "اعتمادات التجهيز المخصصة للطرق والإنارة العمومية.",
        "delivery_form": "electronic",
    }, (), None),
    ("ain-zitoune", 9, "paper", {
        "name": "عبد الرحيم التازي", "email": "abderrahim.tazi@example.ma", "phone": "0662345202",
        "address": "درب السلام، رقم 14، حي الفتح، عين الزيتون", "id_number": "ZT335617",
        "subject": "لائحة رخص البناء المسلمة سنة 2025",
        "information_requested": "أطلب الاطلاع على لائحة رخص البناء التي سلمتها الجماعة خلال سنة 2025 بحي الفتح، مع "
                                 "تاريخ كل رخصة وموقع المشروع ومساحته.",
        "delivery_form": "on_site",
    }, (("take", 2, {}),), None),
    ("ain-zitoune", 12, "online", {
        "name": "سعيد الفاسي", "email": "said.fassi@example.ma", "phone": "",
        "address": "زنقة الأطلس، رقم 3، عين الزيتون", "id_number": "ZT448120",
        "subject": "محاضر دورات المجلس",
        "information_requested": "أرجو موافاتي بمحاضر دورات مجلس الجماعة المتعلقة بالنقل المدرسي.",
        "delivery_form": "electronic",
    }, (("take", 1, {}), ("ask_clarification", 3, {
        "clarification_question": "هل تطلبون محاضر الدورات العادية أم الاستثنائية كذلك، وعن أي سنوات؟",
    })), None),
    ("ain-zitoune", 25, "mail", {
        "name": "حنان بوعزة", "email": "hanane.bouazza@example.ma", "phone": "0664345204",
        "address": "حي النصر، زنقة 14، رقم 22، عين الزيتون", "id_number": "ZT557342",
        "subject": "دفتر التحملات الخاص بالتدبير المفوض لجمع النفايات",
        "information_requested": "أطلب نسخة ورقية من دفتر التحملات الخاص بعقد التدبير المفوض لجمع النفايات المنزلية "
                                 "والتقارير السنوية لتتبع تنفيذه منذ سنة 2022.",
        "delivery_form": "paper",
    }, (("take", 1, {}), ("extend", 15, {
        "extension_reason": "التقارير السنوية المطلوبة محفوظة في أرشيف مصلحة البيئة ويتطلب جمعها ونسخها وقتا إضافيا.",
    })), None),
    ("ain-zitoune", 30, "online", {
        "name": "يوسف المرابط", "email": "youssef.merabet@example.ma", "phone": "0665345205",
        "address": "زنقة النخيل، رقم 5، عين الزيتون", "id_number": "ZT660458",
        "subject": "برنامج عمل الجماعة 2022-2027",
        "information_requested": "أطلب نسخة من برنامج عمل الجماعة للفترة 2022-2027 وآخر تقرير عن تقدم تنفيذ مشاريعه.",
        "delivery_form": "electronic",
    }, (("take", 2, {}), ("answer", 18, {
        "public_answer": "تجدون رفقته نسخة من برنامج عمل الجماعة للفترة 2022-2027 كما صادق عليه المجلس، وآخر تقرير "
                         "عن تقدم تنفيذ مشاريعه. البرنامج منشور أيضا في مكتبة وثائق الموقع.",
    })), "برنامج عمل الجماعة 2022-2027 وتقرير التنفيذ"),
    ("ain-zitoune", 40, "online", {
        "name": "لطيفة الحسني", "email": "latifa.hasni@example.ma", "phone": "0666345206",
        "address": "درب الفرح، رقم 11، عين الزيتون", "id_number": "ZT771263",
        "subject": "لائحة المستفيدين من دعم ترميم المساكن",
        "information_requested": "أطلب لائحة الأسر المستفيدة من برنامج دعم ترميم المساكن الآيلة للسقوط بعناوينها "
                                 "ومبلغ الدعم الممنوح لكل أسرة.",
        "delivery_form": "electronic",
    }, (("take", 1, {}), ("refuse", 16, {
        "refusal_grounds": ["private_life"],
        "refusal_reason": "تتضمن اللائحة أسماء الأسر المستفيدة وعناوينها ووضعها الاجتماعي، وهي معطيات شخصية تحميها "
                          "المادة 7 من القانون 31.13 والقانون 09.08. يمكن تسليمكم عدد المستفيدين والمبلغ الإجمالي حسب "
                          "الحي دون أي معطيات شخصية.",
    })), None),
    ("ain-zitoune", 45, "online", {
        "name": "عمر الشرقاوي", "email": "omar.cherkaoui@example.ma", "phone": "0667345207",
        "address": "زنقة الرباط، رقم 19، عين الزيتون", "id_number": "ZT884571",
        "subject": "صفقة تهيئة السوق الجماعي",
        "information_requested": "أطلب نسخة من محضر فتح الأظرفة وعقد صفقة تهيئة السوق الجماعي وكشوف الأداء المتعلقة بها.",
        "delivery_form": "electronic",
    }, (("take", 1, {}), ("answer_partially", 19, {
        "public_answer": "تجدون رفقته محضر فتح الأظرفة وعقد الصفقة. أما كشوف الأداء فما تزال قيد التدقيق.",
        "redaction_note": "حذفت من المحضر أرقام البطائق الوطنية لممثلي المقاولات المتنافسة وأرقام حساباتها البنكية "
                          "(معطيات شخصية ومعلومات مالية للأغيار).",
    }), ("complain", 38, {
        "complaint": "لم أتوصل بكشوف الأداء رغم أن الأشغال انتهت منذ أشهر، وأطلب تسليمها إلي.",
    })), None),
    ("ait-ouassif", 28, "paper", {
        "name": "الحسين أيت باها", "email": "lahcen.aitbaha@example.ma", "phone": "0668345208",
        "address": "دوار تيغزى، آيت واسيف", "id_number": "JE312845",
        "subject": "اتفاقية تزويد الدواوير بالماء الصالح للشرب",
        "information_requested": "أطلب نسخة من اتفاقية الشراكة المتعلقة بتزويد دواوير الجماعة بالماء الصالح للشرب "
                                 "وجدولة أشغالها.",
        "delivery_form": "paper",
    }, (("take", 1, {}), ("answer", 12, {
        "public_answer": "تجدون رفقته نسخة من اتفاقية الشراكة وجدولة الأشغال: يرتقب ربط دوار تيغزى بالشبكة خلال السنة "
                         "المقبلة.",
    })), None),
)

DEMO_FOR = {"ain-zitoune", "ait-ouassif"}


def seed(site, home) -> int:
    """Load the request page and the requests of one demo commune; returns the number of objects created."""
    from participation.information.models import InformationRequestPage

    page, created = place_page(InformationRequestPage, home, PAGE_SLUG, PAGE, ("intro",))
    if home.slug in DEMO_FOR:
        created += _requests(site, page, home.slug)
    return created


def _requests(site, page, slug) -> int:
    from participation.information.models import InformationRequest

    admin = get_user_model().objects.filter(username="admin", is_superuser=True).first()
    if admin is None:
        return 0
    created = 0
    for commune, days_ago, channel, fields, steps, file_title in REQUESTS:
        if commune != slug or InformationRequest.objects.filter(site=site, subject=fields["subject"]).exists():
            continue
        _request(site, page, admin, days_ago, channel, dict(fields), steps, file_title)
        created += 1
    return created


def _request(site, page, admin, days_ago, channel, fields, steps, file_title):
    from participation.core.services import CITIZEN, perform
    from participation.information import services

    today = timezone.localdate()
    received = _working_day(site, today - datetime.timedelta(days=days_ago))
    if channel == "online":
        request = services.submit_request(page, fields, language="ar")
    else:
        request = services.record_paper_request(site, {**fields, "channel": channel, "received_on": received}, admin, page=page)
    dates = {"submit": received}
    for action, after, changes in steps:
        if action == "complain":
            request = services.complain(request, changes["complaint"])
        else:
            request = perform(request, action, CITIZEN if action == "clarify" else admin, **changes)
        dates[action] = max(received, _working_day(site, received + datetime.timedelta(days=after)))
    if file_title:
        services.add_answer_file(request, file_title, _answer_pdf(site, request, file_title), admin)
    _backdate(request, dates)
    return request


def _working_day(site, day):
    """The office handles requests on working days: `day`, or the working day before it."""
    from participation.core.calendar import closures_around, is_working_day

    closures = closures_around(day - datetime.timedelta(days=366), site)
    while not is_working_day(day, closures):
        day -= datetime.timedelta(days=1)
    return day


def _answer_pdf(site, request, title):
    """A one-page answer letter as PDF (the receipt renderer), named after the reference."""
    from django.core.files.base import ContentFile
    from django.utils import translation

    from participation.core.commune import commune_settings
    from participation.core.pdf import Receipt, render_receipt

    settings = commune_settings(site)
    commune = getattr(settings, "name_ar", "") or site.site_name
    with translation.override("ar"):
        pdf = render_receipt(Receipt(
            issuer=["المملكة المغربية", commune, "الشخص المكلف بالحق في الحصول على المعلومات"],
            title=title,
            rows=[("مرجع الطلب", request.reference), ("موضوع الطلب", request.subject)],
            closing=["تسلم هذه الوثيقة جوابا على طلبكم طبقا للقانون رقم 31.13 المتعلق بالحق في الحصول على المعلومات."],
            author=commune,
        ))
    return ContentFile(pdf, name=f"{request.reference}.pdf")


def _backdate(request, dates):
    """Give the request, its history and log the dates it was received and handled on, and
    the deadline that follows from them."""
    from participation.core.models import SubmissionLogEntry
    from participation.information.models import InformationRequest
    from participation.information.workflow import CLOSED, RequestStatus

    def moment(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))

    for action, day in dates.items():
        entry = request.history.filter(action=action).order_by("-pk").first()
        if entry is not None:
            type(entry).objects.filter(pk=entry.pk).update(at=moment(day))
        SubmissionLogEntry.objects.for_instance(request).filter(data__action=action).update(timestamp=moment(day))
    SubmissionLogEntry.objects.for_instance(request).filter(
        action__in=("participation.submit", "participation.recorded_on_paper")).update(timestamp=moment(dates["submit"]))
    changes = {"received_on": dates["submit"], "created_at": moment(dates["submit"])}
    answered = next((dates[a] for a in ("answer", "answer_partially", "refuse", "transfer") if a in dates), None)
    if answered:
        changes["answered_on"] = answered
        changes["first_answered_at"] = moment(answered)
    if "ask_clarification" in dates and request.status == RequestStatus.CLARIFICATION:
        changes["clarification_asked_on"] = dates["ask_clarification"]
    if "complain" in dates:
        changes["complaint_on"] = dates["complain"]
    InformationRequest.objects.filter(pk=request.pk).update(**changes)
    request = InformationRequest.objects.get(pk=request.pk)
    if request.status in CLOSED:
        deadline = None
    elif request.status == RequestStatus.COMPLAINT:
        deadline = request.head_deadline()
    else:
        deadline = request.compute_deadline()
    request.files.update(added_at=moment(answered or dates["submit"]))
    InformationRequest.objects.filter(pk=request.pk).update(deadline=deadline)
