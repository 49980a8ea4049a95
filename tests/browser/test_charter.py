"""The participation charter in the real Chromium: an association joins without JavaScript on
a 360-px screen (with its statutes as a PDF), confirms from the e-mail the live server wrote,
the participation officer validates it in the admin, and it appears in the public register;
axe-core on the charter page, both adhesion forms (also with errors), the register and the
monitoring page, in Arabic and French."""
import json
import re

import pytest

from tests.browser.test_accessibility import _axe_violations, horizontal_overflow

pytestmark = pytest.mark.browser

ADMIN_LISTING = "/admin/participation/charter/adhesion/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PATHS_SCRIPT = """
import json
from wagtail.models import Locale, Site
from participation.charter.models import CharterPage
site = Site.objects.get(hostname="127.0.0.1")
out = {}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    page = CharterPage.objects.live().descendant_of(root).get()
    out[lang] = {
        "charter": page.route_path("detail"),
        "join_association": page.route_path("join", "association"),
        "join_citizen": page.route_path("join", "citizen"),
        "register": page.route_path("register"),
        "monitoring": page.route_path("monitoring"),
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def charter_paths(live_site):
    result = live_site.manage("shell", "-c", PATHS_SCRIPT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _confirm_link(live_site, email: str) -> str:
    for message in reversed(live_site.mails(to=email)):
        part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
        found = re.search(r"https?://\S+/confirm/[\w-]+/", part.get_content())
        if found:
            return found.group(0)
    raise AssertionError(f"no confirmation e-mail to {email}")


def _staff_page(browser, live_site, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_site.url_a}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "jamaa-demo-2026")
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").first.click()
    return context, page


def test_an_association_joins_and_after_validation_appears_in_the_register(
    browser, browser_no_js, live_site, charter_paths
):
    association = browser_no_js  # JavaScript off, 360 px wide
    association.goto(live_site.url_a + charter_paths["ar"]["charter"])
    assert horizontal_overflow(association) <= 0
    association.locator(f"a[href$='{charter_paths['ar']['join_association']}']").first.click()
    assert horizontal_overflow(association) <= 0

    name = "جمعية المتصفح للثقافة"
    email = "browser.association@example.ma"
    association.fill("#id_association_name", name)
    association.fill("#id_registration_number", "BR-2021-900")
    association.fill("#id_registration_date", "2021-05-17")
    association.fill("#id_seat", "زنقة المتصفح، عين الزيتون")
    association.select_option("#id_activity", "culture")
    association.set_input_files("#id_document", files=[{"name": "statuts.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    association.fill("#id_name", "ممثلة الجمعية")
    association.fill("#id_email", email)
    association.check("#id_accept")
    association.check("#id_consent")
    association.fill("#id_captcha_1", "PASSED")
    association.click("main form button[type=submit]")
    reference = association.locator(".reference").inner_text()
    assert re.fullmatch(r"ADH-\d{4}-\d{5}", reference)
    assert "/adhesion/" in association.url and horizontal_overflow(association) <= 0

    association.goto(_confirm_link(live_site, email))
    association.locator("main form button[type=submit]").click()
    assert association.locator(".receipt[role=status]").count() == 1
    association.goto(live_site.url_a + charter_paths["ar"]["register"])
    assert name not in association.content()  # not before the commune validates it

    context, staff = _staff_page(browser, live_site, "a_participation")
    try:
        staff.goto(f"{live_site.url_a}{ADMIN_LISTING}?q={reference}")
        staff.locator("a[href*='/inspect/']").first.click()
        assert reference in staff.content()
        staff.locator("a[href$='/validate/']").first.click()
        with staff.expect_navigation():
            staff.locator("main form [type=submit]").first.click()
        assert staff.locator(".messages").count()
    finally:
        context.close()

    association.goto(live_site.url_a + charter_paths["ar"]["register"])
    assert name in association.content() and email not in association.content()
    assert horizontal_overflow(association) <= 0


PAGE_KINDS = ["charter", "join_association", "join_citizen", "register", "monitoring"]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_reports_no_violation_on_charter_pages(browser_page, live_site, charter_paths, kind, language):
    browser_page.goto(live_site.url_a + charter_paths[language][kind])
    assert browser_page.evaluate("document.documentElement.lang") == language
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", ["join_association", "join_citizen"])
def test_join_forms_with_errors_have_no_axe_violation(browser_page, live_site, charter_paths, kind, language):
    browser_page.goto(live_site.url_a + charter_paths[language][kind])
    browser_page.locator("main form button[type=submit]").last.click()
    assert browser_page.locator("[aria-invalid=true]").count() >= 2
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
