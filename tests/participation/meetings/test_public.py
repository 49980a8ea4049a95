"""The citizen's side: the list of meetings (upcoming / past, filters, pagination, empty
state), a meeting's page in the commune's time zone, registering without an account,
the private page and the cancellation link — never the online link or anyone's data on a
public page, and never a 500 on bad input."""
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from participation.meetings import services
from participation.meetings.models import MeetingIndexPage, Registration
from tests.participation.meetings.conftest import form_data, make_meeting, registration_data, translate

LINK = "https://visio.example.ma/secret-room-42"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def html(response) -> str:
    return response.content.decode()


def path_of(page) -> str:
    return page.get_url_parts()[2]


def test_the_demo_has_the_meetings_page_and_its_meetings(demo):
    index = MeetingIndexPage.objects.descendant_of(demo.site_a.root_page).get(locale=demo.site_a.root_page.locale)
    meetings = {m.meeting_type: m for m in index.get_children().specific()}
    assert set(meetings) == {"consultative", "workshop", "youth_council"}
    assert meetings["consultative"].is_past and meetings["consultative"].attendance_women == 41
    assert meetings["workshop"].capacity == 30 and meetings["workshop"].format == "in_person"
    assert meetings["youth_council"].format == "online" and not meetings["youth_council"].is_past
    assert index.get_translation(Locale.objects.get(language_code="fr")).title == "Rencontres citoyennes"


def test_loading_the_demo_twice_creates_nothing(demo):
    from participation.meetings.seeds import seed

    home = demo.site_a.root_page.specific
    assert seed(demo.site_a, home) == 0


def test_the_index_lists_upcoming_meetings_soonest_first_and_past_on_request(client_a, meetings_a):
    later = make_meeting(meetings_a, days=30, title="لقاء لاحق")
    sooner = make_meeting(meetings_a, days=5, title="لقاء قريب")
    past = make_meeting(meetings_a, days=-10, title="لقاء سابق")
    response = client_a.get(path_of(meetings_a))
    assert response.status_code == 200
    text = html(response)
    assert text.index(sooner.title) < text.index(later.title)
    assert past.title not in text
    response = client_a.get(path_of(meetings_a), {"past": "1"})
    assert past.title in html(response) and sooner.title not in html(response)


def test_filters_by_type_and_neighbourhood(client_a, meetings_a):
    workshop = make_meeting(meetings_a, meeting_type="workshop", neighbourhood="حي النصر", title="ورشة النصر")
    youth = make_meeting(meetings_a, meeting_type="youth_council", format="online", online_link=LINK, address="",
                         neighbourhood="حي الزيتون", title="مجلس الشباب التجريبي")
    text = html(client_a.get(path_of(meetings_a), {"category": "workshop"}))
    assert workshop.title in text and youth.title not in text
    text = html(client_a.get(path_of(meetings_a), {"neighbourhood": "حي الزيتون"}))
    assert youth.title in text and workshop.title not in text


@pytest.mark.parametrize("query", [
    {"category": "party"}, {"neighbourhood": "حي لا يوجد"}, {"past": "yes"}, {"page": "abc"}, {"page": "99999"},
    {"category": "x" * 5000}, {"past": "1", "page": "-1"},
])
def test_bad_filter_values_are_form_errors_never_500(client_a, meetings_a, query):
    make_meeting(meetings_a, title="لقاء يبقى ظاهرا")
    response = client_a.get(path_of(meetings_a), query)
    assert response.status_code == 200
    if "page" not in query:
        assert "form-errors" in html(response)


def test_pagination_and_empty_state(client_a, meetings_a):
    for meeting in meetings_a.get_children():
        meeting.unpublish()
    response = client_a.get(path_of(meetings_a))
    assert 'class="empty"' in html(response)
    for n in range(12):
        make_meeting(meetings_a, days=n + 1)
    response = client_a.get(path_of(meetings_a))
    assert response.context["meetings"].paginator.num_pages == 2
    assert 'class="pagination"' in html(response)
    assert len(response.context["meetings"]) == 10
    assert len(client_a.get(path_of(meetings_a), {"page": "2"}).context["meetings"]) == 2


