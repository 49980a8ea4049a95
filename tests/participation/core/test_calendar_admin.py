"""Staff keep the working-day calendar in the admin (participation.core.calendar_admin):
the announced date of an Islamic holiday and one-off closure days, for their commune,
or nationally (superusers). What they enter changes the closure days deadlines are
counted with."""
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from participation.core.calendar import closure_days, islamic_holiday_start
from participation.core.models import ClosureDay, HolidayOverride

OVERRIDES = "participation_core_holidayoverride"
CLOSURES = "participation_core_closureday"
#: 1 Muharram 1448: a one-day holiday the Umm al-Qura calendar puts on 16 June 2026
COMPUTED = date(2026, 6, 16)


def logged_in(username) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def final_status(response, client):
    request_path = response.request["PATH_INFO"]
    if response.status_code == 302 and response["Location"] == "/ar" + request_path:
        return client.get(response["Location"]).status_code
    return response.status_code


@pytest.fixture
def officer_a(demo):
    return logged_in("a_information")


@pytest.fixture
def admin_client(demo):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root-calendar", "root-calendar@example.ma", "x"))
    return client


def test_the_computed_date_is_the_one_the_tests_assume(db):
    assert islamic_holiday_start("new_year", 1448) == COMPUTED


def test_an_override_moves_the_holiday_for_the_commune(officer_a, demo):
    assert COMPUTED in closure_days(2026, demo.site_a)
    form = officer_a.get(reverse(f"{OVERRIDES}:add"))
    assert form.status_code == 200
    response = officer_a.post(reverse(f"{OVERRIDES}:add"),
                              {"holiday": "new_year", "hijri_year": "1448", "first_day": "2026-06-17", "site": demo.site_a.pk})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    override = HolidayOverride.objects.get()
    assert (override.site, override.first_day) == (demo.site_a, date(2026, 6, 17))
    days_a = closure_days(2026, demo.site_a)
    assert date(2026, 6, 17) in days_a and COMPUTED not in days_a
    days_b = closure_days(2026, demo.site_b)  # the other commune keeps the computed date
    assert COMPUTED in days_b and date(2026, 6, 17) not in days_b


