"""Demo content of petitions, loaded by `manage.py load_demo` for each commune
(PetitionsConfig.demo_seed): the petitions page under the home page with its
translations and a quick link on the home page and, for the demo communes,
petitions at every step of organic law 113.14, started, signed and handled
through the service layer so their history, counts and deadlines are real.

Everything is looked up before it is created (petitions by their subject in the
commune): a second run creates nothing and changes nothing. People, CIN numbers
and addresses are fictional (@example.ma addresses). No signature override is
set: commune A (28,460 inhabitants) needs the legal 100 signatures.
"""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from participation.core.seeding import place_page

PAGE_SLUG = "petitions"
PAGE = {
    "ar": {
        "title": "العرائض",
        "search_description": "قدموا عريضة إلى مجلس الجماعة لإدراج نقطة في جدول أعماله، ووقعوا على العرائض المفتوحة وتتبعوا مآلها.",
        "intro": (
            "<p>تخول المواد من 121 إلى 125 من القانون التنظيمي 113.14 المتعلق بالجماعات للمواطنات والمواطنين وللجمعيات "
            "تقديم عرائض إلى رئيس مجلس الجماعة، يطلبون فيها إدراج نقطة تدخل في صلاحيات المجلس ضمن جدول أعماله.</p>"
            "<ul>"
            "<li><b>عريضة المواطنات والمواطنين:</b> يوقعها المقيمون بالجماعة أو الذين يزاولون بها نشاطا اقتصاديا أو تجاريا "
            "أو مهنيا، ولهم مصلحة مشتركة مباشرة في موضوعها. لا يقل عدد الموقعين عن 100 في الجماعات التي يقل عدد سكانها "
            "عن 35 ألف نسمة، و200 في غيرها، و400 في الجماعات ذات نظام المقاطعات. ويعين الموقعون وكيلا عنهم.</li>"
            "<li><b>عريضة الجمعيات:</b> تقدمها عن طريق ممثلها القانوني جمعية مؤسسة بالمغرب منذ أكثر من ثلاث سنوات، "
            "يوجد مقرها أو أحد فروعها بتراب الجماعة، ويرتبط نشاطها بموضوع العريضة.</li>"
            "</ul>"
            "<p>تودع العريضة لدى رئيس المجلس مقابل وصل فوري، فيحيلها على مكتب المجلس الذي يتحقق من قبولها. إذا قبلت "
            "أحيلت على اللجنة الدائمة المختصة ثم أدرجت في جدول أعمال الدورة العادية الموالية، وإذا رفضت يبلغ الوكيل "
            "بقرار الرفض معللا داخل أجل ثلاثة أشهر من تاريخ إيداعها.</p>"
            "<p>في هذه الصفحة يمكنكم إعداد عريضة، والتوقيع على العرائض المفتوحة للتوقيع بعد تأكيد بريدكم الإلكتروني، "
            "وتتبع كل عريضة مرحلة بمرحلة. لا ننشر أبدا أرقام البطائق الوطنية ولا العناوين ولا البريد الإلكتروني، "
            "وإنما عدد التوقيعات فقط.</p>"
        ),
        "link_title": "العرائض",
        "link_description": "قدموا عريضة إلى المجلس أو وقعوا على عريضة مفتوحة",
    },
    "fr": {
        "title": "Pétitions",
        "search_description": "Demandez au conseil communal d'inscrire un point à son ordre du jour, signez les pétitions ouvertes et suivez leur sort.",
        "intro": (
            "<p>Les articles 121 à 125 de la loi organique 113.14 relative aux communes permettent aux citoyennes, aux "
            "citoyens et aux associations d'adresser au président du conseil une pétition demandant l'inscription à "
            "l'ordre du jour d'un point relevant des attributions du conseil.</p>"
            "<ul>"
            "<li><b>Pétition de citoyens :</b> signée par des personnes qui résident dans la commune ou y exercent une "
            "activité économique, commerciale ou professionnelle, et qui ont un intérêt commun direct à son objet. Il faut "
            "au moins 100 signataires dans les communes de moins de 35 000 habitants, 200 dans les autres et 400 dans les "
            "communes à arrondissements. Les signataires désignent un mandataire.</li>"
            "<li><b>Pétition d'association :</b> déposée par son représentant légal, pour une association constituée au "
            "Maroc depuis plus de trois ans, ayant son siège ou une section dans la commune et dont l'activité a un lien "
            "avec l'objet de la pétition.</li>"
            "</ul>"
            "<p>La pétition est déposée auprès du président du conseil contre un récépissé immédiat ; il la transmet au "
            "bureau, qui en examine la recevabilité. Recevable, elle est renvoyée à la commission permanente compétente "
            "puis inscrite à l'ordre du jour de la session ordinaire suivante ; refusée, le mandataire en est informé, "
            "motifs à l'appui, dans les trois mois de son dépôt.</p>"
            "<p>Sur cette page, vous pouvez préparer une pétition, signer les pétitions ouvertes après confirmation de "
            "votre adresse électronique et suivre chaque pétition étape par étape. Les numéros de CIN, les adresses et les "
            "courriels ne sont jamais publiés : seul le nombre de signatures l'est.</p>"
        ),
        "link_title": "Pétitions",
        "link_description": "Adressez une pétition au conseil ou signez une pétition ouverte",
    },
}