def _index_queries(client, index):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path_of(index))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_index_costs_the_same_queries_for_5_and_30_meetings(client_a, meetings_b, client_b):
    for meeting in meetings_b.get_children():
        meeting.unpublish()
    for n in range(5):
        make_meeting(meetings_b, days=n + 1, neighbourhood=f"حي {n}")
    _index_queries(client_b, meetings_b)  # warm the caches (site root paths, settings)
    five = _index_queries(client_b, meetings_b)
    for n in range(25):
        make_meeting(meetings_b, days=n + 10, neighbourhood=f"حي {n}")
    _index_queries(client_b, meetings_b)
    thirty = _index_queries(client_b, meetings_b)
    assert thirty == five


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_meeting_at_18_00_in_casablanca_shows_18_00(client_a, meetings_a, language):
    day = datetime.date.today() + datetime.timedelta(days=20)
    start = datetime.datetime(day.year, day.month, day.day, 18, 0, tzinfo=CASABLANCA)
    meeting = make_meeting(meetings_a, start=start, end=start + datetime.timedelta(hours=2))
    assert meeting.start.astimezone(datetime.UTC).hour != 18 or start.utcoffset() == datetime.timedelta(0)
    page = meeting if language == "ar" else translate(meeting, "fr", title="Rencontre à 18 h")
    response = client_a.get(path_of(page))
    assert response.status_code == 200
    text = html(response)
    assert re.search(r'<span class="meeting-time" dir="ltr">18:00</span>', text)
    assert re.search(r'<span class="meeting-time" dir="ltr">20:00</span>', text)
    assert f'datetime="{start.isoformat()}"' in text


def test_the_online_link_and_registrants_never_appear_on_public_pages(client_a, meetings_a):
    meeting = make_meeting(meetings_a, format="hybrid", online_link=LINK, capacity=10)
    registration = services.register(meeting, registration_data(7, name="سلمى الخصوصية", association="جمعية سرية"))
    pages = [path_of(meetings_a), path_of(meeting), path_of(meeting) + "register/", path_of(meetings_a) + "calendar/",
             path_of(meeting) + "calendar/", "/api/v1/meetings/", f"/api/v1/meetings/{meeting.pk}"]
    for path in pages:
        response = client_a.get(path)
        assert response.status_code == 200, path
        content = response.content.decode()
        for private in (LINK, "secret-room", registration.name, registration.email, registration.reference, "جمعية سرية"):
            assert private not in content, (path, private)


