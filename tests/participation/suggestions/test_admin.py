"""Staff handle suggestions in the Wagtail admin: listing, filters, search, the
inspect view, each workflow transition, internal notes, exports, query counts.

The fixtures here are shared with test_permissions.py.
"""
import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participation.core.models import Department, SubmissionLogEntry
from participation.suggestions.models import Suggestion, SuggestionBoxPage, SuggestionCategory, SuggestionNote
from participation.suggestions.services import submit_suggestion

INDEX = "participation_suggestions_suggestion:index"
INSPECT = "participation_suggestions_suggestion:inspect"
TRANSITION = "participation_suggestions_suggestion:transition"
EDIT = "participation_suggestions_suggestion:edit"


# --- fixtures and helpers (also used by test_permissions.py) ---------------------------


def box_of(site):
    """The commune's suggestions box (the demo seed's, or one made for the test)."""
    root = site.root_page
    page = SuggestionBoxPage.objects.child_of(root).first()
    if page is None:
        page = root.add_child(instance=SuggestionBoxPage(title="فضاء الاقتراحات", slug="suggestions-test"))
    return page


def make_suggestion(page, category, **fields):
    data = {
        "kind": "suggestion",
        "category": category,
        "title": "إصلاح الإنارة في الشارع الرئيسي",
        "text": "أعمدة الإنارة معطلة منذ شهر في الشارع الرئيسي قرب المدرسة.",
        "neighbourhood": "حي النصر",
        "name": "مواطن تجريبي",
        "email": "citizen@example.ma",
        **fields,
    }
    return submit_suggestion(page, data, ip="192.0.2.1", language="ar")


class Commune:
    """One commune's test material: its box, a category, a service, a record factory."""

    made = 0

    def __init__(self, site, key):
        self.site, self.key = site, key
        self.box = box_of(site)
        self.category = SuggestionCategory.objects.create(site=site, name=f"فئة الاختبار {key}")
        self.other_category = SuggestionCategory.objects.create(site=site, name=f"فئة أخرى {key}")
        self.department = Department.objects.create(site=site, name=f"مصلحة الاختبار {key}", email=f"service-{key}@example.ma")

    def suggestion(self, **fields):
        """A new record; its title is unique (references are only unique within a commune)."""
        Commune.made += 1
        fields.setdefault("category", self.category)
        fields.setdefault("title", f"اقتراح الاختبار رقم {Commune.made} ({self.key})")
        return make_suggestion(self.box, **fields)


@pytest.fixture
def commune_a(demo):
    return Commune(demo.site_a, "a")


@pytest.fixture
def commune_b(demo):
    return Commune(demo.site_b, "b")


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def officer_a(demo):
    return user("a_participation")


@pytest.fixture
def officer_client(client, officer_a):
    client.force_login(officer_a)
    return client


def final_status(response, client):
    """The status code, after the one redirect Django's LocaleMiddleware adds to a 404
    (it tries /ar/<path>, which the admin does not have: that answers 404 too)."""
    request_path = response.request["PATH_INFO"]
    if response.status_code == 302 and response["Location"] == "/ar" + request_path:
        return client.get(response["Location"]).status_code
    return response.status_code


def state(record):
    """What must not move when an action is refused."""
    record = Suggestion.objects.get(pk=record.pk)
    return (
        record.status,
        record.is_public,
        record.public_answer,
        record.rejection_reason,
        record.department_id,
        record.merged_into_id,
        record.category_id,
        record.history.count(),
        record.notes.count(),
        SubmissionLogEntry.objects.filter(object_id=str(record.pk), content_type__model="suggestion").count(),
    )


# --- listing, filters, search --------------------------------------------------------------


def test_the_menu_group_lists_the_suggestions_box(officer_client, commune_a):
    html = officer_client.get(reverse("wagtailadmin_home")).content.decode()
    label = "المشاركة المواطنة"  # the group's label, in the sidebar's JSON
    assert label in html or json.dumps(label)[1:-1] in html
    assert reverse(INDEX) in html
    assert reverse("participation_core_department:index") in html
    assert reverse("wagtailsnippets_participation_suggestions_suggestioncategory:list") in html


def test_the_listing_shows_own_commune_records_with_their_columns(officer_client, commune_a, commune_b):
    own = commune_a.suggestion(title="حفرة خطيرة في طريق المدرسة")
    other = commune_b.suggestion(title="اقتراح من الجماعة الأخرى")
    response = officer_client.get(reverse(INDEX))
    assert response.status_code == 200
    html = response.content.decode()
    assert own.reference in html and own.title in html and commune_a.category.name in html
    assert "توصلنا" in html or "Received" in html or own.get_status_display() in html
    assert other.title not in html
    assert 'dir="rtl"' in html


