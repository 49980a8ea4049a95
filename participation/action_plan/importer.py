"""Importing a plan's actions from a spreadsheet (CSV or XLSX): reading and checking, no storing.

The template (downloadable from the import screen, as CSV or XLSX) has one header row with these
column names (in English, any order, case and spaces ignored), then one row per action:

=================  ========  =====================================================================
column             required  content
=================  ========  =====================================================================
code               yes       the action's code, unique in the plan (e.g. A1.3), at most 20 characters
title              yes       the action's title, at most 250 characters
axis_code          yes       the code of its axis (e.g. A1); an axis missing from the plan is created
axis_title         new axis  the axis title, required on the first row of an axis the plan lacks
description        no        what the action does
service            no        the responsible service
partners           no        partners, separated by commas
neighbourhood      no        neighbourhood or place
start_date         yes       YYYY-MM-DD or DD/MM/YYYY (or a date cell in XLSX)
end_date           yes       same formats, not before start_date
budget_planned     no        planned budget in MAD (e.g. 1200000 or 1 200 000,50); 0 when empty
budget_committed   no        committed amount in MAD; 0 when empty
budget_spent       no        amount spent in MAD; 0 when empty
funding_source     no        e.g. commune budget, INDH, regional council
status             no        planned, in_progress, completed, delayed or cancelled (or their
                             Arabic, French or English names); planned when empty
progress           no        0 to 100 (a "%" sign is allowed); 0 when empty, 100 when completed
=================  ========  =====================================================================

Rules (decided here, enforced for every row; nothing is imported if any row fails):
- the file must be a CSV (UTF-8, separated by commas, semicolons or tabs) or an XLSX workbook (its
  first sheet), at most 2 MB and 2,000 actions; an empty file or one without actions is refused;
- an unknown column is refused (a typing mistake would otherwise drop data silently);
- axes are created on the fly from axis_code + axis_title (a plan is usually imported into an
  empty page); an axis the plan already has keeps its title;
- an action code appearing twice in the file, or already in the plan, is refused;
- Arabic-Indic digits (٠١٢…) are read as digits; statuses may also be written as staff usually
  write them (STATUS_ALIASES: منجز, في طور الإنجاز, متأخر, ملغى, en cours, terminé...).

Errors are (row, column, message) with the row number as the spreadsheet shows it (the header is
row 1); row 0 is about the whole file.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 40
MAX_AMOUNT = Decimal("999999999999.99")
XLSX_MAGIC = b"PK\x03\x04"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
STATUSES = ("planned", "in_progress", "completed", "delayed", "cancelled")
#: names staff commonly write in Arabic and French spreadsheets (besides the translated labels)
STATUS_ALIASES = {
    "مبرمج": "planned", "مبرمجة": "planned", "مخطط": "planned", "لم ينطلق": "planned",
    "prévu": "planned", "prévue": "planned", "planifié": "planned", "programmé": "planned",
    "في طور الإنجاز": "in_progress", "قيد الإنجاز": "in_progress", "جار": "in_progress", "في طور الانجاز": "in_progress",
    "قيد الانجاز": "in_progress", "en cours": "in_progress",
    "منجز": "completed", "مكتمل": "completed", "أنجز": "completed", "انتهى": "completed",
    "terminé": "completed", "achevé": "completed", "réalisé": "completed",
    "متأخر": "delayed", "متعثر": "delayed", "en retard": "delayed", "retardé": "delayed",
    "ملغى": "cancelled", "ملغي": "cancelled", "annulé": "cancelled", "canceled": "cancelled",
}


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    help: str
    max_length: int | None = None
    example: str = ""


COLUMNS = (
    Column("code", True, gettext_lazy("The action's code, unique in the plan (e.g. A1.3)."), 20, "A1.1"),
    Column("title", True, gettext_lazy("The action's title."), 250, "Example action"),
    Column("axis_code", True, gettext_lazy("The code of its axis (e.g. A1). An axis the plan does not have yet is created."), 20, "A1"),
    Column("axis_title", False, gettext_lazy("The title of the axis; required on the first row of an axis the plan does not have yet."), 250, "Example axis"),
    Column("description", False, gettext_lazy("What the action does."), 5000, ""),
    Column("service", False, gettext_lazy("The responsible service."), 200, ""),
    Column("partners", False, gettext_lazy("Partners, separated by commas."), 500, ""),
    Column("neighbourhood", False, gettext_lazy("Neighbourhood or place."), 200, ""),
    Column("start_date", True, gettext_lazy("Start date: YYYY-MM-DD or DD/MM/YYYY."), None, "2025-01-15"),
    Column("end_date", True, gettext_lazy("End date, not before the start date: YYYY-MM-DD or DD/MM/YYYY."), None, "2025-12-31"),
    Column("budget_planned", False, gettext_lazy("Planned budget in dirhams (MAD), e.g. 1200000 or 1 200 000,50. 0 when empty."), None, "150000"),
    Column("budget_committed", False, gettext_lazy("Amount committed in MAD. 0 when empty."), None, "0"),
    Column("budget_spent", False, gettext_lazy("Amount spent in MAD. 0 when empty."), None, "0"),
    Column("funding_source", False, gettext_lazy("Funding source, e.g. the commune's budget, INDH, the regional council."), 250, ""),
    Column("status", False, gettext_lazy("planned, in_progress, completed, delayed or cancelled (or their name in Arabic, French or English). Planned when empty."), None, "planned"),
    Column("progress", False, gettext_lazy("Progress from 0 to 100. 0 when empty, 100 for a completed action."), None, "0"),
)
KEYS = {c.key: c for c in COLUMNS}
TEXT_FIELDS = ("description", "service", "partners", "neighbourhood", "funding_source")


class FileRejected(Exception):
    """The file as a whole cannot be read (row 0)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ActionRow:
    line: int
    code: str
    title: str
    axis_code: str
    start_date: datetime.date
    end_date: datetime.date
    budget_planned: Decimal
    budget_committed: Decimal
    budget_spent: Decimal
    status: str
    progress: int
    texts: dict

    def fields(self) -> dict:
        """Keyword arguments of the Action (without plan, axis and site)."""
        return {
            "code": self.code, "title": self.title, "start_date": self.start_date, "end_date": self.end_date,
            "budget_planned": self.budget_planned, "budget_committed": self.budget_committed,
            "budget_spent": self.budget_spent, "status": self.status, "progress": self.progress, **self.texts,
        }


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)
    new_axes: dict = field(default_factory=dict)  # code → title, in the order met
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading -----------------------------------------------------------------------------------


