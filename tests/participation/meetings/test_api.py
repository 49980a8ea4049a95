"""The public API of meetings: the commune's published meetings, upcoming or past, never
the online link or anything about the people registered."""
import pytest

from participation.meetings import services
from tests.participation.meetings.conftest import make_meeting, registration_data

LINK = "https://visio.example.ma/api-room"


def test_lists_the_commune_s_meetings_without_personal_data(client_a, client_b, meetings_a, meetings_b):
    upcoming = make_meeting(meetings_a, format="online", address="", online_link=LINK, title="لقاء الواجهة")
    past = make_meeting(meetings_a, days=-5, attendance_total=20, attendance_women=11, attendance_men=9)
    draft = make_meeting(meetings_a, publish=False)
    other = make_meeting(meetings_b, title="لقاء الجماعة الأخرى")
    services.register(upcoming, registration_data(1, name="اسم سري"))
    response = client_a.get("/api/v1/meetings/", {"limit": 100})
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert {upcoming.pk, past.pk} <= ids and draft.pk not in ids and other.pk not in ids
    text = response.content.decode()
    for private in (LINK, "اسم سري", "participant1@example.ma", "online_link", "email"):
        assert private not in text
    item = next(i for i in response.json()["items"] if i["id"] == past.pk)
    assert item["attendance"]["women"] == 11
    upcoming_ids = {i["id"] for i in client_a.get("/api/v1/meetings/", {"when": "upcoming", "limit": 100}).json()["items"]}
    assert upcoming.pk in upcoming_ids and past.pk not in upcoming_ids
    assert client_a.get(f"/api/v1/meetings/{upcoming.pk}").json()["title"] == "لقاء الواجهة"
    assert client_b.get(f"/api/v1/meetings/{upcoming.pk}").status_code == 404


@pytest.mark.parametrize("query", [{"when": "tomorrow"}, {"type": "party"}, {"limit": "0"}, {"offset": "-1"}])
def test_bad_parameters_are_422(client_a, demo, query):
    assert client_a.get("/api/v1/meetings/", query).status_code == 422


@pytest.mark.parametrize("meeting_id", ["0", "99999999999999999999999", "abc"])
def test_bad_ids_are_never_500(client_a, demo, meeting_id):
    assert client_a.get(f"/api/v1/meetings/{meeting_id}").status_code in (404, 422)
