"""Playwright driving Debian's Chromium against a separate server process.

Outside CI, the browser tests are skipped when /usr/bin/chromium is missing; in CI
(CI=true) a missing browser is a failure, so CI always proves them.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import live_site  # noqa: F401  (session fixture)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]

PATHS_SCRIPT = """
import json
from wagtail.models import Locale, Site
from home.models import HomePage
from pages.models import StandardPage
from news.models import NewsPage
from services.models import ServicePage
from library.models import DocumentLibraryPage
from contact.models import ContactPage
site = Site.objects.get(hostname="127.0.0.1")
out = {}
for lang in ("ar", "fr"):
    root = site.root_page.get_translation(Locale.objects.get(language_code=lang))
    def first(model):
        page = model.objects.live().descendant_of(root, inclusive=True).order_by("path").first()
        return page.get_url_parts()[2]
    out[lang] = {
        "home": first(HomePage), "standard": first(StandardPage), "news_article": first(NewsPage),
        "service": first(ServicePage), "library": first(DocumentLibraryPage), "contact": first(ContactPage),
        "search": f"/{lang}/search/?q=" + ("الحالة المدنية" if lang == "ar" else "acte"),
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def _playwright():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must install Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def browser_page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def browser_no_js(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def site_paths(live_site):  # noqa: F811  (the fixture imported above)
    """Paths of one page of each type in the served demo, by language."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PATHS_SCRIPT],
        cwd=ROOT, env=live_site.env, capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