def _listed(client, **params):
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    return response.content.decode()


def test_filters_status_category_kind_neighbourhood_and_date(officer_client, commune_a, officer_a):
    from participation.core import services

    plain = commune_a.suggestion(title="اقتراح عادي للاختبار", neighbourhood="حي الأمل")
    report = commune_a.suggestion(title="تبليغ عن مشكل للاختبار", kind="report", category=commune_a.other_category, neighbourhood="حي السلام")
    services.perform(report, "review", officer_a)

    html = _listed(officer_client, status="review")
    assert report.reference in html and plain.reference not in html
    html = _listed(officer_client, category=commune_a.other_category.pk)
    assert report.reference in html and plain.reference not in html
    html = _listed(officer_client, kind="report")
    assert report.reference in html and plain.reference not in html
    html = _listed(officer_client, neighbourhood="الأمل")
    assert plain.reference in html and report.reference not in html

    today = timezone.localdate()
    html = _listed(officer_client, created_at_from=str(today - timedelta(days=1)), created_at_to=str(today))
    assert plain.reference in html and report.reference in html
    html = _listed(officer_client, created_at_from=str(today + timedelta(days=1)))
    assert plain.reference not in html


@pytest.mark.parametrize(
    "params",
    [{"created_at_from": "2026-13-45"}, {"created_at_to": "not a date"}, {"status": "<script>"}, {"category": "abc"}, {"p": "999"}, {"ordering": "nope"}],
)
def test_bad_filter_values_never_give_a_500(officer_client, commune_a, params):
    assert officer_client.get(reverse(INDEX), params).status_code == 200


def test_the_category_filter_offers_own_commune_categories_only(officer_client, commune_a, commune_b):
    html = _listed(officer_client)
    assert commune_a.category.name in html
    assert commune_b.category.name not in html


def test_search_by_reference_title_and_text(officer_client, commune_a, commune_b):
    first = commune_a.suggestion(title="مقترح حول السوق الأسبوعي", text="تنظيم أماكن الباعة داخل السوق الأسبوعي.")
    second = commune_a.suggestion(title="مقترح آخر مختلف تماما", text="زيادة عدد الحاويات قرب الملعب البلدي.")
    other = commune_b.suggestion(title="مقترح حول السوق الأسبوعي أيضا")
    html = _listed(officer_client, q=first.reference)
    assert first.reference in html and second.reference not in html
    html = _listed(officer_client, q="السوق")
    assert first.title in html and second.title not in html and other.title not in html
    html = _listed(officer_client, q="الحاويات")
    assert second.reference in html and first.reference not in html


def test_the_listing_is_paginated(officer_client, commune_a):
    for i in range(22):
        commune_a.suggestion(title=f"اقتراح رقم {i:02d} للاختبار")
    response = officer_client.get(reverse(INDEX))
    assert response.context["paginator"].per_page == 20
    assert response.context["paginator"].count >= 22
    assert officer_client.get(reverse(INDEX), {"p": 2}).status_code == 200


