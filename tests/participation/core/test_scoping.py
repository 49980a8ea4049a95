"""Staff scoping: which communes each demo account works for (participation.core.scoping)."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from participation.core import scoping

ROLES = ("editor", "participation", "information", "bureau")


def _user(username):
    # A fresh instance each time: site_ids_for_user caches its answer on the user object.
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("prefix", ["a", "b"])
def test_each_demo_account_works_for_its_own_commune_only(demo, prefix, role):
    own = demo.site_a if prefix == "a" else demo.site_b
    assert scoping.site_ids_for_user(_user(f"{prefix}_{role}")) == {own.pk}


def test_the_superuser_works_for_every_commune(demo):
    admin = _user("admin")
    assert admin.is_superuser
    assert scoping.site_ids_for_user(admin) is None  # None: no restriction


def test_anonymous_and_inactive_users_work_for_no_commune(demo):
    assert scoping.site_ids_for_user(AnonymousUser()) == set()
    user = _user("a_participation")
    user.is_active = False
    assert scoping.site_ids_for_user(user) == set()


def test_a_staff_member_without_page_permissions_works_for_no_commune(demo):
    user = get_user_model().objects.create_user("no_groups", password="x", is_staff=True)
    assert scoping.site_ids_for_user(user) == set()


def test_the_answer_is_cached_on_the_user_object(demo, django_assert_num_queries):
    user = _user("a_participation")
    scoping.site_ids_for_user(user)
    with django_assert_num_queries(0):
        assert scoping.site_ids_for_user(user) == {demo.site_a.pk}


def test_scope_and_can_act_on_follow_the_communes(demo):
    from wagtail.models import Site

    user = _user("b_editor")
    assert list(scoping.scope(Site.objects.all(), user, site_field="pk")) == [demo.site_b]

    class Record:
        site_id = demo.site_a.pk

    assert not scoping.can_act_on(user, Record())
    assert scoping.can_act_on(_user("admin"), Record())
    assert scoping.can_act_on(_user("a_bureau"), Record())


def test_wagtail_history_report_shows_only_the_staff_members_communes(demo, box_a, box_b, category_b, suggestion_data, client):
    """Log entries of records carry their commune; the site history report is scoped."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from participation.core.models import SubmissionLogEntry
    from participation.suggestions.services import submit_suggestion

    record_a = submit_suggestion(box_a, suggestion_data | {"title": "سجل الجماعة الأولى"})
    record_b = submit_suggestion(box_b, suggestion_data | {"category": category_b, "title": "سجل الجماعة الثانية"})
    officer = get_user_model().objects.get(username="a_participation")
    visible = SubmissionLogEntry.objects.viewable_by_user(officer)
    assert visible.filter(object_id=str(record_a.pk), site=record_a.site).exists()
    assert not visible.filter(site=record_b.site).exists()
    client.force_login(officer)
    report = client.get(reverse("wagtailadmin_reports:site_history"))
    assert report.status_code == 200
    from wagtail.log_actions import registry

    index = list(registry.get_log_entry_models()).index(SubmissionLogEntry)  # as the report numbers them
    listed = {row["pk"] for row in report.context["paginator"].object_list if row["log_model_index"] == index}
    entries = SubmissionLogEntry.objects.filter(content_type__model="suggestion")
    assert set(entries.filter(object_id=str(record_a.pk)).values_list("pk", flat=True)) <= listed
    assert not entries.filter(object_id=str(record_b.pk), pk__in=listed).exists()