def read_table(upload) -> list[list]:
    """The rows of the uploaded file (lists of cell values), or FileRejected."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise FileRejected(_("The file is too large (at most %(size)s MB).") % {"size": MAX_BYTES // (1024 * 1024)})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRejected(_("The file is too large (at most %(size)s MB).") % {"size": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    from participation.core.archives import MAX_EXPANDED_BYTES, NotAnArchive, UnsafeArchive, check_zip

    try:
        check_zip(data)
    except NotAnArchive as error:
        raise FileRejected(_("This file is not a CSV file or an XLSX workbook.")) from error
    except UnsafeArchive as error:
        raise FileRejected(_("This workbook holds too much data once uncompressed (at most %(size)s MB): it is not a "
                             "plan's spreadsheet.") % {"size": MAX_EXPANDED_BYTES // (1024 * 1024)}) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as error:
        raise FileRejected(_("This file is not a CSV file or an XLSX workbook.")) from error
    except Exception as error:  # openpyxl raises its own errors for broken workbooks
        raise FileRejected(_("This file is not a CSV file or an XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileRejected(_("The file is empty."))
        rows = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise FileRejected(_("The file has too many rows (at most %(n)s actions).") % {"n": MAX_ROWS})
        return rows
    except FileRejected:
        raise
    except Exception as error:
        raise FileRejected(_("This file is not a CSV file or an XLSX workbook.")) from error
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data:
        raise FileRejected(_("This file is not a CSV file or an XLSX workbook."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(_("The CSV file is not in UTF-8: save it as \"CSV UTF-8\" and import it again.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise FileRejected(_("The file has too many rows (at most %(n)s actions).") % {"n": MAX_ROWS})
    except csv.Error as error:
        raise FileRejected(_("The CSV file is malformed (a quote is not closed?).")) from error
    return rows


# --- checking ----------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _long_text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def parse_date(value) -> datetime.date:
    """A date from a cell (ValueError if it is not one)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).translate(DIGITS)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", text):
        text = text[:10]
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 2000 <= parsed.year <= 2100:
            return parsed
    raise ValueError(text)


