"""Printable PDF documents (receipts) in Arabic, French or Tamazight.

fpdf2 writes the PDF in pure Python; uharfbuzz shapes Arabic letters and fpdf2
orders mixed right-to-left and left-to-right runs, so a reference number inside
an Arabic sentence reads correctly. DejaVu Sans (vendored in fonts/, free
licence) covers Arabic, Latin and Tifinagh, so the same document works in each
language without a font on the host.
"""
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language_bidi
from fpdf import FPDF

FONTS = Path(__file__).with_name("fonts")


@dataclass
class Receipt:
    """A one-page document: a heading block, a title, label/value rows, closing lines."""

    issuer: list[str]  # e.g. the kingdom, the commune
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    author: str = ""


def render_receipt(receipt: Receipt) -> bytes:
    """The receipt as PDF bytes, laid out for the active language's direction."""
    rtl = get_language_bidi()
    align = "R" if rtl else "L"
    pdf = FPDF(format="A4")
    pdf.set_title(receipt.title)
    pdf.set_author(receipt.author or (receipt.issuer[-1] if receipt.issuer else ""))
    pdf.set_creator("Jamaa")
    pdf.add_font("dejavu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()

    def line(text, *, size=11, bold=False, height=7, where=align):
        pdf.set_font("dejavu", "B" if bold else "", size)
        pdf.multi_cell(0, height, text, align=where, new_x="LMARGIN", new_y="NEXT")

    for text in receipt.issuer:
        line(text, size=11, bold=True, where="C")
    pdf.ln(8)
    line(receipt.title, size=16, bold=True, height=10, where="C")
    pdf.ln(6)
    for label, value in receipt.rows:
        line(label, size=9, height=5)
        line(value or "—", size=12, height=7)
        pdf.ln(2)
    pdf.ln(6)
    for text in receipt.closing:
        line(text, size=10, height=6)
    return bytes(pdf.output())