COMMITTEES = {
    "services": "لجنة المرافق العمومية والخدمات",
    "budget": "لجنة الميزانية والشؤون المالية والبرمجة",
    "planning": "لجنة التعمير وإعداد التراب والبيئة",
}

FIRST_NAMES = ("محمد", "فاطمة", "أحمد", "خديجة", "يوسف", "مريم", "عبد الرحيم", "سعاد", "إبراهيم", "نادية", "رشيد", "حنان",
               "عمر", "لطيفة", "الحسين", "زينب", "مصطفى", "سكينة", "سعيد", "أمينة")
LAST_NAMES = ("العلوي", "بنعلي", "الإدريسي", "أيت باها", "التازي", "الفاسي", "أوبلا", "الحسني", "الزياني", "بوعزة",
              "الشرقاوي", "المرابط", "أمزيان", "القادري", "الوزاني")
STREETS = ("زنقة الياسمين", "زنقة الزيتون", "درب السلام", "زنقة الأطلس", "زنقة النخيل", "درب الفرح", "زنقة الرباط")

#: Fictional petitions: (commune slug, days ago it was started, fields, steps, signatures).
#: A step is (action, days after starting, changes); "file" is the agent's. Signatures are
#: (online signatures, of which confirmed, on paper); the paper ones are those the agent
#: collected on the legal form and handed in with the petition.
PETITIONS = (
    ("ain-zitoune", 20, {
        "kind": "citizens",
        "title": "تهيئة ملعب القرب بحي النصر",
        "reasons": "لا يتوفر حي النصر، الذي يقطنه أكثر من أربعة آلاف نسمة، على أي فضاء رياضي. يلعب الأطفال والشباب في "
                   "الشارع وسط حركة السيارات، والأرض الخلاء المجاورة للمدرسة الابتدائية مملوكة للجماعة وغير مستغلة.",
        "objectives": "توفير فضاء رياضي آمن لأطفال وشباب الحي، والحد من مخاطر اللعب في الشارع، وتشجيع الأنشطة الرياضية "
                      "لجمعيات الحي.",
        "requested_item": "دراسة إمكانية تهيئة ملعب للقرب فوق العقار الجماعي المجاور لمدرسة النصر الابتدائية وبرمجة "
                          "اعتماداته في ميزانية السنة المقبلة.",
        "name": "ياسين المرابط", "email": "yassine.merabet@example.ma", "phone": "0661234501",
        "agent_cin": "ZT184522", "agent_address": "زنقة 14، رقم 9، حي النصر، عين الزيتون", "show_name": True,
    }, (("open", 2, {}),), (26, 22, 35)),
    ("ain-zitoune", 60, {
        "kind": "citizens",
        "title": "إحداث خط للنقل الحضري نحو دوار أولاد علي",
        "reasons": "يضطر سكان دوار أولاد علي، ومنهم التلاميذ والعمال وكبار السن، إلى قطع أكثر من ستة كيلومترات مشيا أو "
                   "الاعتماد على النقل غير المنظم للوصول إلى مركز الجماعة والمستوصف والثانوية.",
        "objectives": "ربط الدوار بمركز الجماعة بخط منتظم للنقل العمومي، وتسهيل وصول التلاميذ إلى المؤسسات التعليمية "
                      "والسكان إلى المرافق الصحية والإدارية.",
        "requested_item": "التداول في إحداث خط للنقل الحضري يربط دوار أولاد علي بمركز الجماعة في إطار عقد التدبير "
                          "المفوض للنقل العمومي.",
        "name": "حليمة أوبلا", "email": "halima.oubella@example.ma", "phone": "0662234502",
        "agent_cin": "ZT203344", "agent_address": "دوار أولاد علي، عين الزيتون", "show_name": True,
    }, (("open", 3, {}), ("file", 36, {})), (18, 16, 97)),
    ("ain-zitoune", 150, {
        "kind": "citizens",
        "title": "إصلاح قنوات الصرف الصحي بحي الفتح",
        "reasons": "تفيض قنوات الصرف الصحي في الأزقة الثلاثة الأولى من حي الفتح مع كل تساقطات مطرية، فتتسرب المياه "
                   "العادمة إلى المنازل وتنتشر الروائح والحشرات قرب المدرسة.",
        "objectives": "حماية صحة السكان والتلاميذ، ووضع حد لتضرر المنازل، وبرمجة أشغال دائمة بدل التدخلات الظرفية.",
        "requested_item": "برمجة أشغال تجديد شبكة التطهير السائل بحي الفتح بتنسيق مع الوكالة المكلفة بالتوزيع.",
        "name": "عبد الإله الزياني", "email": "abdelilah.zyani@example.ma", "phone": "0663234503",
        "agent_cin": "ZT319087", "agent_address": "زنقة 3، رقم 21، حي الفتح، عين الزيتون", "show_name": False,
    }, (("open", 2, {}), ("file", 40, {}), ("admit", 62, {}), ("refer", 70, {"committee": COMMITTEES["services"]})),
        (30, 27, 88)),
    ("ain-zitoune", 210, {
        "kind": "citizens",
        "title": "تخصيص قاعة بدار الشباب لدروس الدعم المجانية",
        "reasons": "تبقى قاعات دار الشباب مغلقة أغلب أيام الأسبوع، في حين لا يستطيع عدد كبير من تلاميذ الجماعة أداء "
                   "تكاليف دروس الدعم، ويتطوع أساتذة متقاعدون لتقديمها إن وجدوا فضاء لذلك.",
        "objectives": "تمكين تلاميذ الأسر محدودة الدخل من دروس دعم مجانية، واستغلال تجهيزات دار الشباب لفائدة الساكنة.",
        "requested_item": "التداول في اتفاقية شراكة تخصص بموجبها قاعتان بدار الشباب لدروس الدعم المجانية مساء كل يوم.",
        "name": "سلمى القادري", "email": "salma.kadiri@example.ma", "phone": "0664234504",
        "agent_cin": "ZT402215", "agent_address": "زنقة الأطلس، رقم 4، عين الزيتون", "show_name": True,
    }, (("open", 1, {}), ("file", 30, {}), ("admit", 50, {}), ("refer", 58, {"committee": COMMITTEES["budget"]}),
        ("schedule", 75, {"session_date": "next"})), (40, 36, 71)),
    ("ain-zitoune", 330, {
        "kind": "citizens",
        "title": "إنارة الطريق المؤدية إلى الثانوية التأهيلية",
        "reasons": "الطريق الرابطة بين حي الزيتون والثانوية التأهيلية غير مضاءة على طول كيلومتر ونصف، ويسلكها التلاميذ "
                   "في الظلام صباحا ومساء خلال فصل الشتاء، وقد سجلت حوادث اعتداء وسقوط.",
        "objectives": "ضمان سلامة التلاميذ والمارة، وتشجيع التمدرس خاصة لدى الفتيات القادمات من الأحياء البعيدة.",
        "requested_item": "برمجة تجهيز الطريق المؤدية إلى الثانوية التأهيلية بالإنارة العمومية في ميزانية التجهيز.",
        "name": "خالد بوعزة", "email": "khalid.bouazza@example.ma", "phone": "0665234505",
        "agent_cin": "ZT511760", "agent_address": "درب السلام، رقم 17، حي الزيتون، عين الزيتون", "show_name": True,
    }, (("open", 2, {}), ("file", 28, {}), ("admit", 45, {}), ("refer", 52, {"committee": COMMITTEES["planning"]}),
        ("schedule", 60, {"session_date": "after"}), ("decide", None, {"decision": "accepted"})), (35, 31, 84)),
    ("ain-zitoune", 45, {
        "kind": "association",
        "title": "إحداث مكتبة جماعية للقرب بالمركز الثقافي",
        "reasons": "لا تتوفر الجماعة على أي مكتبة عمومية، ويشتغل نادي القراءة الذي تؤطره الجمعية منذ سنوات في فضاءات "
                   "مستعارة، بينما يضم المركز الثقافي قاعة غير مستغلة.",
        "objectives": "تيسير ولوج الأطفال والشباب إلى الكتاب، وتنظيم أنشطة القراءة بشكل منتظم في فضاء عمومي مفتوح للجميع.",
        "requested_item": "التداول في إحداث مكتبة جماعية للقرب بالقاعة غير المستغلة في المركز الثقافي وتحديد طريقة تسييرها.",
        "name": "نزهة الشرقاوي", "email": "nezha.cherkaoui.asso@example.ma", "phone": "0666234506",
        "agent_cin": "ZT620918", "agent_address": "مقر الجمعية، زنقة النخيل، عين الزيتون", "show_name": False,
        "association_name": "جمعية أصدقاء الكتاب بعين الزيتون", "association_declared_on": datetime.date(2014, 3, 12),
        "association_seat": "زنقة النخيل، رقم 2، عين الزيتون", "association_seat_in_commune": True,
    }, (("open", 2, {}), ("file", 5, {}), ("admit", 30, {})), (0, 0, 0)),
    ("ait-ouassif", 35, {
        "kind": "citizens",
        "title": "تزويد دوار تيغزى بالماء الصالح للشرب",
        "reasons": "تقطع نساء وأطفال دوار تيغزى يوميا مسافات طويلة لجلب الماء من العين، التي تجف في فصل الصيف، في حين "
                   "تمر قناة الماء الصالح للشرب على بعد كيلومترين من الدوار.",
        "objectives": "ربط الدوار بشبكة الماء الصالح للشرب أو إحداث سقاية عمومية، وتخفيف العبء عن النساء والأطفال.",
        "requested_item": "برمجة ربط دوار تيغزى بشبكة الماء الصالح للشرب في إطار برنامج تقليص الفوارق المجالية.",
        "name": "الحسين أمزيان", "email": "lahcen.amzian@example.ma", "phone": "0667234507",
        "agent_cin": "JE118204", "agent_address": "دوار تيغزى، آيت واسيف", "show_name": True,
    }, (("open", 3, {}),), (14, 12, 48)),
    ("ait-ouassif", 80, {
        "kind": "citizens",
        "title": "توسيع المسلك القروي نحو السوق الأسبوعي",
        "reasons": "يضيق المسلك المؤدي إلى السوق الأسبوعي عند القنطرة فلا تمر منه إلا سيارة واحدة، وتتعطل فيه الحركة كل يوم "
                   "سوق، ويصير غير صالح للسير بعد الأمطار.",
        "objectives": "تسهيل وصول الفلاحين والتجار والسكان إلى السوق، وتحسين السلامة الطرقية.",
        "requested_item": "برمجة توسيع المسلك القروي الرابط بين مركز الجماعة والسوق الأسبوعي وتقوية القنطرة.",
        "name": "إبراهيم أيت باها", "email": "brahim.aitbaha@example.ma", "phone": "0668234508",
        "agent_cin": "JE207733", "agent_address": "مركز آيت واسيف", "show_name": True,
        "channel": "paper",
    }, (("file_paper", 0, {}),), (0, 0, 112)),
)

