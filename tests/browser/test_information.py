"""Access to information in the real Chromium: a request from submission (without
JavaScript, 360 px) to an answer with a file given by the information officer in the
admin, then the public register shows it without the requester's identity; axe-core
on the plugin's pages in Arabic and French."""
import json
import re

import pytest

from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.browser

ADMIN_LISTING = "/admin/participation/information/informationrequest/"

PATHS_SCRIPT = """
import json
from django.utils import translation
from wagtail.models import Locale, Site
from participation.information.models import InformationRequest, InformationRequestPage
from participation.information.workflow import RequestStatus
site = Site.objects.get(hostname="127.0.0.1")
answered = InformationRequest.objects.filter(site=site, is_public=True).order_by("pk").first()
pending = InformationRequest.objects.filter(site=site, status="received").order_by("pk").first() or answered
out = {}
with translation.override("ar"):
    out["labels"] = {s.value: str(s.label) for s in RequestStatus}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    page = InformationRequestPage.objects.live().descendant_of(root).get()
    out[lang] = {
        "index": page.route_path("index"),
        "form": page.route_path("submit"),
        "receipt": page.route_path("receipt", pending.access_token),
        "followup": page.route_path("followup", answered.access_token),
        "followup_pending": page.route_path("followup", pending.access_token),
        "register": page.route_path("register"),
        "register_detail": page.route_path("register_detail", answered.pk),
        "publication": page.route_path("publication"),
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def information_paths(live_site):
    result = live_site.manage("shell", "-c", PATHS_SCRIPT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _answer_in_the_admin(browser, live_site, reference, answer, pdf_path):
    """The information officer of commune A attaches a document and answers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.goto(f"{live_site.url_a}/admin/login/")
    staff.fill("input[name=username]", "a_information")
    staff.fill("input[name=password]", "jamaa-demo-2026")
    with staff.expect_navigation():
        staff.locator("form button[type=submit], form input[type=submit]").first.click()
    staff.goto(f"{live_site.url_a}{ADMIN_LISTING}?q={reference}")
    staff.locator("a[href*='/inspect/']").first.click()
    assert reference in staff.content()
    inspect_url = staff.url
    # attach the answer file
    upload = staff.locator("form:has(input[type=file])").first
    upload.locator("input[name$='title']").fill("الميزانية المصادق عليها 2026")
    upload.locator("input[type=file]").set_input_files(str(pdf_path))
    with staff.expect_navigation():
        upload.locator("[type=submit]").click()
    # answer
    staff.goto(inspect_url)
    staff.locator("a[href$='/answer/']").first.click()
    staff.fill("textarea[name$='public_answer']", answer)
    with staff.expect_navigation():
        staff.locator("form:has(textarea[name$='public_answer']) [type=submit]").first.click()
    context.close()


def test_a_request_from_submission_to_the_register(browser, browser_no_js, live_site, information_paths, tmp_path):
    labels = information_paths["labels"]
    citizen = browser_no_js
    citizen.goto(live_site.url_a + information_paths["ar"]["form"])
    assert citizen.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    subject = "صفقات تهيئة الطرق لسنة 2026"
    citizen.fill("#id_subject", subject)
    citizen.fill("#id_information_requested", "أطلب لائحة صفقات تهيئة الطرق المبرمة سنة 2026 ومبالغها.")
    citizen.locator("input[name=delivery_form][value=electronic]").check()
    citizen.fill("#id_name", "حميد المتصفح")
    citizen.fill("#id_address", "حي النصر، عين الزيتون")
    citizen.fill("#id_id_number", "ja 123456")
    citizen.fill("#id_email", "hamid.browser@example.ma")
    citizen.check("#id_consent")
    citizen.fill("#id_captcha_1", "PASSED")
    citizen.click("main form button[type=submit]")
    reference = citizen.locator(".receipt .reference").inner_text()
    assert re.fullmatch(r"INF-\d{4}-\d{5}", reference)
    citizen.locator("a.private-link").click()
    followup_url = citizen.url
    assert labels["received"] in citizen.locator(".status").inner_text()

    pdf = tmp_path / "roads-2026.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    answer = "تجدون رفقته لائحة صفقات تهيئة الطرق لسنة 2026 ومبالغها."
    _answer_in_the_admin(browser, live_site, reference, answer, pdf)

    citizen.goto(followup_url)
    assert labels["answered"] in citizen.locator(".status").inner_text()
    assert answer in citizen.content()
    file_link = citizen.locator(".information-files a").first
    response = citizen.request.get(live_site.url_a + file_link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")

    # the public register shows the request and its answer, never who asked
    citizen.goto(live_site.url_a + information_paths["ar"]["register"] + "?q=" + "صفقات تهيئة الطرق")
    listing = citizen.locator("main").inner_text()
    assert subject in listing
    content = citizen.content()
    for private in ("حميد المتصفح", "hamid.browser@example.ma", "JA123456", "ja 123456", "حي النصر"):
        assert private not in content, private


PAGE_KINDS = ["index", "form", "receipt", "followup", "followup_pending", "register", "register_detail", "publication"]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_reports_no_violation_on_information_pages(browser_page, live_site, information_paths, kind, language):
    browser_page.goto(live_site.url_a + information_paths[language][kind])
    assert browser_page.evaluate("document.documentElement.lang") == language
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_request_form_with_errors_has_no_axe_violation(browser_page, live_site, information_paths):
    browser_page.goto(live_site.url_a + information_paths["ar"]["form"])
    browser_page.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    browser_page.locator("main form button[type=submit]").last.click()
    assert browser_page.locator("[aria-invalid=true]").count() >= 3
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("kind", ["index", "form", "followup", "register"])
def test_no_horizontal_scroll_at_360px(browser_page, live_site, information_paths, kind):
    browser_page.set_viewport_size({"width": 360, "height": 740})
    browser_page.goto(live_site.url_a + information_paths["ar"][kind])
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{kind} overflows by {overflow}px"
