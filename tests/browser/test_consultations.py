"""Consultations in the real Chromium: a citizen answers the open demo consultation and
comments on a section of its draft, in Arabic, without JavaScript on a 360-px screen,
confirming both from the e-mails the site really sent; the participation officer approves
the comment in the admin's moderation queue and it appears under its section. axe-core
on the consultation pages (index, open consultation, forms, the closed one with its
results charts and report) in Arabic, and on the index in French."""
import json
import re

import pytest

from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.browser

QUEUE = "/admin/participation/consultations/sectioncomment/"

PATHS_SCRIPT = """
import json
from wagtail.models import Locale, Site
from participation.consultations.models import ConsultationIndexPage, ConsultationPage
site = Site.objects.get(hostname="127.0.0.1")
out = {}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    out[lang] = {"index": ConsultationIndexPage.objects.live().descendant_of(root).get().get_url_parts()[2]}
plan = ConsultationPage.objects.live().descendant_of(site.root_page).get(slug="action-plan-consultation")
charter = ConsultationPage.objects.live().descendant_of(site.root_page).get(slug="charter-consultation")
out["ar"].update({
    "plan": plan.get_url_parts()[2], "answer": plan.route_path("answer"), "charter": charter.get_url_parts()[2],
    "comment": plan.route_path("comment", plan.sections[0][0]),
})
plan_fr = plan.get_translation(Locale.objects.get(language_code="fr"))
out["fr"]["plan"] = plan_fr.get_url_parts()[2]
out["questions"] = [(q.pk, q.kind) for q in plan.questions.all()]
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def consultation_paths(live_site):
    result = live_site.manage("shell", "-c", PATHS_SCRIPT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _link(live_site, to, route):
    (message,) = [m for m in live_site.mails(to) if f"/{route}/" in m.get_content()]
    url = re.search(rf"https?://\S+/{route}/\S+", message.get_content()).group(0)
    return url.split("127.0.0.1", 1)[1].split("/", 1)[1]


def test_answer_and_comment_in_arabic_without_javascript(browser, browser_no_js, live_site, consultation_paths):
    paths = consultation_paths["ar"]
    citizen = browser_no_js
    base = live_site.url_a
    # answering
    citizen.goto(base + paths["plan"])
    assert citizen.evaluate("document.documentElement.dir") == "rtl"
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360
    citizen.locator(f"a[href='{paths['answer']}']").first.click()
    for pk, kind in consultation_paths["questions"]:
        if kind in ("single", "rating"):
            citizen.locator(f"input[name=q{pk}]").last.check()
        elif kind == "multiple":
            citizen.locator(f"input[name=q{pk}]").first.check()
        else:
            citizen.fill(f"[name=q{pk}]", "ورشات للشباب في الأحياء")
    email = "browser.citizen@example.ma"
    citizen.fill("#id_email", email)
    citizen.check("#id_consent")
    citizen.fill("#id_captcha_1", "PASSED")
    with citizen.expect_navigation():
        citizen.locator("form.form button[type=submit]").click()
    assert "CNS-" in citizen.locator(".messages").inner_text()
    citizen.goto(f"{base}/{_link(live_site, email, 'confirm')}")
    with citizen.expect_navigation():
        citizen.locator("form.form button[type=submit]").click()
    assert citizen.locator(".receipt[role=status]").count() == 1
    # commenting on the first section
    citizen.goto(base + paths["plan"])
    citizen.locator(f"a[href='{paths['comment']}']").click()
    text = "أقترح تنظيم اللقاءات مساء السبت ليتمكن العاملون من الحضور."
    citizen.fill("#id_comment", text)
    citizen.fill("#id_name", "ليلى من حي الأمل")
    citizen.fill("#id_email", email)
    citizen.check("#id_consent")
    citizen.fill("#id_captcha_1", "PASSED")
    with citizen.expect_navigation():
        citizen.locator("form.form button[type=submit]").click()
    assert text not in citizen.content()  # not public before moderation
    citizen.goto(f"{base}/{_link(live_site, email, 'comment-confirm')}")
    with citizen.expect_navigation():
        citizen.locator("form.form button[type=submit]").click()
    # the participation officer approves it in the moderation queue
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.goto(f"{base}/admin/login/")
    staff.fill("input[name=username]", "a_participation")
    staff.fill("input[name=password]", "jamaa-demo-2026")
    with staff.expect_navigation():
        staff.locator("form button[type=submit], form input[type=submit]").first.click()
    staff.goto(f"{base}{QUEUE}?state=awaiting")
    row = staff.locator("tr", has_text=text[:20])
    with staff.expect_navigation():
        row.locator("form[action$='/approve/'] button").click()
    assert staff.url.endswith(QUEUE)
    context.close()
    citizen.goto(base + paths["plan"])
    assert text in citizen.content() and email not in citizen.content()


@pytest.mark.parametrize("key", ["index", "plan", "answer", "comment", "charter"])
def test_axe_reports_no_violation_in_arabic(browser_page, live_site, consultation_paths, key):
    browser_page.goto(live_site.url_a + consultation_paths["ar"][key])
    if key == "charter":
        assert browser_page.locator("table.result-table caption").count() >= 3
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("key", ["index", "plan"])
def test_axe_reports_no_violation_in_french(browser_page, live_site, consultation_paths, key):
    browser_page.goto(live_site.url_a + consultation_paths["fr"][key])
    assert browser_page.evaluate("document.documentElement.lang") == "fr"
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