DEMO_FOR = {"ain-zitoune", "ait-ouassif"}


def seed(site, home) -> int:
    """Load the petitions of one demo commune; returns the number of objects created."""
    from participation.petitions.models import PetitionIndexPage

    page, created = place_page(PetitionIndexPage, home, PAGE_SLUG, PAGE, ("intro",))
    if home.slug in DEMO_FOR:
        created += _petitions(site, page, home.slug)
    return created


def _petitions(site, page, slug) -> int:
    """Fictional petitions, started, signed and handled through the service layer."""
    from participation.petitions.models import Petition

    admin = get_user_model().objects.filter(username="admin", is_superuser=True).first()
    if admin is None:
        return 0
    created = 0
    for number, (commune, days_ago, fields, steps, signatures) in enumerate(PETITIONS):
        if commune != slug or Petition.objects.filter(site=site, title=fields["title"]).exists():
            continue
        _petition(site, page, admin, number, days_ago, dict(fields), steps, signatures)
        created += 1
    return created


def _petition(site, page, admin, number, days_ago, fields, steps, signatures):
    from participation.core.services import CITIZEN, perform
    from participation.petitions import services
    from participation.petitions.models import Petition, PetitionSettings

    online, confirmed, paper = signatures
    started = timezone.now() - datetime.timedelta(days=days_ago, hours=5)
    dates = {action: started + datetime.timedelta(days=after) for action, after, _changes in steps if after is not None}
    if fields.pop("channel", "") == "paper":
        handed_in = timezone.localdate(started)
        data = {**fields, "page": page, "paper_signature_count": paper, "filed_on": handed_in}
        petition = services.record_paper_petition(site, data, admin)
        _backdate(petition, {"submit": started, "file_paper": started}, filed=started)
        return petition

    petition = services.start_petition(page, fields, language="ar")
    for action, _after, changes in steps:
        changes = dict(changes)
        if action == "open":
            petition = perform(petition, "open", admin)
            _sign(petition, number, online, confirmed)
            if paper:
                Petition.objects.filter(pk=petition.pk).update(paper_signature_count=paper)
        elif action == "file":
            petition = perform(Petition.objects.get(pk=petition.pk), "file", CITIZEN)
        else:
            if changes.get("session_date") in ("next", "after"):
                # the next ordinary session after today, or after the day it was put on the agenda (the
                # council then decides at that session)
                from participation.petitions.rules import next_ordinary_session

                months = PetitionSettings.for_site(site).session_month_list
                after = timezone.localdate() if changes["session_date"] == "next" else timezone.localdate(dates[action])
                changes["session_date"] = next_ordinary_session(after, months)
                if changes["session_date"] < timezone.localdate():
                    session = datetime.datetime.combine(changes["session_date"], datetime.time(17))
                    dates["decide"] = timezone.make_aware(session)
            if action == "decide":
                changes["deliberation"] = _deliberation(site, petition, dates.get(action, timezone.now()))
            petition = perform(petition, action, admin, **changes)
    _backdate(petition, {"submit": started, **dates}, filed=dates.get("file"))
    return petition


