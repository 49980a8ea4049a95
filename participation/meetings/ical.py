"""iCalendar files (RFC 5545, with the `icalendar` library): the feed of a commune's meetings,
one meeting's file, and the file attached to a registrant's e-mails.

Times carry the commune's time zone (settings.TIME_ZONE, a VTIMEZONE is included), so a
calendar shows 18:00 in Casablanca as 18:00 there, and converts it elsewhere. A meeting's UID
is the same in every file and every language (its translation key), so a calendar program
updates the event rather than adding a copy. The online link goes only into the file of a
person holding a place (`with_online_link`); the public feed never has it.
"""
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Jamaa//Citizen meetings//AR"


def uid(meeting) -> str:
    return f"meeting-{meeting.translation_key}@jamaa"


def local_time(value):
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


def event(meeting, *, url: str = "", with_online_link: bool = False) -> Event:
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", timezone.now())
    item.add("dtstart", local_time(meeting.start))
    item.add("dtend", local_time(meeting.end))
    item.add("summary", meeting.title)
    if meeting.last_published_at:
        item.add("last-modified", meeting.last_published_at)
    description = [meeting.summary]
    location = meeting.address if meeting.is_in_person else ""
    if meeting.is_online:
        if with_online_link and meeting.online_link:
            description.append(_("Online link: %(link)s") % {"link": meeting.online_link})
            location = f"{location} — {meeting.online_link}" if location else meeting.online_link
        else:
            description.append(_("Online: the link is sent to registered people."))
            location = location or _("Online")
    if url:
        item.add("url", url)
        description.append(url)
    item.add("description", "\n\n".join(part for part in description if part))
    if location:
        item.add("location", location)
    item.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return item


def calendar(events, name: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for item in events:
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
