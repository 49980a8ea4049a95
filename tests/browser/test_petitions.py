"""Petitions in the real Chromium: the whole path of a citizens' petition (the
agent starts it without JavaScript on a small phone, staff open it, three people
sign and confirm from the e-mails the site really sent, the agent files it and
gets the receipt, the bureau declares it admissible and schedules it; the public
page shows each step), and axe-core on the petition pages in Arabic and French."""
import json
import re

import pytest

from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.browser

ADMIN_LISTING = "/admin/participation/petitions/petition/"
THRESHOLD = 3

# Run in the site's process: the commune override lowered to THRESHOLD, the petitions
# page's paths in each language, and the status labels in Arabic.
SETUP_SCRIPT = f"""
import json
from django.utils import translation
from wagtail.models import Locale, Site
from participation.core.verification import make_token
from participation.core.encrypted import lookup_hash
from participation.petitions.models import Petition, PetitionIndexPage, PetitionSettings, Signature
from participation.petitions.workflow import PetitionStatus
site = Site.objects.get(hostname="127.0.0.1")
settings = PetitionSettings.for_site(site)
settings.signatures_override = {THRESHOLD}
settings.save()
public = Petition.objects.filter(site=site, status="open").order_by("pk").first()
filed = Petition.objects.filter(site=site, status__in=["filed", "admissible", "committee", "scheduled"]).first()
signature, _ = Signature.objects.get_or_create(
    petition=public, cin_hash=lookup_hash("ZZ999999"),
    defaults=dict(cin="ZZ999999", name="axe", basis="resident", address="axe", email="axe@example.ma"),
)
out = {{"labels": {{}}}}
with translation.override("ar"):
    out["labels"] = {{s.value: str(s.label) for s in PetitionStatus}}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    page = PetitionIndexPage.objects.live().descendant_of(root).get()
    out[lang] = {{
        "index": page.route_path("index"),
        "start": page.route_path("start"),
        "start_association": page.route_path("start") + "?kind=association",
        "detail": page.route_path("detail", public.pk),
        "detail_filed": page.route_path("detail", filed.pk),
        "manage": page.route_path("manage", filed.access_token),
        "receipt": page.route_path("receipt", filed.access_token),
        "confirm": page.route_path("confirm_signature", make_token("sign", signature)),
        "started": page.route_path("started", public.access_token),
    }}
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def petition_paths(live_site):
    result = live_site.manage("shell", "-c", SETUP_SCRIPT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _staff_page(browser, live_site, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_site.url_a}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "jamaa-demo-2026")
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").first.click()
    return context, page


def _transition(page, live_site, reference, action, fill=None):
    """Find the petition in the admin listing, open the action's form, fill it, send it."""
    page.goto(f"{live_site.url_a}{ADMIN_LISTING}?q={reference}")
    page.locator("a[href*='/inspect/']").first.click()
    assert reference in page.content()
    page.locator(f"a[href$='/{action}/']").first.click()
    for name, value in (fill or {}).items():
        page.fill(f"[name$='{name}']", value)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    assert "—" in page.locator(".messages").inner_text() or page.locator(".messages .success").count()


def _confirm_link(live_site, email: str) -> str:
    for message in reversed(live_site.mails(to=email)):
        part = message.get_payload(0) if message.is_multipart() else message
        body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        found = re.search(r"https?://\S+/confirm/[\w-]+/", body)
        if found:
            return found.group(0)
    raise AssertionError(f"no confirmation e-mail to {email}")