def _sign(petition, number, online, confirmed):
    """`online` fictional signatories, the first `confirmed` of whom confirmed their e-mail.

    The rows are stored at once (the demo sends no confirmation e-mails to fictional people);
    they are counted by services.confirm_signature, as a click on the link would."""
    from participation.petitions import rules, services
    from participation.petitions.models import Signature

    rows = []
    for n in range(online):
        first, last = FIRST_NAMES[(n * 7 + number) % len(FIRST_NAMES)], LAST_NAMES[(n * 4 + number * 3) % len(LAST_NAMES)]
        activity = "محل للبقالة" if n % 9 == 4 else ""
        cin = f"{'ZYXWVUTS'[number % 8]}{'ABCDEFGH'[n % 8]}{400000 + number * 1000 + n}"
        address = f"{STREETS[n % len(STREETS)]}، رقم {n + 3}"
        errors = rules.signatory_errors(cin=cin, basis="activity" if activity else "resident", address=address, activity=activity)
        assert not errors, errors
        rows.append(Signature(
            petition=petition, name=f"{first} {last}", cin=rules.normalize_cin(cin), address=address, activity=activity,
            basis=rules.SignatoryBasis.ACTIVITY if activity else rules.SignatoryBasis.RESIDENT,
            email=rules.normalize_email(f"signataire.{number}.{n}@example.ma"), language="ar",
        ))
    for signature in Signature.objects.bulk_create(rows)[:confirmed]:
        services.confirm_signature(signature)


