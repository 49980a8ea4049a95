"""The citizen's side of the suggestions box: submitting (with every kind of bad
input), the receipt and the private follow-up, the public list and its figures,
supports confirmed by a POST, RSS, languages and query counts."""
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import ExifTags, Image
from wagtail.models import Locale

from participation.core.services import perform
from participation.core.verification import make_token
from participation.suggestions import services
from participation.suggestions.forms import localized_categories
from participation.suggestions.models import Suggestion, SuggestionBoxPage, SuggestionStatusEntry, SuggestionSupport
from tests.conftest import HOST_A, HOST_B
from tests.site.helpers import html_attr, page_of_type

TEXT = "الإنارة العمومية معطلة في شارع الأمل منذ أسبوعين، والمكان مظلم جدا ليلا."
REFERENCE = re.compile(r"SUG-\d{4}-\d{5}")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache: start every test with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def box(demo):
    return page_of_type(demo.site_a, SuggestionBoxPage)


@pytest.fixture
def box_fr(demo):
    return page_of_type(demo.site_a, SuggestionBoxPage, "fr")


@pytest.fixture
def admin_user(demo):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def _path(page):
    """The page's path on its commune's host (what the templates link to)."""
    return page.get_url_parts()[2]


def _url(page, name, *args):
    return page.route_path(name, *args)


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A small JPEG carrying EXIF data with a GPS position, as phones write them."""
    image = Image.new("RGB", size, (200, 60, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "JamaaPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (33.0, 57.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (5.0, 33.0, 1.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really has GPS data
    return data


def _category(site, language="ar"):
    with translation.override(language):
        return localized_categories(site).first()


def _data(site, language="ar", **changes):
    data = {
        "kind": "report",
        "category": _category(site, language).pk,
        "title": "عمود إنارة معطل في شارع الأمل",
        "text": TEXT,
        "neighbourhood": "حي الأمل",
        "name": "مواطنة تجريبية",
        "email": "citizen@example.ma",
        "phone": "",
        "consent": "on",
        "captcha_0": "any-key",
        "captcha_1": "PASSED",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _submit(client, page, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(_url(page, "submit"), data)


def _published(site, box, count, **fields):
    """`count` published suggestions of `site`, created straight in the database."""
    category = _category(site)
    start = Suggestion.objects.filter(site=site).count()
    Suggestion.objects.bulk_create(
        Suggestion(
            site=site, page=box, reference=f"SUG-1999-{start + i:05d}", status="answered", is_public=True,
            kind="suggestion", category=category, title=f"اقتراح منشور رقم {start + i}", text=TEXT,
            name="اسم مخفي", email=f"hidden{start + i}@example.ma", public_answer="جواب الجماعة", **fields,
        )
        for i in range(count)
    )


# --- the form -----------------------------------------------------------------------------------


def test_form_has_labels_limits_guards_and_the_09_08_notice(box, client_a):
    response = client_a.get(_url(box, "submit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert 'name="captcha_1"' in html and 'name="website"' in html and 'name="consent"' in html
    for name in ("category", "title", "text", "neighbourhood", "photo", "name", "email", "phone", "show_name", "consent"):
        assert f'for="id_{name}"' in html, name
    assert "<legend" in html and 'name="kind"' in html  # the radio group of kinds has a fieldset and legend
    assert 'maxlength="150"' in html and 'maxlength="5000"' in html
    assert html.count("<h1") == 1
    # the notice: controller, purpose, rights with the commune's e-mail, the CNDP receipt
    from base.models import CommuneSettings

    settings = CommuneSettings.for_site(box.get_site())
    assert settings.cndp_reference in html and settings.email in html and settings.name_ar in html
    with translation.override("ar"):
        assert escape(gettext("Your personal data")) in html


def test_categories_are_the_communes_in_the_visitors_language(demo, box, box_fr, client_a):
    from participation.suggestions.models import SuggestionCategory

    arabic = client_a.get(_url(box, "submit")).context["form"].fields["category"].queryset
    french = client_a.get(_url(box_fr, "submit")).context["form"].fields["category"].queryset
    assert arabic.count() == french.count() == 8
    assert {c.locale.language_code for c in arabic} == {"ar"} and {c.locale.language_code for c in french} == {"fr"}
    assert not SuggestionCategory.objects.filter(pk__in=arabic).exclude(site=demo.site_a).exists()
    # commune B has fewer categories, and only its own
    box_b = page_of_type(demo.site_b, SuggestionBoxPage)
    queryset = Client(HTTP_HOST=HOST_B).get(_url(box_b, "submit")).context["form"].fields["category"].queryset
    assert 0 < queryset.count() < 8 and set(queryset.values_list("site", flat=True)) == {demo.site_b.pk}


# --- the whole path -------------------------------------------------------------------------------


def test_whole_path_submit_receipt_email_followup(box, client_a, django_capture_on_commit_callbacks):
    before = Suggestion.objects.count()
    photo = SimpleUploadedFile("lamp.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = _submit(client_a, box, _data(box.get_site(), photo=photo), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    suggestion = Suggestion.objects.get(email="citizen@example.ma", title="عمود إنارة معطل في شارع الأمل")
    assert Suggestion.objects.count() == before + 1
    assert REFERENCE.fullmatch(suggestion.reference)
    assert response["Location"] == _url(box, "receipt", suggestion.access_token)
    assert (suggestion.status, suggestion.language, suggestion.site, suggestion.is_public) == ("received", "ar", box.get_site(), False)

    # the stored photo is a re-encoded JPEG without any EXIF (no GPS position)
    with suggestion.photo.open("rb") as stored:
        data = stored.read()
    assert b"Exif" not in data and b"JamaaPhone" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and not image.getexif()

    receipt = client_a.get(response["Location"])
    html = receipt.content.decode()
    assert receipt.status_code == 200 and suggestion.reference in html
    followup_path = _url(box, "followup", suggestion.access_token)
    assert followup_path in html
    assert "private" in receipt["Cache-Control"] and "no-store" in receipt["Cache-Control"]

    # e-mails: the receipt to the citizen, in Arabic, reference and private link first; a note to the commune
    to_citizen = [m for m in mail.outbox if m.to == ["citizen@example.ma"]]
    assert len(to_citizen) == 1
    message = to_citizen[0]
    with translation.override("ar"):
        assert message.subject == gettext("Your message %(reference)s has been received") % {"reference": suggestion.reference}
    first_lines = message.body.splitlines()[:2]
    assert suggestion.reference in first_lines[0] and first_lines[1].endswith(followup_path)
    to_staff = [m for m in mail.outbox if "contact@ain-zitoune.example" in m.to]
    assert len(to_staff) == 1 and "citizen@example.ma" not in to_staff[0].body

    # the e-mailed link opens the private follow-up page
    link = re.search(r"https?://\S+", message.body).group(0)
    followup = client_a.get(link.split(HOST_A, 1)[1])
    html = followup.content.decode()
    assert followup.status_code == 200
    with translation.override("ar"):
        assert escape(suggestion.get_status_display()) in html
    assert '<meta name="robots" content="noindex' in html
    assert "private" in followup["Cache-Control"] and "no-store" in followup["Cache-Control"]


def test_french_submission_gets_a_french_receipt_and_status_mail(box_fr, client_a, admin_user, django_capture_on_commit_callbacks):
    site = box_fr.get_site()
    response = _submit(client_a, box_fr, _data(site, "fr", email="citoyen@example.ma", title="Banc cassé au jardin"),
                       django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].startswith("/fr/")
    suggestion = Suggestion.objects.get(email="citoyen@example.ma")
    assert suggestion.language == "fr" and suggestion.category.locale.language_code == "fr"
    with translation.override("fr"):
        expected = gettext("Your message %(reference)s has been received") % {"reference": suggestion.reference}
    assert expected.startswith("Votre message")
    assert [m.subject for m in mail.outbox if m.to == ["citoyen@example.ma"]] == [expected]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform(suggestion, "answer", admin_user, public_answer="Le banc sera remplacé la semaine prochaine.")
    (message,) = [m for m in mail.outbox if m.to == ["citoyen@example.ma"]]
    assert suggestion.reference in message.body.splitlines()[0]
    assert "Le banc sera remplacé" in message.body and "Réponse de la commune" in message.body


def test_followup_shows_rejection_reason_and_merge_target(demo, box, client_a, admin_user, django_capture_on_commit_callbacks):
    site = box.get_site()
    for email in ("one@example.ma", "two@example.ma"):
        _submit(client_a, box, _data(site, email=email), django_capture_on_commit_callbacks)
    rejected, merged = Suggestion.objects.get(email="one@example.ma"), Suggestion.objects.get(email="two@example.ma")
    perform(rejected, "reject", admin_user, rejection_reason="خارج اختصاصات الجماعة.")
    target = Suggestion.objects.filter(site=demo.site_a, is_public=True).first()
    services.merge(merged, target, admin_user)

    html = client_a.get(_url(box, "followup", rejected.access_token)).content.decode()
    assert "خارج اختصاصات الجماعة." in html
    html = client_a.get(_url(box, "followup", merged.access_token)).content.decode()
    assert target.reference in html and f'href="{_url(box, "detail", target.pk)}"' in html
    with translation.override("ar"):
        labels = [str(label) for value, label in Suggestion.workflow.statuses.choices if value in ("received", "merged")]
    assert all(escape(label) in html for label in labels)  # the public history


# --- bad input: a clear message beside the field, the form kept, nothing stored ----------------------

NOT_AN_IMAGE = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 this is not a picture at all", content_type="image/jpeg")


def _huge_jpeg():
    return SimpleUploadedFile("huge.jpg", jpeg_with_gps() + b"\0" * (20 * 1024 * 1024), content_type="image/jpeg")


BAD_INPUTS = {
    "empty": (lambda site: dict.fromkeys(_data(site), "") | {"captcha_0": "x", "captcha_1": "PASSED"},
              ("kind", "category", "title", "text", "name", "email", "consent")),
    "title_too_long": (lambda site: _data(site, title="ع" * 151), ("title",)),
    "title_too_short": (lambda site: _data(site, title="abc"), ("title",)),
    "text_too_long": (lambda site: _data(site, text="ن" * 5001), ("text",)),
    "text_too_short": (lambda site: _data(site, text="قصير"), ("text",)),
    "name_too_long": (lambda site: _data(site, name="س" * 151), ("name",)),
    "neighbourhood_too_long": (lambda site: _data(site, neighbourhood="ح" * 101), ("neighbourhood",)),
    "bad_email": (lambda site: _data(site, email="not-an-address"), ("email",)),
    "bad_phone": (lambda site: _data(site, phone="call me maybe"), ("phone",)),
    "bad_kind": (lambda site: _data(site, kind="petition"), ("kind",)),
    "no_consent": (lambda site: _data(site, consent=None), ("consent",)),
    "wrong_captcha": (lambda site: _data(site, captcha_1="WRONG"), ("captcha",)),
    "honeypot": (lambda site: _data(site, website="http://spam.example"), ("website",)),
    "not_an_image": (lambda site: _data(site, photo=NOT_AN_IMAGE), ("photo",)),
    "twenty_megabytes": (lambda site: _data(site, photo=_huge_jpeg()), ("photo",)),
    "unknown_category": (lambda site: _data(site, category="999999"), ("category",)),
    "garbage_category": (lambda site: _data(site, category="1 OR 1=1"), ("category",)),
    "huge_category": (lambda site: _data(site, category="9" * 30), ("category",)),
    # NUL and other invisible characters are removed (participation.core.text): nothing visible left is refused
    "invisible_title": (lambda site: _data(site, title="\x00\u200b\u202e\u2066\u3164"), ("title",)),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_stored(box, client_a, case, django_capture_on_commit_callbacks):
    make, fields = BAD_INPUTS[case]
    NOT_AN_IMAGE.seek(0)
    before = (Suggestion.objects.count(), SuggestionStatusEntry.objects.count())
    response = _submit(client_a, box, make(box.get_site()), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(fields) <= set(form.errors), form.errors
    html = response.content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html or "website" in fields
    for field in fields:
        for error in form.errors[field]:
            assert escape(error) in html
            assert not error.isascii(), f"{field}: {error!r} is not in Arabic"
    assert (Suggestion.objects.count(), SuggestionStatusEntry.objects.count()) == before
    assert mail.outbox == []


@pytest.mark.parametrize("garbage", ["\x00", "ا" * 100000, "<script>alert(1)</script>", "\u202eevil", "' OR 1=1 --"])
def test_garbage_never_gives_a_server_error(box, client_a, garbage, django_capture_on_commit_callbacks):
    data = dict.fromkeys(_data(box.get_site()), garbage) | {"captcha_0": "x", "captcha_1": "PASSED"}
    before = Suggestion.objects.count()
    response = _submit(client_a, box, data, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response.context["form"].errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Suggestion.objects.count() == before  # (no query on the garbage: PostgreSQL refuses NUL bytes)


def test_another_communes_category_is_refused(demo, box, client_a, django_capture_on_commit_callbacks):
    other = _category(demo.site_b)
    response = _submit(client_a, box, _data(box.get_site(), category=other.pk), django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "category" in response.context["form"].errors
    assert not Suggestion.objects.filter(email="citizen@example.ma").exists()


def test_what_was_typed_is_kept_and_errors_speak_french(box_fr, client_a, django_capture_on_commit_callbacks):
    data = _data(box_fr.get_site(), "fr", title="Lampadaire en panne rue Al Amal", email="bad")
    response = _submit(client_a, box_fr, data, django_capture_on_commit_callbacks)
    html = response.content.decode()
    assert response.status_code == 200 and "Lampadaire en panne rue Al Amal" in html
    from django.core.validators import EmailValidator

    with translation.override("fr"):
        message = str(EmailValidator.message)
    assert message.startswith("Saisissez") and response.context["form"].errors["email"] == [message]
    assert escape(message) in html and html_attr(html, "html", "lang") == "fr"


def test_html_in_the_text_is_shown_escaped(box, client_a, admin_user, django_capture_on_commit_callbacks):
    script = "<script>alert('x')</script><b onmouseover=alert(1)>عريض</b>"
    response = _submit(client_a, box, _data(box.get_site(), text=TEXT + script, title="<i>عنوان</i> تجريبي"),
                       django_capture_on_commit_callbacks)
    suggestion = Suggestion.objects.get(email="citizen@example.ma")
    assert suggestion.text.endswith(script)  # stored as typed
    with django_capture_on_commit_callbacks(execute=True):
        perform(suggestion, "answer", admin_user, public_answer="<script>alert('answer')</script> جواب")
    pages = [response["Location"], _url(box, "followup", suggestion.access_token), _url(box, "detail", suggestion.pk), _path(box)]
    for url in pages:
        html = client_a.get(url).content.decode()
        assert "<script>alert" not in html and "<b onmouseover" not in html and "<i>عنوان</i>" not in html, url
        assert url == response["Location"] or "&lt;i&gt;عنوان&lt;/i&gt;" in html, url
    feed = client_a.get(_url(box, "rss")).content.decode()
    assert "<script>" not in feed


def test_missing_csrf_token_is_refused(box, django_capture_on_commit_callbacks):
    client = Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)
    before = Suggestion.objects.count()
    response = _submit(client, box, _data(box.get_site()), django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert Suggestion.objects.count() == before and mail.outbox == []


def test_rate_limit_refuses_with_a_message_and_keeps_the_form(box, client_a, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_RATE_LIMITS = {"ip": (2, 3600), "email": (5, 3600)}
    site = box.get_site()
    for i in range(2):
        response = _submit(client_a, box, _data(site, email=f"person{i}@example.ma"), django_capture_on_commit_callbacks)
        assert response.status_code == 302
    before = Suggestion.objects.count()
    response = _submit(client_a, box, _data(site, email="third@example.ma"), django_capture_on_commit_callbacks)
    assert response.status_code == 429 and Suggestion.objects.count() == before
    html = response.content.decode()
    with translation.override("ar"):
        message = gettext("Too many messages were sent from your connection or your e-mail address. "
                          "Nothing was stored: please try again in an hour.")
    assert escape(message) in html and TEXT in html
    assert not [m for m in mail.outbox if m.to == ["third@example.ma"]]


def test_rate_limit_per_email(box, client_a, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_RATE_LIMITS = {"ip": (100, 3600), "email": (1, 3600)}
    site = box.get_site()
    assert _submit(client_a, box, _data(site), django_capture_on_commit_callbacks).status_code == 302
    response = _submit(client_a, box, _data(site, email="CITIZEN@example.ma "), django_capture_on_commit_callbacks)
    assert response.status_code == 429 and response.context["form"].non_field_errors()
    assert Suggestion.objects.filter(email__iexact="citizen@example.ma").count() == 1


def test_forged_forwarded_for_header_does_not_block_a_submission(box, client_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(_url(box, "submit"), _data(box.get_site()), HTTP_X_FORWARDED_FOR="not-an-ip")
    assert response.status_code == 302
    assert Suggestion.objects.get(email="citizen@example.ma").submitted_ip is None


# --- privacy and communes ---------------------------------------------------------------------------


def test_another_communes_records_are_not_found(demo, client_b, box):
    published = Suggestion.objects.filter(site=demo.site_a, is_public=True).first()
    assert published is not None  # the demo publishes some
    box_b = page_of_type(demo.site_b, SuggestionBoxPage)
    for name, arg in (("detail", published.pk), ("followup", published.access_token), ("receipt", published.access_token)):
        assert client_b.get(_url(box_b, name, arg)).status_code == 404
    response = client_b.post(_url(box_b, "support", published.pk), {"email": "x@example.ma"})
    assert response.status_code == 404
    index = client_b.get(_path(box_b)).content.decode()
    assert published.title not in index


@pytest.mark.parametrize("token", ["wrong-token", "x" * 64, "%00", "' OR 1=1 --"])
def test_wrong_followup_token_gives_404(box, client_a, token):
    from urllib.parse import quote

    assert client_a.get(_path(box) + "followup/" + quote(token, safe="") + "/").status_code == 404
    assert client_a.get(_path(box) + "thanks/" + quote(token, safe="") + "/").status_code == 404


def test_unpublished_suggestion_has_no_public_page(demo, box, client_a):
    hidden = Suggestion.objects.filter(site=demo.site_a, is_public=False).first()
    assert client_a.get(_url(box, "detail", hidden.pk)).status_code == 404
    assert client_a.get(_url(box, "detail", 999999)).status_code == 404


def test_public_pages_never_show_contacts_or_hidden_names(demo, box, box_fr, client_a):
    _published(demo.site_a, box, 15, phone="0611223344")
    Suggestion.objects.filter(site=demo.site_a, is_public=True).update(phone="0611223344")
    public = list(Suggestion.objects.filter(site=demo.site_a, is_public=True))
    assert any(s.show_name for s in public) and any(not s.show_name for s in public)
    html = ""
    for page in (box, box_fr):
        listing = client_a.get(_path(page))
        for number in range(1, listing.context["suggestions"].paginator.num_pages + 1):
            html += client_a.get(f"{_path(page)}?page={number}").content.decode()
        for suggestion in public:
            html += client_a.get(_url(page, "detail", suggestion.pk)).content.decode()
    html += client_a.get(_url(box, "rss")).content.decode()
    for suggestion in public:
        assert suggestion.title in html or escape(suggestion.title) in html
        assert suggestion.email not in html and "0611223344" not in html
        if not suggestion.show_name:
            assert suggestion.name not in html
    shown = next(s for s in public if s.show_name)
    assert shown.name in html
    assert "@example.ma" not in html


# --- the public list ----------------------------------------------------------------------------------


def test_index_shows_figures_list_and_submit_link(demo, box, client_a):
    response = client_a.get(_path(box))
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert _url(box, "submit") in html and _url(box, "rss") in html
    site_suggestions = Suggestion.objects.filter(site=demo.site_a)
    assert response.context["total_count"] == site_suggestions.count()
    answered = site_suggestions.filter(is_public=True, first_answered_at__isnull=False)
    days = [(s.first_answered_at - s.created_at).total_seconds() / 86400 for s in answered]
    assert response.context["average_days"] == round(sum(days) / len(days), 1)
    counts = dict(response.context["status_counts"])
    with translation.override("ar"):
        assert counts[gettext("Answered")] == site_suggestions.filter(status="answered").count()
    items = list(response.context["suggestions"])
    assert items and all(s.is_public and s.site_id == demo.site_a.pk for s in items)


def test_filters_narrow_the_list_and_bad_values_never_fail(demo, box, client_a):
    answered = Suggestion.objects.filter(site=demo.site_a, is_public=True, status="answered")
    response = client_a.get(_path(box), {"status": "answered"})
    assert {s.pk for s in response.context["suggestions"]} == set(answered.values_list("pk", flat=True))
    one = answered.exclude(neighbourhood="").first()
    response = client_a.get(_path(box), {"neighbourhood": one.neighbourhood})
    assert one.pk in {s.pk for s in response.context["suggestions"]}
    assert all(s.neighbourhood == one.neighbourhood for s in response.context["suggestions"])
    # a category chosen in French finds the suggestions filed under its Arabic original, and back
    with translation.override("fr"):
        french = localized_categories(demo.site_a).get(translation_key=one.category.translation_key)
    response = client_a.get(_path(page_of_type(demo.site_a, SuggestionBoxPage, "fr")), {"category": french.pk})
    assert one.pk in {s.pk for s in response.context["suggestions"]}

    for params in ({"status": "nope"}, {"category": "abc"}, {"category": "999999"}, {"neighbourhood": "x" * 300},
                   {"page": "-1"}, {"page": "abc"}, {"status": "\x00"}):
        response = client_a.get(_path(box), params)
        assert response.status_code == 200, params
    response = client_a.get(_path(box), {"status": "nope"})
    assert response.context["filter_form"].errors["status"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_pagination_keeps_the_filters(demo, box, client_a):
    _published(demo.site_a, box, 25, neighbourhood="حي السلام")
    html = client_a.get(_path(box), {"status": "answered", "neighbourhood": "حي السلام"}).content.decode()
    assert "status=answered&amp;" in html and "page=2" in html
    assert "neighbourhood=%D8%AD%D9%8A%20%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85&amp;" in html


def test_empty_state(demo, box, client_a):
    Suggestion.objects.filter(site=demo.site_a).update(is_public=False)
    html = client_a.get(_path(box)).content.decode()
    with translation.override("ar"):
        assert escape(gettext("No suggestion has been published yet. Yours could be the first!")) in html


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_public_list_queries_do_not_grow(demo, box, client_a):
    Suggestion.objects.filter(site=demo.site_a).update(is_public=False)
    _published(demo.site_a, box, 10)
    few = _queries(client_a, _path(box))
    _published(demo.site_a, box, 50, neighbourhood="حي السلام")
    many = _queries(client_a, _path(box))
    assert many == few, f"{few} queries with 10 published suggestions, {many} with 60"
    assert _queries(client_a, _path(box) + "?page=3&status=answered") == few


# --- supports -----------------------------------------------------------------------------------------


def test_support_request_then_confirm_by_post_counts_once(demo, box, client_a, django_capture_on_commit_callbacks):
    suggestion = Suggestion.objects.filter(site=demo.site_a, is_public=True, language="ar").first()
    count = suggestion.support_count
    data = {"email": "supporter@example.ma", "captcha_0": "x", "captcha_1": "PASSED"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(_url(box, "support", suggestion.pk), data, follow=True)
    assert response.status_code == 200
    with translation.override("ar"):
        sent = gettext("Thank you. Check your e-mail: your support counts once you confirm it with the link we sent you.")
    first_answer = response.content.decode()
    assert escape(sent) in first_answer
    (message,) = mail.outbox
    assert message.to == ["supporter@example.ma"]
    link = re.search(r"https?://\S+", message.body).group(0)
    confirm_path = link.split(HOST_A, 1)[1]
    assert "/suggestions/confirm/" in confirm_path

    # a mail scanner opens the link: nothing is counted
    page = client_a.get(confirm_path)
    assert page.status_code == 200 and "<form" in page.content.decode() and 'method="post"' in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    suggestion.refresh_from_db()
    assert suggestion.support_count == count

    # the citizen presses the button: counted once
    client_a.post(confirm_path)
    suggestion.refresh_from_db()
    assert suggestion.support_count == count + 1
    again = client_a.post(confirm_path)
    suggestion.refresh_from_db()
    assert again.status_code == 200 and suggestion.support_count == count + 1
    with translation.override("ar"):
        assert escape(gettext("Your support was already confirmed: it counts once.")) in again.content.decode()

    # asking again with the same address: the same answer, no new e-mail, no new support
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(_url(box, "support", suggestion.pk), data | {"email": "SUPPORTER@example.ma"}, follow=True)
    assert escape(sent) in response.content.decode()
    assert mail.outbox == [] and SuggestionSupport.objects.filter(suggestion=suggestion).count() == 1


def test_support_form_errors_and_rate_limit(demo, box, client_a, settings):
    suggestion = Suggestion.objects.filter(site=demo.site_a, is_public=True).first()
    url = _url(box, "support", suggestion.pk)
    response = client_a.post(url, {"email": "bad", "captcha_0": "x", "captcha_1": "WRONG"})
    assert response.status_code == 200 and {"email", "captcha"} <= set(response.context["support_form"].errors)
    assert not SuggestionSupport.objects.filter(suggestion=suggestion).exists()
    assert client_a.get(url).status_code == 302  # GET goes back to the suggestion

    settings.JAMAA_RATE_LIMITS = {"ip": (1, 3600)}
    ok = {"captcha_0": "x", "captcha_1": "PASSED"}
    assert client_a.post(url, ok | {"email": "one@example.ma"}).status_code == 302
    response = client_a.post(url, ok | {"email": "two@example.ma"})
    assert response.status_code == 200 and response.context["support_form"].non_field_errors()
    assert not SuggestionSupport.objects.filter(email="two@example.ma").exists()


@pytest.mark.parametrize("make", [
    lambda support: "not-a-token",
    lambda support: make_token("other-purpose", support),
    lambda support: make_token("support", support.suggestion),  # a token for another model
])
def test_invalid_confirmation_links_are_refused_clearly(demo, box, client_a, make):
    suggestion = Suggestion.objects.filter(site=demo.site_a, is_public=True).first()
    support = services.request_support(suggestion, "someone@example.ma")
    url = _url(box, "confirm_support", make(support))
    for response in (client_a.get(url), client_a.post(url)):
        assert response.status_code == 400
        with translation.override("ar"):
            assert escape(gettext("This confirmation link is not valid or has expired (links are valid for 7 days). "
                                  "You can support the suggestion again from its page.")) in response.content.decode()
    suggestion.refresh_from_db()
    support.refresh_from_db()
    assert support.verified_at is None


def test_confirmation_link_of_a_withdrawn_suggestion_is_refused(demo, box, client_a):
    suggestion = Suggestion.objects.filter(site=demo.site_a, is_public=True).first()
    support = services.request_support(suggestion, "late@example.ma")
    Suggestion.objects.filter(pk=suggestion.pk).update(is_public=False)
    assert client_a.post(_url(box, "confirm_support", make_token("support", support))).status_code == 400
    support.refresh_from_db()
    assert support.verified_at is None


def test_confirmation_link_of_another_commune_is_refused(demo, client_b):
    suggestion = Suggestion.objects.filter(site=demo.site_a, is_public=True).first()
    support = services.request_support(suggestion, "someone@example.ma")
    box_b = page_of_type(demo.site_b, SuggestionBoxPage)
    assert client_b.post(_url(box_b, "confirm_support", make_token("support", support))).status_code == 400
    support.refresh_from_db()
    assert support.verified_at is None


# --- RSS, languages -------------------------------------------------------------------------------------


def test_rss_lists_this_communes_published_suggestions_without_personal_data(demo, box, client_a):
    response = client_a.get(_url(box, "rss"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    feed = response.content.decode()
    for suggestion in Suggestion.objects.filter(site=demo.site_a):
        assert (escape(suggestion.title) in feed) == suggestion.is_public
        assert suggestion.email not in feed and suggestion.name not in feed
    answered = Suggestion.objects.filter(site=demo.site_a, is_public=True).exclude(public_answer="").first()
    assert escape(answered.public_answer)[:40] in feed


@pytest.mark.parametrize("language, expected", [("fr", "Envoyer une suggestion"), ("zgh", "أرسلوا اقتراحا")])
def test_translated_pages_render(demo, client_a, language, expected):
    page = page_of_type(demo.site_a, SuggestionBoxPage, language)
    for url in (_path(page), _url(page, "submit")):
        response = client_a.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert html_attr(html, "html", "lang") == language
        assert expected in html
    if language == "fr":
        html = client_a.get(_path(page)).content.decode()
        assert "Propreté et déchets" in html or "Éclairage public" in html  # categories in French


def test_home_page_links_to_the_suggestions_box(demo, box, client_a):
    html = client_a.get("/ar/").content.decode()
    assert f'href="{_path(box)}"' in html
    fr = page_of_type(demo.site_a, SuggestionBoxPage, "fr")
    assert f'href="{_path(fr)}"' in client_a.get("/fr/").content.decode()


def test_demo_seed_is_idempotent(demo):
    from django.core.management import call_command

    from participation.suggestions.models import SuggestionCategory

    before = (Suggestion.objects.count(), SuggestionCategory.objects.count(), SuggestionBoxPage.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Suggestion.objects.count(), SuggestionCategory.objects.count(), SuggestionBoxPage.objects.count()) == before
    french = Locale.objects.get(language_code="fr")
    assert SuggestionCategory.objects.filter(site=demo.site_a, locale=french).count() == 8
    assert Suggestion.objects.filter(site=demo.site_a, is_public=True).count() >= 3
    assert not Suggestion.objects.filter(site=demo.site_b).exists()
