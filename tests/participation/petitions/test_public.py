"""The citizen's side of petitions: starting one (citizens' and association's, with
every kind of bad input), the agent's private page (edit, withdraw, file, the
receipt), the public list and page, signing confirmed by a POST, withdrawing a
signature, forged links, privacy, languages and query counts."""
import re
from datetime import date
from html import unescape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale

from participation.core.verification import make_token
from participation.petitions import services
from participation.petitions.models import Petition, PetitionStatusEntry, Signature
from participation.petitions.workflow import PetitionStatus
from tests.conftest import HOST_A
from tests.participation.petitions.conftest import signatory
from tests.site.helpers import html_attr

REFERENCE = re.compile(r"PET-\d{4}-\d{5}")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}
CIN_MESSAGE = ("Enter the number of your national identity card (CIN): one or two letters followed by digits, "
               "for example AB123456.")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache: start every test with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def petitions_fr(petitions_a):
    """The French translation of commune A's petitions page (the /fr/… addresses)."""
    french = Locale.objects.get(language_code="fr")
    page = petitions_a.get_translation_or_none(french)
    if page is None:
        page = petitions_a.copy_for_translation(french)
        page.title = "Pétitions"
    if not page.live:
        page.save_revision().publish()
    return page.specific


def _path(page):
    return page.get_url_parts()[2]


def _url(page, name, *args):
    return page.route_path(name, *args)