def test_admin_listing_query_count_is_flat(officer_client, commune_a, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(reverse(INDEX)).status_code == 200
        return len(queries)

    for _ in range(10):
        commune_a.suggestion()
    officer_client.get(reverse(INDEX))  # warm caches (content types, locales)
    with_ten = count()
    for _ in range(50):
        commune_a.suggestion()
    with_sixty = count()
    print(f"admin listing queries: {with_ten} with 10 records, {with_sixty} with 60")
    assert with_sixty == with_ten, (with_ten, with_sixty)
    assert with_sixty <= 30


# --- inspect, notes, edit -------------------------------------------------------------------


def test_inspect_shows_the_record_its_history_log_and_actions(officer_client, commune_a):
    record = commune_a.suggestion(title="طلب تهيئة حديقة الحي", phone="0612345678")
    response = officer_client.get(reverse(INSPECT, args=[record.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (record.reference, record.title, record.text, record.email, "0612345678", commune_a.category.name):
        assert text in html
    assert len(response.context["history"]) == 1
    assert any(entry.action == "participation.submit" for entry in response.context["log_entries"])
    actions = {t.name for t, _url in response.context["transitions"]}
    assert actions == {"review", "forward", "answer", "reject", "mark_spam", "merge"}
    assert reverse(TRANSITION, args=[record.pk, "answer"]) in html
    assert 'name="note-text"' in html
    for heading in ("تاريخ الحالة", "ملاحظات داخلية", "سجل النشاط"):  # the admin speaks Arabic
        assert heading in html


def test_inspect_escapes_what_the_citizen_wrote(officer_client, commune_a):
    record = commune_a.suggestion(title="<script>alert(1)</script> عنوان", text="<img src=x onerror=alert(1)> نص طويل بما يكفي")
    html = officer_client.get(reverse(INSPECT, args=[record.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_an_internal_note_is_added_logged_and_never_public(officer_client, officer_a, commune_a, client_a):
    record = commune_a.suggestion()
    response = officer_client.post(reverse(INSPECT, args=[record.pk]), {"note-text": "اتصلت بالمصلحة التقنية، الزيارة يوم الإثنين."})
    assert response.status_code == 302
    note = SuggestionNote.objects.get(suggestion=record)
    assert note.author == officer_a
    assert SubmissionLogEntry.objects.filter(object_id=str(record.pk), action="participation.note").exists()
    assert "الزيارة يوم الإثنين" in officer_client.get(reverse(INSPECT, args=[record.pk])).content.decode()
    followup = client_a.get(record.page.route_path("followup", record.access_token))
    assert followup.status_code == 200
    assert "الزيارة يوم الإثنين" not in followup.content.decode()


def test_an_empty_note_shows_the_form_again(officer_client, commune_a):
    record = commune_a.suggestion()
    response = officer_client.post(reverse(INSPECT, args=[record.pk]), {"note-text": ""})
    assert response.status_code == 200
    assert response.context["note_form"].errors
    assert not record.notes.exists()


def test_staff_correct_the_category_and_assign_a_service(officer_client, commune_a, commune_b):
    record = commune_a.suggestion()
    url = reverse(EDIT, args=[record.pk])
    form = officer_client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert commune_a.department.name in html and commune_b.department.name not in html
    assert commune_b.category.name not in html
    data = {"kind": "report", "category": commune_a.other_category.pk, "neighbourhood": "حي الفتح", "department": commune_a.department.pk}
    response = officer_client.post(url, data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.kind, record.category, record.department) == ("report", commune_a.other_category, commune_a.department)
    assert record.status == "received"  # the workflow is not touched by an edit
    # another commune's service cannot be chosen
    response = officer_client.post(url, {**data, "department": commune_b.department.pk})
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.department == commune_a.department


# --- transitions --------------------------------------------------------------------------

#: action: (statuses to go through first, form data (callable), expected status, e-mails sent after commit)
TRANSITIONS = {
    "review": ((), lambda c, r: {"note": "قيد الدراسة"}, "review", ()),
    "forward": ((), lambda c, r: {"department": c.department.pk, "note": "أحيل على المصلحة"}, "forwarded", ("citizen", "service")),
    "answer": ((), lambda c, r: {"public_answer": "تمت برمجة الإصلاح الأسبوع المقبل."}, "answered", ("citizen",)),
    "reject": ((), lambda c, r: {"rejection_reason": "الرسالة لا تتعلق باختصاصات الجماعة."}, "rejected", ("citizen",)),
    "mark_spam": ((), lambda c, r: {"note": "رسالة آلية"}, "spam", ()),  # the (often forged) sender is not told
    "merge": ((), lambda c, r: {"merged_into": c.original.reference}, "merged", ("citizen",)),
    "close": (("answer",), lambda c, r: {}, "closed", ()),
    "unpublish": (("answer",), lambda c, r: {"note": "سحب من القائمة العمومية"}, "closed", ()),
}


def _prepare(commune, record, steps):
    from participation.core import services

    admin = user("admin")
    for step in steps:
        services.perform(record, step, admin, public_answer="جواب أولي منشور.")
    return Suggestion.objects.get(pk=record.pk)


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_each_transition_through_the_admin(action, officer_client, officer_a, commune_a, django_capture_on_commit_callbacks):
    steps, data, target, mails = TRANSITIONS[action]
    commune_a.original = commune_a.suggestion(title="الاقتراح الأصلي للدمج")
    record = _prepare(commune_a, commune_a.suggestion(email="sender@example.ma"), steps)
    history_before = record.history.count()
    url = reverse(TRANSITION, args=[record.pk, action])

    form = officer_client.get(url)
    assert form.status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, data(commune_a, record))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse(INSPECT, args=[record.pk])

    record.refresh_from_db()
    assert record.status == target
    assert record.history.count() == history_before + 1
    entry = record.history.last()
    assert (entry.action, entry.to_status, entry.actor) == (action, target, officer_a)
    log = SubmissionLogEntry.objects.filter(object_id=str(record.pk), action="participation.transition").order_by("-pk").first()
    assert log is not None and log.user == officer_a and log.data["action"] == action

    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted({"citizen": "sender@example.ma", "service": commune_a.department.email}[who] for who in mails)
    assert recipients == expected
    if action == "merge":
        assert record.merged_into == commune_a.original
    if action == "answer":
        assert record.is_public and record.public_answer


def test_a_missing_required_field_shows_the_form_again(officer_client, commune_a):
    record = commune_a.suggestion()
    before = state(record)
    response = officer_client.post(reverse(TRANSITION, args=[record.pk, "answer"]), {"public_answer": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["public_answer"]
    assert state(record) == before


def test_merging_into_an_unknown_reference_or_itself_shows_the_form_again(officer_client, commune_a):
    record = commune_a.suggestion()
    before = state(record)
    for reference in ("SUG-1999-99999", record.reference, "<script>"):
        response = officer_client.post(reverse(TRANSITION, args=[record.pk, "merge"]), {"merged_into": reference})
        assert response.status_code == 200
        assert response.context["form"].errors["merged_into"]
    assert state(record) == before


def test_a_reference_is_looked_up_in_the_record_s_commune_only(officer_client, commune_a, commune_b):
    """References are numbered per commune: SUG-2026-00001 exists in both; merging
    never links a record to the other commune's."""
    foreign = commune_b.suggestion()
    record = commune_a.suggestion()
    officer_client.post(reverse(TRANSITION, args=[record.pk, "merge"]), {"merged_into": foreign.reference})
    record.refresh_from_db()
    assert record.merged_into_id != foreign.pk
    assert record.merged_into is None or record.merged_into.site_id == commune_a.site.pk


def test_merging_into_a_merged_record_is_refused_by_the_service(officer_client, officer_a, commune_a):
    from participation.suggestions.services import merge

    original, duplicate, record = commune_a.suggestion(), commune_a.suggestion(), commune_a.suggestion()
    merge(duplicate, original, officer_a)
    before = state(record)
    response = officer_client.post(reverse(TRANSITION, args=[record.pk, "merge"]), {"merged_into": duplicate.reference})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert state(record) == before


def test_forwarding_offers_own_commune_services_only(officer_client, commune_a, commune_b):
    record = commune_a.suggestion()
    html = officer_client.get(reverse(TRANSITION, args=[record.pk, "forward"])).content.decode()
    assert commune_a.department.name in html and commune_b.department.name not in html
    before = state(record)
    response = officer_client.post(reverse(TRANSITION, args=[record.pk, "forward"]), {"department": commune_b.department.pk})
    assert response.status_code == 200
    assert state(record) == before


# --- exports ----------------------------------------------------------------------------


def test_csv_export_is_scoped_and_neutralises_formulas(officer_client, commune_a, commune_b):
    dangerous = commune_a.suggestion(title="=HYPERLINK(\"http://evil.example\")", text="+SUM(A1:A2) نص كاف للاختبار", neighbourhood="@حي")
    minus = commune_a.suggestion(text="-1 نص يبدأ بعلامة ناقص", neighbourhood="\tحي")
    other = commune_b.suggestion()
    response = officer_client.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    cells = {cell for row in rows for cell in row}
    assert other.title not in cells
    assert "'=HYPERLINK(\"http://evil.example\")" in cells
    assert "'+SUM(A1:A2) نص كاف للاختبار" in cells
    assert "'@حي" in cells
    assert "'-1 نص يبدأ بعلامة ناقص" in cells and "'\tحي" in cells and minus.title in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert dangerous.email not in content  # contact details stay out of exports


def test_xlsx_export_is_scoped_and_stores_formulas_as_text(officer_client, commune_a, commune_b):
    from openpyxl import load_workbook

    commune_a.suggestion(title="=1+1 عنوان خطير")
    other = commune_b.suggestion()
    response = officer_client.get(reverse(INDEX), {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    values = {cell.value for cell in cells}
    assert other.title not in values
    title = next(cell for cell in cells if cell.value == "=1+1 عنوان خطير")
    assert title.data_type == "s"  # text, not a formula


def test_export_follows_the_filters(officer_client, officer_a, commune_a):
    from participation.core import services

    reviewed, received = commune_a.suggestion(), commune_a.suggestion()
    services.perform(reviewed, "review", officer_a)
    response = officer_client.get(reverse(INDEX), {"export": "csv", "status": "review"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert reviewed.title in content and received.title not in content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_needs_the_export_permission(client, demo, commune_a, fmt):
    commune_a.suggestion()
    editor = user("a_editor")  # may list and inspect, may not export
    client.force_login(editor)
    listing = client.get(reverse(INDEX))
    assert listing.status_code == 200
    assert "export=csv" not in listing.content.decode()
    response = client.get(reverse(INDEX), {"export": fmt})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "Content-Disposition" not in response


def test_export_buttons_are_shown_to_the_officer(officer_client, commune_a):
    html = officer_client.get(reverse(INDEX)).content.decode()
    assert "export=csv" in html and "export=xlsx" in html


# --- reference data: categories and services ---------------------------------------------


def test_categories_and_services_are_scoped_by_commune(officer_client, commune_a, commune_b):
    categories = reverse("wagtailsnippets_participation_suggestions_suggestioncategory:list")
    html = officer_client.get(categories).content.decode()
    assert commune_a.category.name in html and commune_b.category.name not in html
    for view in ("edit", "history", "usage"):
        url = reverse(f"wagtailsnippets_participation_suggestions_suggestioncategory:{view}", args=[commune_b.category.pk])
        assert final_status(officer_client.get(url), officer_client) == 404, view
    chooser = reverse("wagtailsnippetchoosers_participation_suggestions_suggestioncategory:choose_results")
    html = "".join(officer_client.get(chooser, {"p": page}).content.decode() for page in (1, 2, 3, 4))
    assert commune_a.category.name in html and commune_b.category.name not in html
    chosen = reverse("wagtailsnippetchoosers_participation_suggestions_suggestioncategory:chosen", args=[commune_b.category.pk])
    assert final_status(officer_client.get(chosen), officer_client) == 404

    departments = reverse("participation_core_department:index")
    html = officer_client.get(departments).content.decode()
    assert commune_a.department.name in html and commune_b.department.name not in html
    edit_b = reverse("participation_core_department:edit", args=[commune_b.department.pk])
    assert final_status(officer_client.get(edit_b), officer_client) == 404


def test_a_new_category_can_only_be_put_in_own_commune(officer_client, demo, commune_a):
    add = reverse("wagtailsnippets_participation_suggestions_suggestioncategory:add")
    form = officer_client.get(add)
    assert form.status_code == 200
    site_field = form.context["form"].fields["site"]
    assert list(site_field.queryset) == [demo.site_a]
    response = officer_client.post(add, {"site": demo.site_b.pk, "name": "فئة في جماعة أخرى", "description": ""})
    assert response.status_code == 200
    assert not SuggestionCategory.objects.filter(name="فئة في جماعة أخرى").exists()
    response = officer_client.post(add, {"site": demo.site_a.pk, "name": "فئة جديدة", "description": ""})
    assert response.status_code == 302
    assert SuggestionCategory.objects.get(name="فئة جديدة").site == demo.site_a


def test_a_category_in_use_cannot_be_deleted(client, demo, commune_a):
    commune_a.suggestion()
    client.force_login(user("admin"))
    url = reverse("wagtailsnippets_participation_suggestions_suggestioncategory:delete", args=[commune_a.category.pk])
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert SuggestionCategory.objects.filter(pk=commune_a.category.pk).exists()


def test_staff_cannot_add_or_delete_submissions(officer_client, commune_a):
    from django.urls import NoReverseMatch

    record = commune_a.suggestion()
    for name, args in (("add", []), ("delete", [record.pk]), ("copy", [record.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"participation_suggestions_suggestion:{name}", args=args)
    response = officer_client.post(f"/admin/participation/suggestions/suggestion/delete/{record.pk}/")
    assert final_status(response, officer_client) == 404
    assert Suggestion.objects.filter(pk=record.pk).exists()


def test_a_category_is_translated_with_wagtail_localize(officer_client, commune_a):
    from wagtail.models import Locale

    french = Locale.objects.get(language_code="fr")
    category = commune_a.category
    url = reverse("wagtail_localize:submit_snippet_translation", args=["participation_suggestions", "suggestioncategory", category.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"locales": [french.pk]})
    assert response.status_code == 302
    copy = category.get_translation(french)
    assert copy.site == commune_a.site  # the translation stays in the commune
