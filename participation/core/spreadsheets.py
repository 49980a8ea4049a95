"""Spreadsheet exports of what citizens typed: a cell that a spreadsheet program would run
as a formula (OWASP "CSV injection": =HYPERLINK(…) sending data away, =cmd|… on old Excel)
is written as text. One rule for every CSV writer: the admin listings' exports (every
scoped viewset, through FormulaSafeExportMixin), the contact form's submissions, the
action plan's open data, the petitions' signatures, the consultations' written answers.
XLSX exports mark such cells as text instead (openpyxl data_type "s")."""
import unicodedata

#: A cell starting with one of these is read as a formula by spreadsheet programs, the
#: full-width signs too (East Asian input converts them); tab and line breaks can hide such a start.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_formula(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe. Spaces and
    invisible characters before the sign do not hide it (a program that trims them would
    still run the formula)."""
    if isinstance(value, str) and _without_blank_start(value).startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _without_blank_start(value: str) -> str:
    start = 0
    while start < len(value) and value[start] not in FORMULA_PREFIXES and (
            value[start].isspace() or unicodedata.category(value[start]) == "Cf"):
        start += 1
    return value[start:]


class FormulaSafeExportMixin:
    """For views with Wagtail's SpreadsheetExportMixin: CSV cells go through neutralise_formula."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value) if export_format == "csv" else value
