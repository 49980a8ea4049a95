"""The suggestions box in the real Chromium: a citizen's whole path in Arabic
without JavaScript on a small phone, and axe-core on its pages in Arabic and French."""
import io
import json
import re

import pytest
from PIL import ExifTags, Image

from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.browser

PATHS_SCRIPT = """
import json
from wagtail.models import Locale, Site
from participation.core.verification import make_token
from participation.suggestions.models import Suggestion, SuggestionBoxPage, SuggestionSupport
site = Site.objects.get(hostname="127.0.0.1")
published = Suggestion.objects.filter(site=site, is_public=True).order_by("pk").first()
private = Suggestion.objects.filter(site=site, is_public=False).order_by("pk").first()
support, _ = SuggestionSupport.objects.get_or_create(suggestion=published, email="axe@example.ma")
out = {}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    box = SuggestionBoxPage.objects.live().descendant_of(root).get()
    out[lang] = {
        "index": box.route_path("index"),
        "form": box.route_path("submit"),
        "receipt": box.route_path("receipt", private.access_token),
        "followup": box.route_path("followup", published.access_token),
        "detail": box.route_path("detail", published.pk),
        "confirm": box.route_path("confirm_support", make_token("support", support)),
    }
print(json.dumps(out))
"""

ADMIN_LISTING = "/admin/participation/suggestions/suggestion/"


def _answer_in_the_admin(browser, live_site, reference: str, answer: str):
    """The participation officer of commune A answers the suggestion in the Wagtail admin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.goto(f"{live_site.url_a}/admin/login/")
    staff.fill("input[name=username]", "a_participation")
    staff.fill("input[name=password]", "jamaa-demo-2026")
    with staff.expect_navigation():
        staff.locator("form button[type=submit], form input[type=submit]").first.click()
    staff.goto(f"{live_site.url_a}{ADMIN_LISTING}?q={reference}")
    assert staff.evaluate("document.documentElement.dir") == "rtl"
    staff.locator("a[href*='/inspect/']").first.click()
    assert reference in staff.content()
    staff.locator("a[href$='/answer/']").first.click()
    staff.fill("textarea[name$='public_answer']", answer)
    with staff.expect_navigation():
        staff.locator("form:has(textarea[name$='public_answer']) [type=submit]").first.click()
    context.close()


@pytest.fixture(scope="session")
def suggestion_paths(live_site):
    result = live_site.manage("shell", "-c", PATHS_SCRIPT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _photo(tmp_path):
    image = Image.new("RGB", (320, 240), (90, 140, 200))
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (33.0, 57.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    path = tmp_path / "street-light.jpg"
    path.write_bytes(out.getvalue())
    return path


def test_citizen_path_in_arabic_without_javascript(browser, browser_no_js, live_site, tmp_path):
    page = browser_no_js  # JavaScript off, 360 px wide
    page.goto(f"{live_site.url_a}/ar/")

    # find the suggestions box from the home page
    page.locator("main a", has_text="فضاء الاقتراحات والملاحظات").first.click()
    assert page.locator("main h1").inner_text() == "فضاء الاقتراحات والملاحظات"
    page.get_by_role("link", name="أرسلوا اقتراحا أو ملاحظة أو تبليغا").click()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    # fill in the form, with a photo, and send it
    page.get_by_label("تبليغ عن مشكل").check()
    page.select_option("#id_category", index=1)
    page.fill("#id_title", "عمود إنارة معطل قرب المدرسة")
    page.fill("#id_text", "عمود الإنارة أمام المدرسة الابتدائية معطل منذ أسبوع والطريق مظلم عند خروج التلاميذ مساء.")
    page.fill("#id_neighbourhood", "حي الأمل")
    page.set_input_files("#id_photo", str(_photo(tmp_path)))
    page.fill("#id_name", "سعاد المتصفحة")
    page.fill("#id_email", "souad.browser@example.ma")
    page.check("#id_consent")
    page.fill("#id_captcha_1", "PASSED")
    page.click("main form button[type=submit]")

    # the receipt: the reference in big type and the private follow-up link
    reference = page.locator(".receipt .reference").inner_text()
    assert re.fullmatch(r"SUG-\d{4}-\d{5}", reference)
    assert page.locator("main h1").count() == 1

    # the follow-up page shows the status; once staff answer, it shows the answer
    page.locator("a.private-link").click()
    assert reference in page.locator("main h1").inner_text()
    assert "تم التوصل به" in page.locator(".status").inner_text()
    followup_url = page.url
    answer = "سيتم إصلاح عمود الإنارة خلال هذا الأسبوع. شكرا على التبليغ."
    _answer_in_the_admin(browser, live_site, reference, answer)
    page.goto(followup_url)
    assert "تمت الإجابة" in page.locator(".status").inner_text()
    assert answer in page.content()

    # the public list shows it with the answer, without the e-mail address
    page.locator("main a", has_text="العودة إلى فضاء الاقتراحات").click()
    listing = page.locator("main").inner_text()
    assert "عمود إنارة معطل قرب المدرسة" in listing and "سيتم إصلاح عمود الإنارة" in listing
    assert "souad.browser@example.ma" not in page.content() and "سعاد المتصفحة" not in listing


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", ["index", "form", "receipt", "followup", "detail", "confirm"])
def test_axe_reports_no_violation_on_suggestion_pages(browser_page, live_site, suggestion_paths, kind, language):
    browser_page.goto(live_site.url_a + suggestion_paths[language][kind])
    assert browser_page.evaluate("document.documentElement.lang") == language
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_form_with_errors_has_no_axe_violation(browser_page, live_site, suggestion_paths):
    browser_page.goto(live_site.url_a + suggestion_paths["ar"]["form"])
    browser_page.evaluate("document.querySelector('main form').noValidate = true")
    browser_page.click("main form button[type=submit]")
    assert browser_page.locator("[aria-invalid=true]").count() >= 3
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("kind", ["index", "form", "detail"])
def test_no_horizontal_scroll_at_360px(browser_page, live_site, suggestion_paths, kind):
    browser_page.set_viewport_size({"width": 360, "height": 740})
    browser_page.goto(live_site.url_a + suggestion_paths["ar"][kind])
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{kind} overflows by {overflow}px"


EXPIRED_LINK_SCRIPT = """
import json
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Locale, Site
from participation.suggestions.forms import localized_categories
from participation.suggestions.models import Suggestion, SuggestionBoxPage
from participation.suggestions.services import submit_suggestion
site = Site.objects.get(hostname="127.0.0.1")
out = {}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    box = SuggestionBoxPage.objects.live().descendant_of(root).get()
    record = submit_suggestion(box, {"kind": "report", "category": localized_categories(site).first(),
        "title": "رابط خاص منتهي الصلاحية", "text": "نص اقتراح لاختبار رابط خاص انتهت صلاحيته.",
        "name": "مواطن", "email": "expired.link@example.ma"}, ip="192.0.2.9", language=lang)
    Suggestion.objects.filter(pk=record.pk).update(updated_at=timezone.now() - timedelta(days=400))
    out[lang] = box.route_path("followup", record.access_token)
