"""Importing a plan from a spreadsheet: a valid CSV and a valid XLSX are imported; every kind of
malformed file is refused with the row and the reason, and nothing is imported."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from participation.action_plan import importer, services
from participation.action_plan.models import Action, Axis
from tests.participation.action_plan.conftest import make_action, make_axis

pytestmark = pytest.mark.django_db

HEADER = ["code", "title", "axis_code", "axis_title", "start_date", "end_date", "budget_planned", "status", "progress",
          "service", "neighbourhood"]
ROWS = [
    ["N1.1", "تهيئة حديقة الحي", "N1", "المساحات الخضراء", "2025-01-15", "2025-12-31", "1 200 000,50", "in_progress", "40",
     "مصلحة البيئة", "حي النصر"],
    ["N1.2", "غرس الأشجار", "N1", "", "15/02/2025", "30/06/2025", "٣٥٠٠٠", "مكتمل", "", "مصلحة البيئة", ""],
    ["N2.1", "إنارة الأزقة", "N2", "الإنارة العمومية", "2025-03-01", "2026-03-01", "", "", "10%", "", ""],
]


def csv_file(rows, header=HEADER, name="plan.csv", delimiter=","):
    lines = [delimiter.join(f'"{c}"' if delimiter in str(c) else str(c) for c in row) for row in [header, *rows]]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("plan.xlsx", out.getvalue())


def _import(plan, upload):
    result = importer.check_file(upload, plan)
    if result.ok:
        services.import_actions(plan, result)
    return result


def test_valid_csv_is_imported_with_axes_created(plan_a):
    result = _import(plan_a, csv_file(ROWS))
    assert result.ok, result.errors
    actions = {a.code: a for a in Action.objects.filter(plan=plan_a).select_related("axis")}
    assert set(actions) == {"N1.1", "N1.2", "N2.1"}
    assert dict(Axis.objects.filter(plan=plan_a).values_list("code", "title")) == {"N1": "المساحات الخضراء", "N2": "الإنارة العمومية"}
    first = actions["N1.1"]
    assert first.budget_planned == Decimal("1200000.50") and first.status == "in_progress" and first.progress == 40
    assert first.site_id == plan_a.get_site().pk and first.neighbourhood == "حي النصر"
    second = actions["N1.2"]
    assert second.start_date == datetime.date(2025, 2, 15) and second.budget_planned == Decimal("35000")
    assert second.status == "completed" and second.progress == 100  # Arabic status name; completed → 100 %
    assert actions["N2.1"].status == "planned" and actions["N2.1"].progress == 10


def test_valid_csv_with_semicolons_and_a_bom(plan_a):
    upload = csv_file(ROWS, delimiter=";")
    upload = SimpleUploadedFile("plan.csv", b"\xef\xbb\xbf" + upload.read())
    assert _import(plan_a, upload).ok
    assert Action.objects.filter(plan=plan_a).count() == 3


def test_valid_xlsx_is_imported_with_date_and_number_cells(plan_a):
    rows = [["X1.1", "تهيئة السوق", "X1", "الاقتصاد", datetime.datetime(2025, 1, 1), datetime.date(2025, 9, 30), 950000,
             "delayed", 55, "", ""]]
    result = _import(plan_a, xlsx_file(rows))
    assert result.ok, result.errors
    action = Action.objects.get(plan=plan_a, code="X1.1")
    assert (action.start_date, action.end_date, action.budget_planned, action.status, action.progress) == (
        datetime.date(2025, 1, 1), datetime.date(2025, 9, 30), Decimal("950000"), "delayed", 55)


def test_the_downloadable_templates_import_cleanly(plan_a):
    assert _import(plan_a, SimpleUploadedFile("t.csv", importer.template_csv())).ok
    assert _import(plan_b_like(plan_a), SimpleUploadedFile("t.xlsx", importer.template_xlsx())).ok


def plan_b_like(plan):
    from tests.participation.action_plan.conftest import make_plan

    return make_plan(plan.get_site())


def _row(**changes):
    row = dict(zip(HEADER, ROWS[0], strict=True)) | changes
    return [row[k] for k in HEADER]


BAD_ROWS = [
    ("missing required value", [_row(title="")], 2, "title"),
    ("bad date", [_row(start_date="2025-13-45")], 2, "start_date"),
    ("end before start", [_row(start_date="2025-06-01", end_date="2025-01-01")], 2, "end_date"),
    ("bad number", [_row(budget_planned="مليون")], 2, "budget_planned"),
    ("negative number", [_row(budget_planned="-5")], 2, "budget_planned"),
    ("progress above 100", [_row(progress="140")], 2, "progress"),
    ("progress not whole", [_row(progress="12.5")], 2, "progress"),
    ("unknown status", [_row(status="finished?")], 2, "status"),
    ("new axis without title", [_row(axis_code="Z9", axis_title="")], 2, "axis_title"),
    ("duplicate code in the file", [ROWS[0], ROWS[2], _row(title="مكرر")], 4, "code"),
    ("too long", [_row(code="C" * 21)], 2, "code"),
]


@pytest.mark.parametrize(("label", "rows", "line", "column"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_a_bad_row_is_reported_and_nothing_is_imported(plan_a, label, rows, line, column):
    rows = [ROWS[1], *rows] if line > 2 or label.startswith("duplicate") else [*rows, ROWS[1]]
    line = line + 1 if label.startswith("duplicate") else line
    result = _import(plan_a, csv_file(rows))
    assert not result.ok
    assert (line, column) in {(e.row, e.column) for e in result.errors}, result.errors
    assert all(e.message for e in result.errors)
    assert not Action.objects.filter(plan=plan_a).exists()
    assert not Axis.objects.filter(plan=plan_a).exists()


def test_a_bad_row_in_xlsx_is_reported_with_its_row(plan_a):
    rows = [_row(), _row(code="N1.9", end_date="not a date")]
    result = _import(plan_a, xlsx_file(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "end_date")]
    assert not Action.objects.filter(plan=plan_a).exists()


def test_an_action_code_already_in_the_plan_is_refused(plan_a):
    make_action(make_axis(plan_a, "N1"), code="N1.1")
    result = _import(plan_a, csv_file(ROWS))
    assert [(e.row, e.column) for e in result.errors] == [(2, "code")]
    assert Action.objects.filter(plan=plan_a).count() == 1


@pytest.mark.parametrize(("label", "content", "name"), [
    ("empty file", b"", "plan.csv"),
    ("blank file", b"  \n\n ", "plan.csv"),
    ("header only", (",".join(HEADER) + "\n").encode(), "plan.csv"),
    ("not a spreadsheet (PDF)", b"%PDF-1.4\n\x00\x01binary", "plan.csv"),
    ("not UTF-8", "code,title\nN1,é".encode("latin-1"), "plan.csv"),
    ("broken zip named xlsx", b"PK\x03\x04garbage-not-a-workbook", "plan.xlsx"),
    ("unknown column", (",".join([*HEADER, "colour"]) + "\n" + ",".join([*ROWS[0], "red"])).encode(), "plan.csv"),
    ("missing required column", ("code,title\nN1,x\n").encode(), "plan.csv"),
    ("unclosed quote", (",".join(HEADER) + '\n"N1,x\n').encode(), "plan.csv"),
])
def test_malformed_files_are_refused_with_a_reason(plan_a, label, content, name):
    result = _import(plan_a, SimpleUploadedFile(name, content))
    assert not result.ok and result.errors[0].message
    assert not Action.objects.filter(plan=plan_a).exists()


def test_too_large_and_too_many_rows_are_refused(plan_a, monkeypatch):
    big = SimpleUploadedFile("plan.csv", b"a" * (importer.MAX_BYTES + 1))
    assert "large" in _import(plan_a, big).errors[0].message or _import(plan_a, big).errors[0].row == 0
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    result = _import(plan_a, csv_file([ROWS[0], ROWS[1], ROWS[2]]))
    assert not result.ok and result.errors[0].row == 0
    assert not Action.objects.filter(plan=plan_a).exists()


def test_every_malformed_row_is_listed_not_only_the_first(plan_a):
    rows = [_row(progress="200"), _row(code="N1.5", status="??"), _row(code="N1.6", start_date="x")]
    result = _import(plan_a, csv_file(rows))
    assert {(e.row, e.column) for e in result.errors} == {(2, "progress"), (3, "status"), (4, "start_date")}
