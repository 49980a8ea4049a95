"""Calendar files, parsed back with the icalendar library: the commune's feed, a meeting's
file and the one attached to the confirmation e-mail — times in Africa/Casablanca, a UID
stable per meeting across files and languages, and the online link only for people holding
a place."""
import datetime
from zoneinfo import ZoneInfo

import icalendar

from participation.meetings import services
from tests.participation.meetings.conftest import make_meeting, registration_data, translate

CASABLANCA = ZoneInfo("Africa/Casablanca")
LINK = "https://visio.example.ma/room-7"


def _start(days=15, hour=18):
    day = datetime.date.today() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=CASABLANCA)


def events(content: bytes) -> dict:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_lists_every_published_meeting(client_a, meetings_a):
    start = _start()
    upcoming = make_meeting(meetings_a, start=start, end=start + datetime.timedelta(hours=2), title="ورشة الرزنامة",
                            address="قاعة الجماعة")
    past = make_meeting(meetings_a, days=-20)
    draft = make_meeting(meetings_a, publish=False)
    response = client_a.get(meetings_a.get_url_parts()[2] + "calendar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["version"] == "2.0" and calendar.walk("VTIMEZONE")
    found = events(response.content)
    uid = f"meeting-{upcoming.translation_key}@jamaa"
    assert uid in found and f"meeting-{past.translation_key}@jamaa" in found
    assert f"meeting-{draft.translation_key}@jamaa" not in found
    event = found[uid]
    assert str(event["summary"]) == "ورشة الرزنامة"
    assert str(event["location"]) == "قاعة الجماعة"
    dtstart = event.decoded("dtstart")
    assert dtstart == start and dtstart.hour == 18
    assert str(dtstart.tzinfo) == "Africa/Casablanca" or event["dtstart"].params.get("TZID") == "Africa/Casablanca"
    assert event.decoded("dtend") == start + datetime.timedelta(hours=2)


def test_the_uid_is_the_same_in_every_language_and_file(client_a, meetings_a):
    meeting = make_meeting(meetings_a)
    french = translate(meeting, title="Atelier")
    arabic_file = events(client_a.get(meeting.get_url_parts()[2] + "calendar/").content)
    french_file = events(client_a.get(french.get_url_parts()[2] + "calendar/").content)
    assert list(arabic_file) == list(french_file) == [f"meeting-{meeting.translation_key}@jamaa"]
    assert str(list(french_file.values())[0]["summary"]) == "Atelier"


def test_the_public_feed_never_has_the_online_link(client_a, meetings_a):
    make_meeting(meetings_a, format="online", address="", online_link=LINK)
    content = client_a.get(meetings_a.get_url_parts()[2] + "calendar/").content.decode()
    assert LINK not in content


def test_the_confirmation_carries_a_valid_file_with_the_link(meetings_a, mailoutbox, django_capture_on_commit_callbacks):
    start = _start(hour=18)
    meeting = make_meeting(meetings_a, format="hybrid", online_link=LINK, start=start, end=start + datetime.timedelta(hours=1),
                           capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(meeting, registration_data(1))
        services.register(meeting, registration_data(2))
    confirmation, waiting = mailoutbox
    assert LINK in confirmation.body and LINK not in waiting.body
    assert "18:00" in confirmation.body
    assert not waiting.attachments
    name, content, mimetype = confirmation.attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    event = events(content if isinstance(content, bytes) else content.encode())[f"meeting-{meeting.translation_key}@jamaa"]
    assert event.decoded("dtstart") == start
    assert LINK in str(event["location"]) and LINK in str(event["description"])


def test_a_registrant_s_own_file_has_the_link_only_with_a_place(client_a, meetings_a):
    meeting = make_meeting(meetings_a, format="online", address="", online_link=LINK, capacity=1)
    holder = services.register(meeting, registration_data(1))
    waiting = services.register(meeting, registration_data(2))
    base = meeting.get_url_parts()[2]
    own = client_a.get(base + f"registration/{holder.access_token}/calendar/")
    assert own.status_code == 200 and LINK in own.content.decode() and "no-store" in own["Cache-Control"]
    assert LINK not in client_a.get(base + f"registration/{waiting.access_token}/calendar/").content.decode()