print(json.dumps(out))
"""


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_expired_private_link_and_its_renewal_without_javascript(browser_no_js, live_site, language):
    """The expired page (410), the page after asking for a new link, and the old link afterwards:
    no axe violation, no horizontal scroll at 360 px, the button works by keyboard without JavaScript."""
    url = live_site.url_a + json.loads(live_site.manage("shell", "-c", EXPIRED_LINK_SCRIPT).stdout.strip().splitlines()[-1])[language]
    page = browser_no_js
    page.set_viewport_size({"width": 360, "height": 740})
    for state in ("expired", "sent", "replaced"):
        if state == "sent":
            button = page.locator("main form button[type=submit]")
            button.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
        elif state == "replaced":
            page.goto(url)
        else:
            assert page.goto(url).status == 410
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, state
        assert page.locator("h1").count() == 1
        assert ("expired.link@example.ma" not in page.content()), state


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_axe_reports_no_violation_on_the_private_link_pages(browser_page, live_site, language):
    url = live_site.url_a + json.loads(live_site.manage("shell", "-c", EXPIRED_LINK_SCRIPT).stdout.strip().splitlines()[-1])[language]
    for state in ("expired", "sent", "replaced"):
        if state == "sent":
            with browser_page.expect_navigation():
                browser_page.locator("main form button[type=submit]").click()
        else:
            browser_page.goto(url)
        violations = _axe_violations(browser_page)
        assert violations == [], (state, json.dumps(violations, ensure_ascii=False, indent=1))