def _start_data(**changes):
    data = {
        "kind": "citizens",
        "title": "تهيئة حديقة عمومية بحي النصر",
        "reasons": "يفتقر حي النصر إلى أي مساحة خضراء يلتقي فيها السكان ويلعب فيها الأطفال بأمان.",
        "objectives": "توفير فضاء أخضر مفتوح لساكنة الحي.",
        "requested_item": "إدراج نقطة تهيئة حديقة عمومية بحي النصر في جدول أعمال الدورة المقبلة.",
        "name": "سلمى الإدريسي",
        "agent_cin": "ab 654321",
        "agent_address": "زنقة 12، حي النصر، عين الزيتون",
        "email": "salma@example.ma",
        "phone": "0622334455",
        "show_name": "on",
        "consent": "on",
        **CAPTCHA,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _pdf(name="document.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _association_data(**changes):
    data = _start_data(
        kind="association",
        name="يوسف العمراني",
        email="assoc@example.ma",
        association_name="جمعية النصر للتنمية",
        association_declared_on="2015-03-01",
        association_seat="زنقة 3، حي النصر، عين الزيتون",
        association_seat_in_commune="on",
        association_statutes=_pdf("statutes.pdf"),
        association_deposit_receipt=_pdf("receipt.pdf"),
        association_mandate=_pdf("mandate.pdf"),
        association_seat_proof=_pdf("seat.pdf"),
    )
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def _sign_data(**changes):
    data = {
        "name": "نادية بنعلي",
        "cin": "CD123456",
        "basis": "resident",
        "address": "درب 7، حي الأمل، عين الزيتون",
        "activity": "",
        "email": "nadia@example.ma",
        "consent": "on",
        **CAPTCHA,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _in(language, message):
    with translation.override(language):
        return escape(gettext(message))


def _counts():
    return Petition.objects.count(), PetitionStatusEntry.objects.count(), Signature.objects.count()


# --- starting a petition ----------------------------------------------------------------------------


def test_start_form_has_labels_guards_and_the_09_08_notice(petitions_a, client_a):
    response = client_a.get(_url(petitions_a, "start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "csrfmiddlewaretoken" in html
    assert 'name="captcha_1"' in html and 'name="website"' in html and 'name="consent"' in html
    for name in ("title", "reasons", "objectives", "requested_item", "name", "agent_cin", "agent_address", "email",
                 "phone", "show_name", "consent"):
        assert f'for="id_{name}"' in html, name
    assert 'name="association_statutes"' not in html and 'enctype="multipart/form-data"' not in html
    assert re.search(r'<input[^>]*name="agent_cin"[^>]*dir="ltr"', html) or re.search(r'dir="ltr"[^>]*name="agent_cin"', html)
    assert re.search(r'<textarea[^>]*dir="auto"', html)
    assert 'aria-describedby="id_agent_cin_helptext"' in html
    assert "2.16.403" in html  # why the CIN number is asked
    from base.models import CommuneSettings

    settings = CommuneSettings.for_site(petitions_a.get_site())
    assert settings.cndp_reference in html and settings.email in html
    assert "eparticipation.ma" in client_a.get(_path(petitions_a)).content.decode()

    association = client_a.get(_url(petitions_a, "start") + "?kind=association").content.decode()
    assert 'enctype="multipart/form-data"' in association
    for name in ("association_name", "association_declared_on", "association_seat", "association_seat_in_commune",
                 "association_statutes", "association_deposit_receipt", "association_mandate", "association_seat_proof"):
        assert f'for="id_{name}"' in association, name
    assert client_a.get(_url(petitions_a, "start") + "?kind=nonsense").status_code == 200


def test_start_a_citizens_petition_receipt_mails_and_manage_page(petitions_a, client_a, django_capture_on_commit_callbacks):
    before = _counts()
    response = _post(client_a, _url(petitions_a, "start"), _start_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    petition = Petition.objects.get(email="salma@example.ma")
    assert _counts()[:2] == (before[0] + 1, before[1] + 1)
    assert REFERENCE.fullmatch(petition.reference)
    assert response["Location"] == _url(petitions_a, "started", petition.access_token)
    assert (petition.status, petition.kind, petition.language, petition.is_public) == ("preparation", "citizens", "ar", False)
    assert petition.agent_cin == "AB654321" and petition.page_id == petitions_a.pk

    started = client_a.get(response["Location"])
    html = started.content.decode()
    assert started.status_code == 200 and petition.reference in html
    assert _url(petitions_a, "manage", petition.access_token) in html
    assert "no-store" in started["Cache-Control"] and "noindex" in started["X-Robots-Tag"]

    (to_agent,) = [m for m in mail.outbox if m.to == ["salma@example.ma"]]
    with translation.override("ar"):
        assert to_agent.subject == gettext("Your petition %(reference)s has been received") % {"reference": petition.reference}
    first = to_agent.body.splitlines()[:2]
    assert petition.reference in first[0] and first[1].endswith(_url(petitions_a, "manage", petition.access_token))
    (to_staff,) = [m for m in mail.outbox if "contact@ain-zitoune.example" in m.to]
    assert petition.reference in to_staff.subject and "AB654321" not in to_staff.body and "salma@" not in to_staff.body

    manage = client_a.get(_url(petitions_a, "manage", petition.access_token))
    html = manage.content.decode()
    assert manage.status_code == 200 and "no-store" in manage["Cache-Control"]
    with translation.override("ar"):
        assert escape(str(PetitionStatus.PREPARATION.label)) in html
    assert _url(petitions_a, "manage_edit", petition.access_token) in html
    assert _url(petitions_a, "manage_action", petition.access_token, "withdraw") in html
    assert _url(petitions_a, "manage_action", petition.access_token, "file") not in html
    assert _url(petitions_a, "receipt", petition.access_token) not in html


def test_start_an_associations_petition_with_its_documents(petitions_a, client_a, django_capture_on_commit_callbacks):
    url = _url(petitions_a, "start") + "?kind=association"
    response = _post(client_a, url, _association_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.context["form"].errors
    petition = Petition.objects.get(email="assoc@example.ma")
    assert petition.kind == "association" and petition.association_name == "جمعية النصر للتنمية"
    assert petition.association_declared_on == date(2015, 3, 1) and petition.association_seat_in_commune
    for field in ("association_statutes", "association_deposit_receipt", "association_mandate", "association_seat_proof"):
        stored = getattr(petition, field)
        assert stored.name.endswith(".pdf") and "statutes" not in stored.name and "mandate" not in stored.name
        with stored.open("rb") as handle:
            assert handle.read().startswith(b"%PDF-")
    assert petition.threshold == 0  # art. 124: no signature threshold


def test_a_text_file_named_pdf_is_refused_and_the_files_must_be_attached_again(
    petitions_a, client_a, django_capture_on_commit_callbacks
):
    before = _counts()
    fake = SimpleUploadedFile("statutes.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = _post(client_a, _url(petitions_a, "start"), _association_data(association_statutes=fake),
                     django_capture_on_commit_callbacks)
    assert response.status_code == 200 and _counts() == before and mail.outbox == []
    form = response.context["form"]
    assert list(form.errors) == ["association_statutes"]
    html = response.content.decode()
    assert _in("ar", "This file is not a PDF document or a JPEG or PNG image.") in html
    assert _in("ar", "For your safety, the files you chose were not kept: please attach them again.") in html
    assert "جمعية النصر للتنمية" in html  # what was typed is kept


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_association_younger_than_three_years_is_refused(
    petitions_a, petitions_fr, client_a, language, django_capture_on_commit_callbacks
):
    page = petitions_a if language == "ar" else petitions_fr
    young = (timezone.localdate().replace(day=1)).isoformat()
    before = _counts()
    response = _post(client_a, _url(page, "start"), _association_data(association_declared_on=young),
                     django_capture_on_commit_callbacks)
    assert response.status_code == 200 and _counts() == before and mail.outbox == []
    message = "The association must have been constituted more than three years ago (organic law 113.14, article 124)."
    with translation.override(language):
        assert response.context["form"].errors["association_declared_on"] == [gettext(message)]
    assert _in(language, message) in response.content.decode()
    assert html_attr(response.content.decode(), "html", "lang") == language


def test_association_without_seat_in_the_commune_nor_mandate_is_refused(petitions_a, client_a, django_capture_on_commit_callbacks):
    data = _association_data(association_seat_in_commune=None, association_mandate=None)
    response = _post(client_a, _url(petitions_a, "start"), data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert {"association_seat_in_commune", "association_mandate"} <= set(response.context["form"].errors)
    assert not Petition.objects.filter(email="assoc@example.ma").exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("cin", ["123456", "ABC123456", "A1", "AB-12345678901", "ب123456"])
def test_a_malformed_cin_is_refused_and_the_form_refilled(
    petitions_a, petitions_fr, client_a, cin, language, django_capture_on_commit_callbacks
):
    page = petitions_a if language == "ar" else petitions_fr
    before = _counts()
    response = _post(client_a, _url(page, "start"), _start_data(agent_cin=cin), django_capture_on_commit_callbacks)
    assert response.status_code == 200 and _counts() == before
    form = response.context["form"]
    assert list(form.errors) == ["agent_cin"]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "تهيئة حديقة عمومية بحي النصر" in html
    (error,) = form.errors["agent_cin"]
    assert escape(error) in html
    with translation.override(language):  # in the visitor's language
        assert error == gettext(CIN_MESSAGE)


BAD_START = {
    "empty": (dict.fromkeys(_start_data(), "") | CAPTCHA,
              ("title", "reasons", "objectives", "requested_item", "name", "agent_cin", "agent_address", "email", "consent")),
    "short_title": ({"title": "قصير"}, ("title",)),
    "bad_email": ({"email": "nope"}, ("email",)),
    "no_consent": ({"consent": None}, ("consent",)),
    "wrong_captcha": ({"captcha_1": "WRONG"}, ("captcha",)),
    "honeypot": ({"website": "http://spam.example"}, ("website",)),
    # NUL and other invisible characters are removed (participation.core.text): nothing visible left is refused
    "invisible_title": ({"title": "\x00\u200b\u202e\u2066\u3164"}, ("title",)),
}


@pytest.mark.parametrize("case", BAD_START)
def test_bad_input_when_starting_is_refused_and_nothing_stored(petitions_a, client_a, case, django_capture_on_commit_callbacks):
    changes, fields = BAD_START[case]
    data = changes if case == "empty" else _start_data(**changes)
    before = _counts()
    response = _post(client_a, _url(petitions_a, "start"), data, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and _counts() == before and mail.outbox == []
    assert set(fields) <= set(response.context["form"].errors), response.context["form"].errors


def test_starting_is_rate_limited(petitions_a, client_a, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_RATE_LIMITS = {"petitions": {"ip": (1, 3600)}}
    assert _post(client_a, _url(petitions_a, "start"), _start_data(), django_capture_on_commit_callbacks).status_code == 302
    before = _counts()
    response = _post(client_a, _url(petitions_a, "start"), _start_data(email="other@example.ma"),
                     django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response.context["form"].non_field_errors() and _counts() == before


# --- the agent's private page ------------------------------------------------------------------------


def test_editing_in_preparation_works(petitions_a, client_a, make_petition):
    petition = make_petition(petitions_a)
    url = _url(petitions_a, "manage_edit", petition.access_token)
    page = client_a.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and petition.title in page.content.decode()
    data = {"title": "تهيئة ملعب القرب وحديقة بحي الأمل", "reasons": petition.reasons, "objectives": petition.objectives,
            "requested_item": petition.requested_item, "agent_address": "عنوان جديد، عين الزيتون", "phone": ""}
    response = client_a.post(url, data)
    assert response.status_code == 302 and response["Location"] == _url(petitions_a, "manage", petition.access_token)
    petition.refresh_from_db()
    assert petition.title == "تهيئة ملعب القرب وحديقة بحي الأمل" and petition.agent_address == "عنوان جديد، عين الزيتون"
    assert petition.show_name is False and petition.phone == ""
    response = client_a.post(url, data | {"title": "x"})
    assert response.status_code == 200 and "title" in response.context["form"].errors


@pytest.mark.parametrize("status", ["open", "filed"])
def test_editing_an_open_or_filed_petition_is_refused_and_nothing_changes(petitions_a, client_a, make_petition, status):
    petition = make_petition(petitions_a, status)
    url = _url(petitions_a, "manage_edit", petition.access_token)
    data = {"title": "عنوان آخر تماما للعريضة", "reasons": "أسباب أخرى " * 5, "objectives": "أهداف أخرى للعريضة",
            "requested_item": "نقطة أخرى في جدول الأعمال", "agent_address": "عنوان آخر"}
    message = _in("ar", "This petition can no longer be changed: its text is the one people sign or signed.")
    for response in (client_a.get(url), client_a.post(url, data)):
        assert response.status_code == 409 and message in response.content.decode()
    fresh = Petition.objects.get(pk=petition.pk)
    assert (fresh.title, fresh.reasons, fresh.agent_address, fresh.updated_at) == (
        petition.title, petition.reasons, petition.agent_address, petition.updated_at)


def test_withdrawing_the_petition_asks_then_posts(petitions_a, client_a, make_petition, django_capture_on_commit_callbacks):
    petition = make_petition(petitions_a, "open")
    url = _url(petitions_a, "manage_action", petition.access_token, "withdraw")
    page = client_a.get(url)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Petition.objects.get(pk=petition.pk).status == "open"  # a GET changes nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url)
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).status == "withdrawn"
    assert [m.to for m in mail.outbox] == [[petition.email]]
    # again: not allowed any more, a clear message, never a 500
    again = client_a.post(url)
    assert again.status_code == 403
    assert _in("ar", "This action is not allowed on this record now.") in again.content.decode()


def test_unknown_or_forged_manage_addresses(petitions_a, client_a, make_petition):
    petition = make_petition(petitions_a, "open")
    assert client_a.get(_url(petitions_a, "manage_action", petition.access_token, "admit")).status_code == 404
    assert client_a.post(_url(petitions_a, "manage_action", petition.access_token, "delete")).status_code == 404
    for token in ("wrong-token", "x" * 64, "%00"):
        for name in ("manage", "started", "manage_edit", "receipt", "receipt_pdf"):
            assert client_a.get(_path(petitions_a) + {
                "manage": f"manage/{token}/", "started": f"started/{token}/", "manage_edit": f"manage/{token}/edit/",
                "receipt": f"manage/{token}/receipt/", "receipt_pdf": f"manage/{token}/receipt.pdf",
            }[name]).status_code == 404
        assert client_a.post(_path(petitions_a) + f"manage/{token}/file/").status_code == 404


def test_filing_before_the_threshold_is_refused_with_the_count(petitions_a, client_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=2)
    manage = client_a.get(_url(petitions_a, "manage", petition.access_token)).content.decode()
    assert _url(petitions_a, "manage_action", petition.access_token, "file") not in manage
    assert response_context_missing(client_a, petitions_a, petition) == 2
    response = client_a.post(_url(petitions_a, "manage_action", petition.access_token, "file"))
    assert response.status_code == 400
    with translation.override("ar"):
        expected = gettext("The petition has %(count)s valid signatures; %(required)s are needed to file it.") % {
            "count": 0, "required": 2}
    assert escape(expected) in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).status == "open"
    assert client_a.get(_url(petitions_a, "receipt", petition.access_token)).status_code == 404
    assert client_a.get(_url(petitions_a, "receipt_pdf", petition.access_token)).status_code == 404


def response_context_missing(client, page, petition):
    return client.get(_url(page, "manage", petition.access_token)).context["petition"].shown_missing


# --- signing -------------------------------------------------------------------------------------------


def _confirm_path(message):
    return re.search(r"https?://\S+/confirm/\S+", message.body).group(0).split(HOST_A, 1)[1]


def _withdraw_path(message):
    return re.search(r"https?://\S+/withdraw/\S+", message.body).group(0).split(HOST_A, 1)[1]


def _sign(client, page, petition, capture, **changes):
    with capture(execute=True):
        return client.post(_url(page, "sign", petition.pk), _sign_data(**changes))


def test_signing_confirming_by_post_and_filing_with_the_receipt(
    petitions_a, client_a, make_petition, django_capture_on_commit_callbacks
):
    petition = make_petition(petitions_a, "open", threshold=2)
    assert client_a.get(_url(petitions_a, "sign", petition.pk)).status_code == 302  # GET goes back to the petition

    mail.outbox.clear()
    response = _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == _url(petitions_a, "detail", petition.pk)
    followed = client_a.get(response["Location"]).content.decode()
    assert _in("ar", "Thank you. Check your e-mail: your signature counts once you confirm it with the link we sent "
                     "you.") in followed
    (message,) = mail.outbox
    assert message.to == ["nadia@example.ma"] and petition.reference in message.subject
    signature = Signature.objects.get(petition=petition)
    assert (signature.cin, signature.confirmed_at) == ("CD123456", None)

    # a mail scanner opens the link: nothing is counted
    confirm = _confirm_path(message)
    page = client_a.get(confirm)
    assert page.status_code == 200 and 'method="post"' in page.content.decode() and "no-store" in page["Cache-Control"]
    assert Petition.objects.get(pk=petition.pk).signature_count == 0
    # the button: counted once
    assert client_a.post(confirm).status_code == 200
    again = client_a.post(confirm)
    assert _in("ar", "Your signature was already confirmed: it counts once.") in again.content.decode()
    assert Petition.objects.get(pk=petition.pk).signature_count == 1

    # a second signatory reaches the threshold: the agent is told
    mail.outbox.clear()
    _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks, cin="EF 654321", email="omar@example.ma",
          name="عمر", basis="activity", activity="متجر للمواد الغذائية")
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(_confirm_path(mail.outbox[0]))
    assert Petition.objects.get(pk=petition.pk).signature_count == 2
    assert [m for m in mail.outbox if m.to == [petition.email]]  # threshold reached

    # the agent files it
    manage = client_a.get(_url(petitions_a, "manage", petition.access_token)).content.decode()
    file_url = _url(petitions_a, "manage_action", petition.access_token, "file")
    assert file_url in manage
    assert client_a.get(file_url).status_code == 200 and Petition.objects.get(pk=petition.pk).status == "open"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(file_url)
    assert response.status_code == 302
    petition = Petition.objects.get(pk=petition.pk)
    assert (petition.status, petition.signatures_required, petition.filed_on) == ("filed", 2, timezone.localdate())
    assert petition.deadline is not None

    # the receipt, as HTML …
    receipt = client_a.get(_url(petitions_a, "receipt", petition.access_token))
    html = receipt.content.decode()
    assert receipt.status_code == 200 and "no-store" in receipt["Cache-Control"]
    assert petition.reference in html and petition.name in html and "125" in html
    from django.utils.formats import date_format

    with translation.override("ar"):
        assert escape(date_format(petition.filed_on, "DATE_FORMAT")) in html
        assert escape(date_format(petition.deadline, "DATE_FORMAT")) in html
    # … as PDF …
    pdf = client_a.get(_url(petitions_a, "receipt_pdf", petition.access_token))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]
    # … and by e-mail, with the PDF attached; the bureau is told
    (to_agent,) = [m for m in mail.outbox if m.to == [petition.email]]
    assert petition.reference in to_agent.body.splitlines()[0]
    (attachment,) = to_agent.attachments
    assert attachment[0] == f"{petition.reference}.pdf" and attachment[2] == "application/pdf"
    assert attachment[1].startswith(b"%PDF")

    # signing is now closed, and a signature can no longer be withdrawn
    response = _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks, cin="GH 111222",
                     email="late@example.ma")
    assert response.status_code == 400
    assert _in("ar", "This petition does not accept signatures (it is not open for signature).") in response.content.decode()
    assert not Signature.objects.filter(email="late@example.ma").exists()
    withdraw = client_a.post(_url(petitions_a, "withdraw_signature", make_token("withdraw", signature)))
    assert withdraw.status_code == 200
    assert _in("ar", "The petition was filed or closed: a signature can no longer be withdrawn.") in withdraw.content.decode()
    assert Signature.objects.filter(pk=signature.pk).exists()
    assert Petition.objects.get(pk=petition.pk).signature_count == 2


def test_duplicate_cin_and_duplicate_email_are_refused(petitions_a, client_a, make_petition, django_capture_on_commit_callbacks):
    petition = make_petition(petitions_a, "open")
    assert _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks).status_code == 302
    message = _in("ar", "This petition already has a signature with this CIN number or this e-mail address. "
                        "Each person signs once; check your e-mail for the confirmation link.")
    for changes in ({"cin": "cd 123456", "email": "other@example.ma"}, {"cin": "XY987654", "email": "NADIA@example.ma"}):
        response = _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks, **changes)
        html = response.content.decode()
        assert response.status_code == 400 and message in html
        assert "درب 7، حي الأمل، عين الزيتون" in html  # the form is refilled
    assert Signature.objects.filter(petition=petition).count() == 1


@pytest.mark.parametrize("changes, field, message", [
    ({"cin": "12345"}, "cin", CIN_MESSAGE),
    ({"basis": "tourist"}, "basis", None),
    ({"basis": "activity", "activity": ""}, "activity", "Describe the activity you carry on in the commune."),
    ({"address": ""}, "address", "This field is required."),
    ({"email": "bad"}, "email", "Enter a valid email address."),
    ({"consent": None}, "consent", "Please confirm that you have read the information notice on personal data."),
    ({"captcha_1": "WRONG"}, "captcha", "The characters you typed do not match the image. Please try again."),
])
def test_bad_signatures_are_refused_beside_the_field(
    petitions_a, client_a, make_petition, changes, field, message, django_capture_on_commit_callbacks
):
    petition = make_petition(petitions_a, "open")
    response = _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400 and field in response.context["sign_form"].errors
    html = response.content.decode()
    errors = response.context["sign_form"].errors[field]
    assert all(escape(error) in html for error in errors) and 'aria-invalid="true"' in html
    if message:
        with translation.override("ar"):
            assert gettext(message) in errors
    if field in ("email", "consent", "captcha", "address"):
        assert not errors[0].isascii()  # messages already in the Arabic catalogue
    assert not Signature.objects.filter(petition=petition).exists() and mail.outbox == []


def test_french_signature_errors_speak_french(petitions_fr, client_a, make_petition, django_capture_on_commit_callbacks):
    petition = make_petition(petitions_fr.get_translation(Locale.objects.get(language_code="ar")), "open")
    response = _sign(client_a, petitions_fr, petition, django_capture_on_commit_callbacks, cin="12345")
    html = response.content.decode()
    assert response.status_code == 400 and html_attr(html, "html", "lang") == "fr"
    (error,) = response.context["sign_form"].errors["cin"]
    with translation.override("fr"):
        assert error == gettext(CIN_MESSAGE) and escape(error) in html
    response = _sign(client_a, petitions_fr, petition, django_capture_on_commit_callbacks, email="pas-une-adresse")
    (error,) = response.context["sign_form"].errors["email"]
    assert error.startswith("Saisissez") and escape(error) in response.content.decode()


@pytest.mark.parametrize("status", ["preparation", "not_opened", "filed", "inadmissible"])
def test_signing_a_petition_that_is_not_open_is_refused(
    petitions_a, client_a, make_petition, status, django_capture_on_commit_callbacks
):
    petition = make_petition(petitions_a, status)
    response = _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks)
    assert response.status_code in (400, 404)
    if status in ("preparation", "not_opened"):
        assert response.status_code == 404  # not public at all
        assert client_a.get(_url(petitions_a, "detail", petition.pk)).status_code == 404
    else:
        assert "sign_form" in response.context and 'name="cin"' not in response.content.decode()
    assert not Signature.objects.filter(petition=petition).exists() and mail.outbox == []


def test_withdrawing_a_signature_before_filing_decrements(
    petitions_a, client_a, make_petition, django_capture_on_commit_callbacks
):
    petition = make_petition(petitions_a, "open")
    mail.outbox.clear()
    _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    client_a.post(_confirm_path(message))
    assert Petition.objects.get(pk=petition.pk).signature_count == 1
    withdraw = _withdraw_path(message)
    page = client_a.get(withdraw)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Signature.objects.filter(petition=petition).count() == 1  # a GET changes nothing
    response = client_a.post(withdraw)
    assert response.status_code == 200
    assert _in("ar", "Your signature is withdrawn and deleted.") in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).signature_count == 0
    assert not Signature.objects.filter(petition=petition).exists()
    again = client_a.post(withdraw)
    assert again.status_code == 200 and _in("ar", "This signature was already withdrawn.") in again.content.decode()


def test_signing_is_rate_limited_per_email(petitions_a, client_a, make_petition, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_RATE_LIMITS = {"petitions-sign": {"email": (1, 3600)}}
    petition = make_petition(petitions_a, "open")
    other = make_petition(petitions_a, "open", title="عريضة ثانية حول النقل المدرسي")
    assert _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks).status_code == 302
    response = _sign(client_a, petitions_a, other, django_capture_on_commit_callbacks)
    assert response.status_code == 429 and response.context["sign_form"].non_field_errors()
    assert not Signature.objects.filter(petition=other).exists()


@pytest.mark.parametrize("make", [
    lambda signature: "not-a-token",
    lambda signature: "A" * 80,
    lambda signature: make_token("withdraw", signature),  # the other purpose
    lambda signature: make_token("sign", signature.petition),  # another model
])
def test_forged_confirmation_links_are_refused(petitions_a, client_a, make_petition, make):
    petition = make_petition(petitions_a, "open")
    signature = services.sign(petition, signatory())
    url = _url(petitions_a, "confirm_signature", make(signature))
    for response in (client_a.get(url), client_a.post(url)):
        assert response.status_code == 400
        assert "no-store" in response["Cache-Control"]
    assert Signature.objects.get(pk=signature.pk).confirmed_at is None


@pytest.mark.parametrize("make", [
    lambda signature: "not-a-token",
    lambda signature: "A" * 80,
    lambda signature: make_token("sign", signature),  # the other purpose
    lambda signature: make_token("withdraw", signature.petition),  # another model
])
def test_forged_withdrawal_links_are_refused(petitions_a, client_a, make_petition, make):
    petition = make_petition(petitions_a, "open")
    signature = services.sign(petition, signatory())
    url = _url(petitions_a, "withdraw_signature", make(signature))
    for response in (client_a.get(url), client_a.post(url)):
        assert response.status_code == 400 and "no-store" in response["Cache-Control"]
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_links_of_another_commune_are_refused(petitions_a, petitions_b, client_b, make_petition):
    petition = make_petition(petitions_a, "open")
    signature = services.sign(petition, signatory())
    assert client_b.post(_url(petitions_b, "confirm_signature", make_token("sign", signature))).status_code == 400
    assert client_b.post(_url(petitions_b, "withdraw_signature", make_token("withdraw", signature))).status_code == 400
    assert client_b.get(_url(petitions_b, "detail", petition.pk)).status_code == 404
    assert client_b.get(_url(petitions_b, "manage", petition.access_token)).status_code == 404
    assert Signature.objects.get(pk=signature.pk).confirmed_at is None


def test_association_petitions_are_not_signed_online(petitions_a, client_a, make_petition, django_capture_on_commit_callbacks):
    petition = make_petition(petitions_a, "open", kind="association", association_name="جمعية الأمل")
    html = client_a.get(_url(petitions_a, "detail", petition.pk)).content.decode()
    assert 'name="cin"' not in html and "جمعية الأمل" in html
    response = _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and not Signature.objects.filter(petition=petition).exists()


# --- the public list and pages --------------------------------------------------------------------------


def _bulk(page, count, status="open", **fields):
    """Public petitions as the workflow leaves them: the threshold is fixed once a petition opens."""
    fields.setdefault("signatures_required", 0 if fields.get("kind") == "association" else 100)
    site = page.get_site()
    start = Petition.objects.filter(site=site).count()
    Petition.objects.bulk_create(
        Petition(
            site=site, page=page, reference=f"PET-1999-{start + i:05d}", status=status, is_public=True,
            title=f"عريضة عمومية رقم {start + i}", reasons="أسباب العريضة " * 3, objectives="أهداف العريضة",
            requested_item="نقطة في جدول الأعمال", name="اسم الوكيل", email=f"agent{start + i}@example.ma",
            agent_cin=f"Z{start + i:06d}", agent_address="عنوان الوكيل", **fields,
        )
        for i in range(count)
    )


def test_the_list_shows_only_public_petitions_with_figures(petitions_a, client_a, make_petition):
    Petition.objects.filter(site=petitions_a.get_site()).delete()  # whatever the demo holds
    shown = {status: make_petition(petitions_a, status) for status in ("open", "filed", "scheduled", "inadmissible")}
    hidden = [make_petition(petitions_a), make_petition(petitions_a, "not_opened")]
    response = client_a.get(_path(petitions_a))
    assert response.status_code == 200
    html = response.content.decode()
    listed = {p.pk for p in response.context["petitions"]}
    assert {p.pk for p in shown.values()} <= listed and not listed & {p.pk for p in hidden}
    for petition in hidden:
        assert _url(petitions_a, "detail", petition.pk) not in html
    assert response.context["preparation_count"] == 1
    assert response.context["public_count"] == Petition.objects.filter(
        site=petitions_a.get_site(), is_public=True).exclude(status__in=("preparation", "not_opened")).count()
    assert _url(petitions_a, "start") in html and "eparticipation.ma" in html
    assert "<progress" in html and html.count("<h1") == 1


def test_filters_narrow_the_list_and_bad_values_never_fail(petitions_a, client_a, make_petition):
    Petition.objects.filter(site=petitions_a.get_site()).delete()  # whatever the demo holds
    opened, filed = make_petition(petitions_a, "open"), make_petition(petitions_a, "filed")
    scheduled = make_petition(petitions_a, "scheduled")
    response = client_a.get(_path(petitions_a), {"status": "open"})
    assert {p.pk for p in response.context["petitions"]} == {opened.pk}
    response = client_a.get(_path(petitions_a), {"status": "agenda"})
    assert {p.pk for p in response.context["petitions"]} == {scheduled.pk}
    response = client_a.get(_path(petitions_a), {"status": "filed"})
    assert {p.pk for p in response.context["petitions"]} == {filed.pk}
    for params in ({"status": "nope"}, {"status": "preparation"}, {"status": "\x00"}, {"status": "x" * 500},
                   {"page": "-1"}, {"page": "abc"}, {"page": "99999"}):
        response = client_a.get(_path(petitions_a), params)
        assert response.status_code == 200, params
    response = client_a.get(_path(petitions_a), {"status": "preparation"})
    assert response.context["filter_form"].errors["status"]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and _in("ar", "A filter is not valid: the whole list is shown.") in html
    assert not {p.status for p in response.context["petitions"]} & {"preparation", "not_opened"}


def test_empty_state(petitions_b, client_b):
    Petition.objects.filter(site=petitions_b.get_site()).delete()
    html = client_b.get(_path(petitions_b)).content.decode()
    assert _in("ar", "No petition is open or filed yet. Yours could be the first!") in html


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_list_queries_do_not_grow(petitions_a, client_a):
    Petition.objects.filter(site=petitions_a.get_site()).delete()
    _bulk(petitions_a, 5)
    few = _queries(client_a, _path(petitions_a))
    _bulk(petitions_a, 15, status="filed", signatures_required=200, filed_on=date(2026, 1, 5))
    _bulk(petitions_a, 10, kind="association", association_name="جمعية")
    many = _queries(client_a, _path(petitions_a))
    assert many == few, f"{few} queries with 5 petitions, {many} with 30"
    assert _queries(client_a, _path(petitions_a) + "?status=filed&page=2") == few


def test_detail_page_shows_the_petition_timeline_and_count(petitions_a, client_a, make_petition):
    petition = make_petition(petitions_a, "scheduled")
    response = client_a.get(_url(petitions_a, "detail", petition.pk))
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    for text in (petition.title, petition.reasons, petition.objectives, petition.requested_item, "لجنة المرافق العمومية",
                 petition.name):
        assert escape(text) in html, text
    with translation.override("ar"):
        for status in ("open", "filed", "admissible", "committee", "scheduled"):
            assert escape(str(PetitionStatus(status).label)) in html
        from django.utils.formats import date_format

        assert escape(date_format(date(2027, 2, 1), "DATE_FORMAT")) in html
    assert "<progress" in html and 'aria-labelledby="detail-progress-' in html
    assert 'name="cin"' not in html  # filed: no sign form


def test_public_pages_never_show_personal_data(petitions_a, petitions_fr, client_a, make_petition,
                                               django_capture_on_commit_callbacks):
    anonymous = make_petition(petitions_a, "open", show_name=False, name="وكيل لا يظهر اسمه", agent_cin="QZ998877",
                              email="hidden-agent@example.ma", phone="0699887766", agent_address="عنوان سري للوكيل")
    named = make_petition(petitions_a, "filed", agent_cin="QZ445566", email="named-agent@example.ma")
    _sign(client_a, petitions_a, anonymous, django_capture_on_commit_callbacks, name="موقع سري", cin="QX 123987",
          email="secret-signer@example.ma", address="عنوان سري للموقع")
    html = ""
    for page in (petitions_a, petitions_fr):
        html += client_a.get(_path(page)).content.decode()
        for petition in (anonymous, named):
            html += client_a.get(_url(page, "detail", petition.pk)).content.decode()
    for secret in ("QZ998877", "QZ445566", "hidden-agent@", "named-agent@", "0699887766", "0611111111", "عنوان سري",
                   "وكيل لا يظهر اسمه", "موقع سري", "QX123987", "QX 123987", "secret-signer", "@example.ma"):
        assert secret not in html, secret
    assert named.name in html  # the agent who agreed is shown
    assert escape(anonymous.title) in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_pages_render_in_the_visitors_language(petitions_a, petitions_fr, client_a, make_petition, language):
    page = petitions_a if language == "ar" else petitions_fr
    assert _path(page).startswith(f"/{language}/")
    petition = make_petition(petitions_a, "filed")
    expected = "Start a citizens' petition"
    for url in (_path(page), _url(page, "start"), _url(page, "detail", petition.pk),
                _url(page, "manage", petition.access_token), _url(page, "receipt", petition.access_token)):
        response = client_a.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html_attr(html, "html", "lang") == language
        assert html_attr(html, "html", "dir") == ("rtl" if language == "ar" else "ltr")
    html = unescape(client_a.get(_path(page)).content.decode())
    with translation.override(language):
        assert gettext(expected) in html
    with translation.override(language):
        pdf = client_a.get(_url(page, "receipt_pdf", petition.access_token))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_html_in_the_text_is_shown_escaped(petitions_a, client_a, make_petition):
    script = "<script>alert(1)</script>"
    petition = make_petition(petitions_a, "open", title="عنوان <b>عريض</b> للعريضة", reasons="أسباب كثيرة للعريضة " + script)
    for url in (_path(petitions_a), _url(petitions_a, "detail", petition.pk), _url(petitions_a, "manage", petition.access_token)):
        html = client_a.get(url).content.decode()
        assert script not in html and "<b>عريض</b>" not in html, url