def test_an_override_far_from_the_computed_date_is_refused(officer_a, demo):
    response = officer_a.post(reverse(f"{OVERRIDES}:add"),
                              {"holiday": "new_year", "hijri_year": "1448", "first_day": "2026-06-25", "site": demo.site_a.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "first_day" in errors and "2026-06-16" in str(errors["first_day"])
    assert not HolidayOverride.objects.exists()
    for data in ({"hijri_year": "1200"}, {"hijri_year": "abc"}, {"first_day": "2026-02-30"}, {"holiday": "christmas"}):
        response = officer_a.post(reverse(f"{OVERRIDES}:add"), {"holiday": "new_year", "hijri_year": "1448",
                                                                 "first_day": "2026-06-17", "site": demo.site_a.pk} | data)
        assert response.status_code == 200 and response.context["form"].errors, data
    assert not HolidayOverride.objects.exists()


def test_the_same_holiday_twice_for_a_commune_is_refused(officer_a, demo):
    HolidayOverride.objects.create(site=demo.site_a, holiday="new_year", hijri_year=1448, first_day=COMPUTED)
    response = officer_a.post(reverse(f"{OVERRIDES}:add"),
                              {"holiday": "new_year", "hijri_year": "1448", "first_day": "2026-06-17", "site": demo.site_a.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert HolidayOverride.objects.count() == 1


def test_a_closure_day_added_by_staff_counts_for_their_commune(officer_a, demo):
    day = date(2026, 12, 3)
    assert day not in closure_days(2026, demo.site_a)
    response = officer_a.post(reverse(f"{CLOSURES}:add"), {"day": "2026-12-03", "label": "عطلة استثنائية", "site": demo.site_a.pk})
    assert response.status_code == 302
    assert day in closure_days(2026, demo.site_a)
    assert day not in closure_days(2026, demo.site_b)
    from participation.information import rules  # a deadline counted across it moves by one working day

    before = rules.due_date(date(2026, 12, 1), closures=closure_days(2026, demo.site_b) | closure_days(2027, demo.site_b))
    after = rules.due_date(date(2026, 12, 1), closures=closure_days(2026, demo.site_a) | closure_days(2027, demo.site_a))
    assert after > before


def test_staff_must_choose_their_commune_and_cannot_add_for_another(officer_a, demo):
    form = officer_a.get(reverse(f"{CLOSURES}:add")).context["form"]
    assert list(form.fields["site"].queryset) == [demo.site_a]
    for site in ("", demo.site_b.pk):
        response = officer_a.post(reverse(f"{CLOSURES}:add"), {"day": "2026-12-03", "label": "عطلة", "site": site})
        assert response.status_code == 200
        assert "site" in response.context["form"].errors
    assert not ClosureDay.objects.exists()


def test_national_rows_are_seen_by_all_and_changed_by_superusers_only(officer_a, admin_client, demo):
    response = admin_client.post(reverse(f"{CLOSURES}:add"), {"day": "2026-12-04", "label": "عطلة وطنية", "site": ""})
    assert response.status_code == 302
    national = ClosureDay.objects.get(day=date(2026, 12, 4))
    assert national.site is None
    assert date(2026, 12, 4) in closure_days(2026, demo.site_a) and date(2026, 12, 4) in closure_days(2026, demo.site_b)
    own = ClosureDay.objects.create(site=demo.site_a, day=date(2026, 12, 7), label="عطلة محلية أ")
    other = ClosureDay.objects.create(site=demo.site_b, day=date(2026, 12, 8), label="عطلة محلية ب")

    response = officer_a.get(reverse(f"{CLOSURES}:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "عطلة وطنية" in html and "عطلة محلية أ" in html and "عطلة محلية ب" not in html
    assert reverse(f"{CLOSURES}:edit", args=[own.pk]) in html
    assert reverse(f"{CLOSURES}:edit", args=[national.pk]) not in html

    # the national row: read-only for the officer
    response = officer_a.post(reverse(f"{CLOSURES}:edit", args=[national.pk]), {"day": "2026-12-05", "label": "x", "site": ""})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    # another commune's row: not found
    response = officer_a.get(reverse(f"{CLOSURES}:edit", args=[other.pk]))
    assert final_status(response, officer_a) == 404
    # the officer's own row: changed
    response = officer_a.post(reverse(f"{CLOSURES}:edit", args=[own.pk]),
                              {"day": "2026-12-09", "label": "عطلة محلية أ", "site": demo.site_a.pk})
    assert response.status_code == 302
    own.refresh_from_db()
    national.refresh_from_db()
    assert own.day == date(2026, 12, 9) and national.day == date(2026, 12, 4)
    # no delete permission for the officer
    response = officer_a.post(reverse(f"{CLOSURES}:delete", args=[own.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert ClosureDay.objects.filter(pk=own.pk).exists()

    # the superuser sees and changes every row
    html = admin_client.get(reverse(f"{CLOSURES}:index")).content.decode()
    assert "عطلة محلية ب" in html
    response = admin_client.post(reverse(f"{CLOSURES}:edit", args=[national.pk]), {"day": "2026-12-04", "label": "عطلة", "site": ""})
    assert response.status_code == 302
    assert admin_client.post(reverse(f"{CLOSURES}:delete", args=[other.pk])).status_code == 302
    assert not ClosureDay.objects.filter(pk=other.pk).exists()


def test_the_override_listing_shows_the_computed_date(officer_a, demo):
    HolidayOverride.objects.create(site=demo.site_a, holiday="new_year", hijri_year=1448, first_day=date(2026, 6, 17))
    HolidayOverride.objects.create(site=demo.site_b, holiday="mawlid", hijri_year=1448, first_day=date(2026, 8, 26))
    response = officer_a.get(reverse(f"{OVERRIDES}:index"))
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [r.site for r in rows] == [demo.site_a]


@pytest.mark.parametrize("username", ["a_editor", "a_bureau", "a_participation", "anonymous"])
def test_the_calendar_admin_needs_its_permissions(username, demo):
    client = Client() if username == "anonymous" else logged_in(username)
    for url in (reverse(f"{CLOSURES}:index"), reverse(f"{CLOSURES}:add"), reverse(f"{OVERRIDES}:index")):
        response = client.get(url)
        assert response.status_code == 302
        if username == "anonymous":
            assert reverse("wagtailadmin_login") in response["Location"]
        else:
            assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(reverse(f"{CLOSURES}:add"), {"day": "2026-12-03", "label": "x", "site": demo.site_a.pk})
    assert response.status_code == 302
    assert not ClosureDay.objects.exists()
