"""Citizen meetings in the real Chromium: registering to the demo workshop without
JavaScript on a 360-px screen, then following the cancellation link of the real e-mail and
cancelling; axe-core on the meeting pages (index, meeting, registration form with errors,
cancellation page) in Arabic and French."""
import json
import re

import pytest

from tests.browser.test_accessibility import _axe_violations, horizontal_overflow

pytestmark = pytest.mark.browser

PATHS_SCRIPT = """
import json
from wagtail.models import Locale, Site
from participation.meetings import services
from participation.meetings.models import MeetingIndexPage, MeetingPage, Registration
site = Site.objects.get(hostname="127.0.0.1")
out = {}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    index = MeetingIndexPage.objects.live().descendant_of(root).get()
    workshop = MeetingPage.objects.live().child_of(index).get(meeting_type="workshop")
    past = MeetingPage.objects.live().child_of(index).get(meeting_type="consultative")
    email = f"axe-{lang}@example.ma"
    registration = Registration.objects.filter(email=email).first() or services.register(
        workshop, {"name": "زائر الاختبار", "email": email, "phone": "", "gender": "", "association": ""}, language=lang)
    out[lang] = {
        "index": index.route_path("index"),
        "meeting": workshop.route_path("detail"),
        "past": past.route_path("detail"),
        "register": workshop.route_path("register"),
        "registration": workshop.route_path("registration", registration.access_token),
        "cancel": workshop.route_path("cancel", registration.access_token),
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def meeting_paths(live_site):
    result = live_site.manage("shell", "-c", PATHS_SCRIPT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _cancel_link(live_site, email: str) -> str:
    for message in reversed(live_site.mails(to=email)):
        part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
        body = part.get_content()
        found = re.search(r"https?://\S+/cancel/[\w-]+/", body)
        if found:
            return found.group(0)
    raise AssertionError(f"no confirmation e-mail to {email}")


def test_register_then_cancel_from_the_e_mail_without_javascript(browser_no_js, live_site, meeting_paths):
    citizen = browser_no_js  # JavaScript off, 360 px wide
    citizen.goto(live_site.url_a + meeting_paths["ar"]["meeting"])
    assert horizontal_overflow(citizen) <= 0
    assert citizen.locator(".meeting-time").first.inner_text()
    citizen.locator("a[href$='/register/']").first.click()
    assert horizontal_overflow(citizen) <= 0

    email = "karima.browser@example.ma"
    citizen.fill("#id_name", "كريمة المتصفحة")
    citizen.fill("#id_email", email)
    citizen.locator("input[name=gender][value=woman]").check()
    citizen.fill("#id_association", "جمعية الأمل للتنمية المحلية")
    citizen.check("#id_consent")
    citizen.fill("#id_captcha_1", "PASSED")
    citizen.click("main form button[type=submit]")
    reference = citizen.locator(".reference").inner_text()
    assert re.fullmatch(r"MTG-\d{4}-\d{5}", reference)
    assert "/registration/" in citizen.url
    assert horizontal_overflow(citizen) <= 0
    registration_url = citizen.url
    status_before = citizen.locator(".status").inner_text()

    messages = live_site.mails(to=email)
    assert messages and any(reference in m.get_body(preferencelist=("plain",)).get_content() for m in messages)
    attachments = [part.get_filename() for m in messages for part in m.iter_attachments()]
    assert "meeting.ics" in attachments

    citizen.goto(_cancel_link(live_site, email))
    assert horizontal_overflow(citizen) <= 0
    citizen.locator("main form button[type=submit]").click()
    assert citizen.locator(".receipt[role=status]").count() == 1
    citizen.goto(registration_url)
    assert citizen.locator(".status").inner_text() != status_before  # registered → cancelled
    assert citizen.locator(".cancel-link").count() == 0


PAGE_KINDS = ["index", "meeting", "past", "register", "registration", "cancel"]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_reports_no_violation_on_meeting_pages(browser_page, live_site, meeting_paths, kind, language):
    browser_page.goto(live_site.url_a + meeting_paths[language][kind])
    assert browser_page.evaluate("document.documentElement.lang") == language
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_registration_form_with_errors_has_no_axe_violation(browser_page, live_site, meeting_paths, language):
    browser_page.goto(live_site.url_a + meeting_paths[language]["register"])
    browser_page.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    browser_page.locator("main form button[type=submit]").last.click()
    assert browser_page.locator("[aria-invalid=true]").count() >= 2
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
