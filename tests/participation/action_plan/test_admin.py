"""The admin of the action plans: the listing's filters and search, the update of an action (a
public update and a log entry), the import screen (template, errors by row, nothing imported) and
the edit form that never touches status or progress."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from participation.action_plan import importer
from participation.action_plan.models import Action, ActionUpdate
from tests.participation.action_plan.conftest import make_action, make_axis
from tests.participation.action_plan.test_importer import ROWS, csv_file
from tests.participation.matrix import client_for

pytestmark = pytest.mark.django_db
INDEX = "participation_action_plan_action:index"
EDIT = "participation_action_plan_action:edit"
UPDATE = "participation_action_plan_action:update"
IMPORT = "participation_action_plan_action:import"


def content(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer():
    return client_for("a_participation")


def test_listing_filters_and_search(officer, plan_a, axis_a):
    make_action(axis_a, "L1", title="تهيئة حديقة الياسمين", status="delayed", service="مصلحة البيئة")
    make_action(axis_a, "L2", title="إنارة زنقة الورود", status="planned")
    response = officer.get(reverse(INDEX), {"plan": plan_a.pk})
    assert response.status_code == 200 and "تهيئة حديقة الياسمين" in content(response) and "إنارة زنقة الورود" in content(response)
    filtered = content(officer.get(reverse(INDEX), {"plan": plan_a.pk, "status": "delayed"}))
    assert "تهيئة حديقة الياسمين" in filtered and "إنارة زنقة الورود" not in filtered
    assert "إنارة زنقة الورود" in content(officer.get(reverse(INDEX), {"q": "الورود"}))
    assert "تهيئة حديقة الياسمين" not in content(officer.get(reverse(INDEX), {"q": "الورود"}))
    assert "تهيئة حديقة الياسمين" in content(officer.get(reverse(INDEX), {"service": "البيئة"}))
    assert officer.get(reverse(INDEX), {"status": "nope", "plan": "abc", "axis": "-1", "p": "x"}).status_code == 200
    action = Action.objects.get(code="L1", plan=plan_a)
    assert reverse(UPDATE, args=[action.pk]) in content(officer.get(reverse(INDEX), {"plan": plan_a.pk}))
    assert reverse(UPDATE, args=[action.pk]) in content(officer.get(reverse(EDIT, args=[action.pk])))


def test_update_form_records_a_public_update_and_a_log_entry(officer, plan_a, axis_a):
    action = make_action(axis_a)
    response = officer.get(reverse(UPDATE, args=[action.pk]))
    assert response.status_code == 200
    response = officer.post(reverse(UPDATE, args=[action.pk]), {
        "status": "in_progress", "progress": "35", "budget_committed": "500", "budget_spent": "", "date": "2025-02-01",
        "text": "انطلاق الأشغال", "photo_caption": "",
    })
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress, str(action.budget_committed)) == ("in_progress", 35, "500.00")
    update = ActionUpdate.objects.get(action=action)
    assert update.text == "انطلاق الأشغال" and str(update.date) == "2025-02-01"
    log = ModelLogEntry.objects.filter(object_id=str(action.pk), action="participation_action_plan.update").get()
    assert log.user.username == "a_participation"


@pytest.mark.parametrize("data", [
    {"status": "finished", "progress": "10"}, {"status": "planned", "progress": "150"}, {"status": "planned", "progress": "abc"},
    {"status": "planned", "progress": "10", "budget_spent": "-4"}, {"status": "planned", "progress": "10", "date": "2025-02-31"},
])
def test_bad_update_is_refused_with_the_form_refilled(officer, axis_a, data):
    action = make_action(axis_a)
    response = officer.post(reverse(UPDATE, args=[action.pk]), data)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in content(response) or "error" in content(response)
    action.refresh_from_db()
    assert (action.status, action.progress) == ("planned", 0)
    assert not ActionUpdate.objects.filter(action=action).exists()


def test_a_photo_that_is_not_an_image_is_refused(officer, axis_a):
    action = make_action(axis_a)
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = officer.post(reverse(UPDATE, args=[action.pk]), {"status": "planned", "progress": "5", "photo": fake,
                                                                  "photo_caption": "صورة"})
    assert response.status_code == 400
    assert not ActionUpdate.objects.filter(action=action).exists()


def test_the_edit_form_never_changes_status_or_progress(officer, plan_a, axis_a):
    action = make_action(axis_a, status="delayed", progress=30)
    response = officer.get(reverse(EDIT, args=[action.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert {"status", "progress", "budget_committed", "budget_spent", "site"}.isdisjoint(form.fields)


def test_editing_the_planned_budget_or_end_date_publishes_an_update(officer, plan_a, axis_a):
    action = make_action(axis_a, code="E1", title="نشاط للتعديل")
    data = {"plan": plan_a.pk, "axis": axis_a.pk, "code": "E1", "title": "نشاط للتعديل", "description": "",
            "service": "", "partners": "", "neighbourhood": "", "start_date": "2024-01-01", "end_date": "2025-06-30",
            "budget_planned": "2500", "funding_source": "",
            "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0", "links-MIN_NUM_FORMS": "0", "links-MAX_NUM_FORMS": "1000"}
    response = officer.post(reverse(EDIT, args=[action.pk]), data)
    assert response.status_code == 302, content(response)[:3000]
    update = ActionUpdate.objects.get(action=action)
    assert str(update.budget_planned) == "2500.00" and str(update.end_date) == "2025-06-30"
    assert update.new_status == "" and update.new_progress is None
    officer.post(reverse(EDIT, args=[action.pk]), data | {"title": "عنوان جديد"})  # a title change is logged, not published
    assert ActionUpdate.objects.filter(action=action).count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(action.pk), action="wagtail.edit").count() == 2


def test_import_screen_documents_the_columns_and_serves_the_templates(officer, plan_a):
    response = officer.get(reverse(IMPORT))
    assert response.status_code == 200
    for column in importer.COLUMNS:
        assert column.key in content(response)
    csv_template = officer.get(reverse(IMPORT), {"template": "csv"})
    assert csv_template["Content-Type"].startswith("text/csv")
    assert csv_template.content.decode("utf-8-sig").startswith("code,title,axis_code")
    assert officer.get(reverse(IMPORT), {"template": "xlsx"}).content[:4] == b"PK\x03\x04"


def test_import_through_the_screen(officer, plan_a):
    response = officer.post(reverse(IMPORT), {"plan": plan_a.pk, "file": csv_file(ROWS)})
    assert response.status_code == 302
    assert Action.objects.filter(plan=plan_a).count() == 3
    assert ModelLogEntry.objects.filter(action="participation_action_plan.import", content_type__model="action").count() >= 3


def test_a_bad_import_lists_the_rows_and_imports_nothing(officer, plan_a):
    rows = [ROWS[0], [*ROWS[1][:4], "2025-02-30", *ROWS[1][5:]]]
    response = officer.post(reverse(IMPORT), {"plan": plan_a.pk, "file": csv_file(rows)})
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(3, "start_date")]
    assert "start_date" in content(response)
    assert not Action.objects.filter(plan=plan_a).exists()


def test_import_without_a_file_or_into_another_commune_s_plan_is_refused(officer, plan_a, plan_b):
    assert officer.post(reverse(IMPORT), {"plan": plan_a.pk}).status_code == 400
    response = officer.post(reverse(IMPORT), {"plan": plan_b.pk, "file": csv_file(ROWS)})
    assert response.status_code == 400
    assert not Action.objects.filter(plan=plan_b).exists()


def test_axes_and_indicators_listings(officer, plan_a):
    make_axis(plan_a, "K1", "محور المؤشرات")
    assert "محور المؤشرات" in content(officer.get(reverse("participation_action_plan_axis:index")))
    assert officer.get(reverse("participation_action_plan_actionindicator:index")).status_code == 200


def test_adding_an_action_takes_the_plan_s_commune(officer, plan_a, axis_a):
    data = {"plan": plan_a.pk, "axis": axis_a.pk, "code": "N9", "title": "نشاط جديد", "description": "", "service": "",
            "partners": "", "neighbourhood": "", "start_date": "2025-01-01", "end_date": "2025-12-31",
            "budget_planned": "100", "funding_source": "",
            "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0", "links-MIN_NUM_FORMS": "0", "links-MAX_NUM_FORMS": "1000"}
    response = officer.post(reverse("participation_action_plan_action:add"), data)
    assert response.status_code == 302, content(response)[:3000]
    action = Action.objects.get(plan=plan_a, code="N9")
    assert action.site_id == plan_a.get_site().pk and action.status == "planned" and action.progress == 0
    bad = officer.post(reverse("participation_action_plan_action:add"), data | {"code": "N10", "end_date": "2024-01-01"})
    assert bad.status_code == 200 and not Action.objects.filter(code="N10").exists()  # end before start: form error


def test_an_update_with_a_photo_and_a_document(officer, axis_a, client_a, plan_a):
    import io

    from PIL import Image

    action = make_action(axis_a)
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(image, format="PNG")
    photo = SimpleUploadedFile("site.png", image.getvalue(), content_type="image/png")
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%fake but starts and ends right\n%%EOF\n", content_type="application/pdf")
    response = officer.post(reverse(UPDATE, args=[action.pk]), {
        "status": "in_progress", "progress": "15", "photo": photo, "photo_caption": "الأشغال في الحديقة", "document": pdf,
    })
    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=action)
    assert update.photo is not None and update.document is not None
    page = client_a.get(plan_a.route_path("action", action.pk)).content.decode()
    assert 'alt="الأشغال في الحديقة"' in page and update.document.url in page


def test_a_photo_needs_a_description(officer, axis_a):
    import io

    from PIL import Image

    action = make_action(axis_a)
    image = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(image, format="PNG")
    response = officer.post(reverse(UPDATE, args=[action.pk]), {
        "status": "planned", "progress": "5", "photo": SimpleUploadedFile("p.png", image.getvalue(), content_type="image/png"),
    })
    assert response.status_code == 400 and not ActionUpdate.objects.filter(action=action).exists()


def test_adding_an_axis_takes_the_plan_s_commune(officer, plan_a, plan_b):
    from participation.action_plan.models import Axis

    url = reverse("participation_action_plan_axis:add")
    response = officer.post(url, {"plan": plan_a.pk, "code": "Z1", "sort_order": "1", "title": "محور جديد", "description": ""})
    assert response.status_code == 302
    assert Axis.objects.get(plan=plan_a, code="Z1").site_id == plan_a.get_site().pk
    refused = officer.post(url, {"plan": plan_b.pk, "code": "Z2", "sort_order": "1", "title": "محور", "description": ""})
    assert refused.status_code == 200 and not Axis.objects.filter(code="Z2").exists()  # another commune's plan: not a choice