def test_registering_without_an_account(client_a, meeting, mailoutbox, django_capture_on_commit_callbacks):
    register_path = path_of(meeting) + "register/"
    response = client_a.get(register_path)
    assert response.status_code == 200
    text = html(response)
    assert 'name="captcha_1"' in text and 'name="website"' in text and 'name="gender"' in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(register_path, form_data(1, gender=""))
    assert response.status_code == 302
    registration = Registration.objects.get(email="participant1@example.ma")
    assert registration.gender == "" and registration.status == "registered"
    assert response["Location"] == path_of(meeting) + f"registration/{registration.access_token}/"
    private = client_a.get(response["Location"])
    assert private.status_code == 200 and registration.reference in html(private)
    assert "no-store" in private["Cache-Control"] and private["X-Robots-Tag"] == "noindex, nofollow"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["participant1@example.ma"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "name"), ({"email": "not-an-address"}, "email"), ({"consent": ""}, "consent"),
    ({"gender": "other"}, "gender"), ({"captcha_1": "WRONG"}, "captcha"), ({"website": "http://spam"}, None),
    ({"name": "x" * 500}, "name"),
])
def test_bad_input_keeps_the_form_and_stores_nothing(client_a, meeting, changes, field):
    response = client_a.post(path_of(meeting) + "register/", form_data(2) | changes)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors if field is None else field in form.errors
    assert 'aria-invalid="true"' in html(response) or field is None
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_a_duplicate_registration_gets_a_clear_message(client_a, meeting):
    client_a.post(path_of(meeting) + "register/", form_data(3))
    response = client_a.post(path_of(meeting) + "register/", form_data(3, email="Participant3@EXAMPLE.ma"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert Registration.objects.filter(meeting=meeting).count() == 1
    assert form_data(3)["name"] in html(response)  # the form keeps what was typed


def test_over_capacity_the_registrant_is_told_they_are_waiting(client_a, meetings_a):
    meeting = make_meeting(meetings_a, capacity=1)
    client_a.post(path_of(meeting) + "register/", form_data(1))
    page = client_a.get(path_of(meeting))
    assert "waiting list" in html(page) or "لائحة الانتظار" in html(page) or response_context_full(page)
    response = client_a.post(path_of(meeting) + "register/", form_data(2))
    waiting = Registration.objects.get(email="participant2@example.ma")
    assert waiting.status == "waiting"
    private = client_a.get(response["Location"])
    assert private.context["position"] == 1


def response_context_full(response) -> bool:
    return response.context["page"].places_left == 0


def test_registration_is_closed_for_past_and_cancelled_meetings(client_a, meetings_a):
    for meeting in (make_meeting(meetings_a, days=-2), make_meeting(meetings_a, cancelled=True)):
        response = client_a.post(path_of(meeting) + "register/", form_data(4))
        assert response.status_code == 400 and response.context["closed_reason"]
        assert client_a.get(path_of(meeting) + "register/").context["closed_reason"]
    assert not Registration.objects.filter(email="participant4@example.ma").exists()


def test_the_online_link_is_on_the_private_page_of_people_holding_a_place_only(client_a, meetings_a):
    meeting = make_meeting(meetings_a, format="online", address="", online_link=LINK, capacity=1)
    holder = services.register(meeting, registration_data(1))
    waiting = services.register(meeting, registration_data(2))
    assert LINK in html(client_a.get(path_of(meeting) + f"registration/{holder.access_token}/"))
    assert LINK not in html(client_a.get(path_of(meeting) + f"registration/{waiting.access_token}/"))


def test_cancelling_by_the_private_link(client_a, meetings_a):
    meeting = make_meeting(meetings_a, capacity=1)
    holder = services.register(meeting, registration_data(1))
    waiting = services.register(meeting, registration_data(2))
    cancel_path = path_of(meeting) + f"cancel/{holder.access_token}/"
    response = client_a.get(cancel_path)
    assert response.status_code == 200 and response.context["state"] == "ask"
    assert Registration.objects.get(pk=holder.pk).status == "registered"  # a GET changes nothing
    response = client_a.post(cancel_path)
    assert response.status_code == 200 and response.context["state"] == "counted"
    assert Registration.objects.get(pk=holder.pk).status == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    assert client_a.post(cancel_path).context["state"] == "already"


@pytest.mark.parametrize("token", ["not-a-token", "x" * 300, "..%2F"])
def test_bad_or_foreign_links_are_404(client_a, client_b, meeting, meetings_a, token):
    assert client_a.get(path_of(meeting) + f"cancel/{token}/").status_code == 404
    other = make_meeting(meetings_a)
    registration = services.register(other, registration_data(9))
    assert client_a.get(path_of(meeting) + f"cancel/{registration.access_token}/").status_code == 404
    assert client_a.get(path_of(meeting) + f"registration/{registration.access_token}/").status_code == 404


def test_cancelling_after_the_meeting_started_is_refused(client_a, meetings_a):
    from django.utils import timezone

    meeting = make_meeting(meetings_a)
    registration = services.register(meeting, registration_data(1))
    meeting.start = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save_revision().publish()
    response = client_a.post(path_of(meeting) + f"cancel/{registration.access_token}/")
    assert response.context["state"] == "closed"
    assert Registration.objects.get(pk=registration.pk).status == "registered"