def _deliberation(site, petition, when):
    """The council's deliberation as a one-page PDF (the demo's document renderer)."""
    from django.core.files.base import ContentFile

    from base.demo.media import document_pdf
    from participation.core.commune import commune_settings

    settings = commune_settings(site)
    day = timezone.localdate(when)
    pdf = document_pdf(
        commune_ar=getattr(settings, "name_ar", "") or site.site_name, commune_fr=getattr(settings, "name_fr", ""),
        title_ar="مقرر المجلس في شأن عريضة", title_fr="Délibération du conseil sur une pétition",
        reference=petition.reference, date=day.isoformat(),
        lines_ar=[petition.title, "صادق المجلس بالإجماع على إدراج المشروع في برنامج عمل الجماعة."],
        lines_fr=["Le conseil a approuvé à l'unanimité l'inscription du projet au programme d'action de la commune."],
        colour=getattr(settings, "colour_primary", "") or "#0b5e45",
    )
    return ContentFile(pdf, name=f"{petition.reference}-deliberation.pdf")


def _backdate(petition, dates, filed=None):
    """Give the demo petition, its history and its signatures realistic dates (and the
    refusal deadline that follows from the filing date)."""
    from participation.petitions.models import Petition, Signature
    from participation.petitions.workflow import PetitionStatus

    for action, when in dates.items():
        entry = petition.history.filter(action=action).order_by("-pk").first()
        if entry is not None:
            type(entry).objects.filter(pk=entry.pk).update(at=when)
    changes = {"created_at": dates["submit"]}
    if "open" in dates:
        changes["opened_at"] = dates["open"]
        # unconfirmed signatures stay recent: past their link's life the retention purge anonymises them
        Signature.objects.filter(petition=petition, confirmed_at__isnull=False).update(
            created_at=dates["open"] + datetime.timedelta(days=1), confirmed_at=dates["open"] + datetime.timedelta(days=1, hours=2)
        )
    if filed is not None:
        petition = Petition.objects.get(pk=petition.pk)
        petition.filed_on = timezone.localdate(filed)
        changes["filed_on"] = petition.filed_on
        if petition.status == PetitionStatus.FILED:
            changes["deadline"] = petition.refusal_deadline()
    Petition.objects.filter(pk=petition.pk).update(**changes)
