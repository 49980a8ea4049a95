"""Receipts and certificates (participation.core.pdf, fpdf2) print what a record holds as text:
markup, markdown, bidi controls, NUL or scripts the font lacks never break a PDF nor get
interpreted (tests/support/xss.py)."""
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.core.pdf import Receipt, render_receipt
from tests.support import xss
from tests.support.hostile import INJECTIONS, hostile_text

pdf_text = st.one_of(hostile_text, st.sampled_from((*INJECTIONS, "**bold** __u__ --strike--", "<b>bold</b><br>")))


@settings(max_examples=25)
@given(title=pdf_text, value=pdf_text, language=st.sampled_from(["ar", "fr", "zgh"]))
def test_any_text_prints_as_text(title, value, language):
    with translation.override(language), xss.pdf_without_markup() as written:
        pdf = render_receipt(Receipt(issuer=[xss.SCRIPT], title=title, rows=[(xss.PAYLOAD, value)], closing=[value]))
    assert pdf.startswith(b"%PDF") and xss.PAYLOAD in written