def parse_amount(value) -> Decimal:
    """A non-negative amount (ValueError otherwise). Spaces separate thousands; a comma followed
    by one or two digits at the end is the decimal separator, other commas separate thousands."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = _text(value).translate(DIGITS)
        text = re.sub(r"(?i)\s*(mad|dhs?|درهم)\s*$", "", text)
        text = re.sub(r"[\s\u00a0\u202f']", "", text).replace("٫", ".").replace("٬", ",")
        if re.fullmatch(r"\d+(,\d{3})*,\d{1,2}", text) and "." not in text:
            head, _sep, tail = text.rpartition(",")
            text = head.replace(",", "") + "." + tail
        else:
            text = text.replace(",", "")
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ValueError(text)
        number = Decimal(text)
    if not number.is_finite() or number < 0 or number > MAX_AMOUNT:
        raise ValueError(value)
    return number.quantize(Decimal("0.01"))


def parse_progress(value) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = _text(value).translate(DIGITS).rstrip("%").strip().replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ValueError(text)
        number = Decimal(text)
    if number != number.to_integral_value() or not 0 <= number <= 100:
        raise ValueError(value)
    return int(number)


def status_names() -> dict:
    """{lower-case name: status code} for the codes and their names in Arabic, French and English."""
    from participation.action_plan.models import ActionStatus

    names = {code: code for code in STATUSES} | STATUS_ALIASES
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            for code, label in ActionStatus.choices:
                names[str(label).strip().lower()] = code
    names["in progress"] = "in_progress"
    return names


def check(table: list[list], *, existing_axes: dict, existing_codes: set) -> ImportResult:
    """Check every row of `table` (header first). `existing_axes`: {code: title} of the plan's
    axes; `existing_codes`: codes of the plan's actions."""
    result = ImportResult()
    rows = [row for row in table if any(_text(cell) for cell in row)]
    if not rows:
        result.errors.append(RowError(0, "", _("The file is empty.")))
        return result
    header_line = next(i for i, row in enumerate(table, start=1) if any(_text(cell) for cell in row))
    header = [re.sub(r"[\s-]+", "_", _text(cell).lower()) for cell in table[header_line - 1]]
    positions: dict = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name not in KEYS:
            result.errors.append(RowError(header_line, name, _("Unknown column \"%(name)s\". The columns are listed on the "
                                                               "import page.") % {"name": name}))
        elif name in positions:
            result.errors.append(RowError(header_line, name, _("The column \"%(name)s\" appears twice.") % {"name": name}))
        else:
            positions[name] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            result.errors.append(RowError(header_line, column.key, _("The required column \"%(name)s\" is missing.") % {"name": column.key}))
    if result.errors:
        return result
    data_lines = [(i, row) for i, row in enumerate(table, start=1) if i > header_line and any(_text(c) for c in row)]
    if not data_lines:
        result.errors.append(RowError(0, "", _("The file has no action: only the header row.")))
        return result
    if len(data_lines) > MAX_ROWS:
        result.errors.append(RowError(0, "", _("The file has too many rows (at most %(n)s actions).") % {"n": MAX_ROWS}))
        return result

    statuses = status_names()
    seen_codes: dict = {}
    axes = dict(existing_axes)
    for line, row in data_lines:
        cells = {key: (row[i] if i < len(row) else None) for key, i in positions.items()}
        errors_before = len(result.errors)

        def error(column, message, line=line):
            result.errors.append(RowError(line, column, message))

        values = {}
        for column in COLUMNS:
            raw = cells.get(column.key)
            text = _long_text(raw) if column.key == "description" else _text(raw)
            if column.required and not text and not isinstance(raw, datetime.date):
                error(column.key, _("This value is required."))
                continue
            if column.max_length and len(text) > column.max_length:
                error(column.key, _("Too long: at most %(n)s characters.") % {"n": column.max_length})
                continue
            values[column.key] = text
        for key in ("start_date", "end_date"):
            raw = cells.get(key)
            if key in values and values[key]:
                try:
                    values[key] = parse_date(raw)
                except ValueError:
                    error(key, _("\"%(value)s\" is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.") % {"value": _text(raw)})
                    values.pop(key)
        start, end = values.get("start_date"), values.get("end_date")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            error("end_date", _("The end date comes before the start date."))
        amounts = {}
        for key in ("budget_planned", "budget_committed", "budget_spent"):
            raw = cells.get(key)
            if not values.get(key):
                amounts[key] = Decimal("0.00")
                continue
            try:
                amounts[key] = parse_amount(raw)
            except (ValueError, InvalidOperation):
                error(key, _("\"%(value)s\" is not an amount in dirhams (a positive number).") % {"value": _text(raw)})
        status = "planned"
        if values.get("status"):
            status = statuses.get(values["status"].lower())
            if status is None:
                error("status", _("Unknown status \"%(value)s\": use planned, in_progress, completed, delayed or cancelled.")
                      % {"value": values["status"]})
        progress = 100 if status == "completed" else 0
        if values.get("progress"):
            try:
                progress = parse_progress(cells.get("progress"))
            except (ValueError, InvalidOperation):
                error("progress", _("The progress must be a whole number from 0 to 100, not \"%(value)s\".")
                      % {"value": _text(cells.get("progress"))})
        code = values.get("code")
        if code:
            if code in seen_codes:
                error("code", _("The action code \"%(code)s\" is already used on row %(row)s.") % {"code": code, "row": seen_codes[code]})
            elif code in existing_codes:
                error("code", _("The plan already has an action with the code \"%(code)s\".") % {"code": code})
            else:
                seen_codes[code] = line
        axis_code = values.get("axis_code")
        if axis_code and axis_code not in axes:
            if values.get("axis_title"):
                axes[axis_code] = values["axis_title"]
                result.new_axes[axis_code] = values["axis_title"]
            elif "axis_title" in values:
                error("axis_title", _("The plan has no axis \"%(code)s\": give its title in axis_title to create it.") % {"code": axis_code})
        if len(result.errors) == errors_before:
            result.rows.append(ActionRow(
                line=line, code=code, title=values["title"], axis_code=axis_code,
                start_date=values["start_date"], end_date=values["end_date"], status=status, progress=progress,
                texts={key: values.get(key, "") for key in TEXT_FIELDS}, **amounts,
            ))
    if result.errors:
        result.rows = []
        result.new_axes = {}
    return result


def check_file(upload, plan) -> ImportResult:
    """Read and check an uploaded file for `plan` (its default-language page)."""
    from participation.action_plan.models import Action, Axis

    plan = plan.canonical()
    try:
        table = read_table(upload)
    except FileRejected as rejected:
        return ImportResult(errors=[RowError(0, "", str(rejected))])
    return check(
        table,
        existing_axes=dict(Axis.objects.filter(plan=plan).values_list("code", "title")),
        existing_codes=set(Action.objects.filter(plan=plan).values_list("code", flat=True)),
    )


# --- the template ------------------------------------------------------------------------------


def template_rows() -> list[list[str]]:
    return [[c.key for c in COLUMNS], [c.example for c in COLUMNS]]


def template_csv() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(template_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "actions"
    for row in template_rows():
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