def test_a_petition_from_start_to_the_council_agenda(browser, browser_no_js, live_site, petition_paths):
    labels = petition_paths["labels"]
    citizen = browser_no_js  # JavaScript off, 360 px wide
    citizen.goto(live_site.url_a + petition_paths["ar"]["start"])
    assert citizen.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    # the agent starts a citizens' petition
    title = "إحداث خط للنقل الحضري نحو دوار الساقية"
    citizen.fill("#id_title", title)
    citizen.fill("#id_reasons", "يقطع سكان دوار الساقية أكثر من أربعة كيلومترات مشيا للوصول إلى أقرب محطة للنقل.")
    citizen.fill("#id_objectives", "تيسير تنقل التلاميذ والعمال والمرضى نحو مركز الجماعة.")
    citizen.fill("#id_requested_item", "دراسة إحداث خط للنقل الحضري يربط دوار الساقية بمركز الجماعة.")
    citizen.fill("#id_name", "نادية الوكيلة")
    citizen.fill("#id_agent_cin", "ab 778899")
    citizen.fill("#id_agent_address", "دوار الساقية، عين الزيتون")
    citizen.fill("#id_email", "nadia.agent@example.ma")
    citizen.check("#id_show_name")
    citizen.check("#id_consent")
    citizen.fill("#id_captcha_1", "PASSED")
    citizen.click("main form button[type=submit]")
    reference = citizen.locator(".receipt .reference").inner_text()
    assert re.fullmatch(r"PET-\d{4}-\d{5}", reference)
    citizen.locator("a.private-link").click()
    manage_url = citizen.url
    assert labels["preparation"] in citizen.locator(".status").inner_text()

    # staff check the subject and open it for signature
    context, staff = _staff_page(browser, live_site, "a_participation")
    _transition(staff, live_site, reference, "open")
    context.close()
    citizen.goto(manage_url)
    assert labels["open"] in citizen.locator(".status").inner_text()
    citizen.get_by_role("link", name=re.compile("الصفحة العمومية|public")).first.click()
    detail_url = citizen.url
    assert title in citizen.locator("main h1").inner_text()

    # three people sign; each confirms from the link in the e-mail the site sent
    for n, cin in enumerate(("K100201", "K100202", "K100203"), start=1):
        email = f"signatory{n}@example.ma"
        citizen.goto(detail_url)
        citizen.fill("#id_name", f"موقع تجريبي {n}")
        citizen.fill("#id_cin", cin)
        citizen.locator("input[name=basis][value=resident]").check()
        citizen.fill("#id_address", f"حي الساقية رقم {n}")
        citizen.fill("#id_email", email)
        citizen.check("#id_consent")
        citizen.fill("#id_captcha_1", "PASSED")
        citizen.click("#sign form button[type=submit], main form button[type=submit]")
        citizen.goto(_confirm_link(live_site, email))
        citizen.locator("main form button[type=submit]").click()
    citizen.goto(detail_url)
    assert f"{THRESHOLD}" in citizen.locator(".petition-progress, progress").first.evaluate(
        "e => e.textContent + ' ' + (e.value ?? '')"
    )

    # a fourth signature with an already used CIN is refused with a clear message
    citizen.fill("#id_name", "موقع مكرر")
    citizen.fill("#id_cin", "k 100201")
    citizen.locator("input[name=basis][value=resident]").check()
    citizen.fill("#id_address", "حي الساقية")
    citizen.fill("#id_email", "other@example.ma")
    citizen.check("#id_consent")
    citizen.fill("#id_captcha_1", "PASSED")
    citizen.click("main form button[type=submit]")
    assert citizen.locator("[role=alert]").count() >= 1
    assert citizen.input_value("#id_name") == "موقع مكرر"

    # the agent files it and gets the receipt, on screen and as PDF
    citizen.goto(manage_url)
    citizen.locator("a.button[href$='/file/']").click()
    citizen.locator("main form button[type=submit]").click()
    assert labels["filed"] in citizen.locator(".status").inner_text()
    citizen.locator("a[href$='/receipt/']").click()
    assert reference in citizen.locator("main").inner_text()
    pdf_url = citizen.url.replace("/receipt/", "/receipt-pdf/")
    pdf = citizen.request.get(pdf_url)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    assert any(reference in (m["Subject"] or "") for m in live_site.mails(to="nadia.agent@example.ma"))

    # the bureau declares it admissible, refers it to a committee and schedules it
    context, bureau = _staff_page(browser, live_site, "a_bureau")
    _transition(bureau, live_site, reference, "admit")
    _transition(bureau, live_site, reference, "refer", {"committee": "لجنة المرافق العمومية والخدمات"})
    _transition(bureau, live_site, reference, "schedule", {"session_date": "2027-02-01"})
    context.close()

    # the public page shows each step with its date, and no personal data
    citizen.goto(detail_url)
    timeline = citizen.locator(".timeline").inner_text()
    for status in ("open", "filed", "admissible", "committee", "scheduled"):
        assert labels[status] in timeline, status
    content = citizen.content()
    assert "AB778899" not in content and "nadia.agent@example.ma" not in content and "K100201" not in content
    assert "signatory1@example.ma" not in content and "موقع تجريبي 1" not in content


PAGE_KINDS = ["index", "start", "start_association", "detail", "detail_filed", "manage", "receipt", "confirm", "started"]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_reports_no_violation_on_petition_pages(browser_page, live_site, petition_paths, kind, language):
    browser_page.goto(live_site.url_a + petition_paths[language][kind])
    assert browser_page.evaluate("document.documentElement.lang") == language
    violations = _axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_forms_with_errors_have_no_axe_violation(browser_page, live_site, petition_paths):
    for kind in ("start", "detail"):
        browser_page.goto(live_site.url_a + petition_paths["ar"][kind])
        browser_page.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
        browser_page.locator("main form button[type=submit]").last.click()
        assert browser_page.locator("[aria-invalid=true]").count() >= 3, kind
        violations = _axe_violations(browser_page)
        assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("kind", ["index", "start", "detail", "manage"])
def test_no_horizontal_scroll_at_360px(browser_page, live_site, petition_paths, kind):
    browser_page.set_viewport_size({"width": 360, "height": 740})
    browser_page.goto(live_site.url_a + petition_paths["ar"][kind])
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{kind} overflows by {overflow}px"
