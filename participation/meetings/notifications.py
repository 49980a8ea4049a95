"""E-mails to registrants (templates in templates/participation_meetings/email/), in their language.

- Registered: the place is confirmed — the reference, the private link (to cancel), the time
  in the commune's time zone and, attached, the calendar file (with the online link).
- WaitingList: the meeting is full; position on the list; the link to cancel.
- Promoted: a place was freed — confirmed, with the calendar file.
- Cancelled: the cancellation is confirmed.
- Reminder: the day before (`manage.py send_meeting_reminders`), with the calendar file.
The online link is in the e-mails and calendar files of people holding a place only.
"""
from django.utils import translation

from participation.core.notifications import Notification, base_url
from participation.meetings import ical

PREFIX = "participation_meetings/email/"


class _ToRegistrant(Notification):
    with_calendar = False

    def page(self):
        return self.record.page or self.record.meeting

    def context(self):
        registration = self.record
        page = self.page()
        root = base_url(registration.site)
        holds_a_place = registration.holds_a_place
        meeting = registration.meeting
        return super().context() | {
            "meeting": page,
            "meeting_url": root + page.get_url_parts()[2],
            "private_url": root + page.route_path("registration", registration.access_token),
            "cancel_url": root + page.route_path("cancel", registration.access_token),
            "online_link": meeting.online_link if holds_a_place and meeting.is_online else "",
            "position": registration.waiting_position(),
        }

    def build(self):
        message = super().build()
        if message is not None and self.with_calendar:
            page = self.page()
            url = base_url(self.record.site) + page.get_url_parts()[2]
            with translation.override(self.language()):
                event = ical.event(page, url=url, with_online_link=self.record.holds_a_place)
                content = ical.calendar([event])
            message.attach("meeting.ics", content, "text/calendar; charset=utf-8; method=PUBLISH")
        return message


class Registered(_ToRegistrant):
    template_prefix = PREFIX + "registered"
    with_calendar = True


class WaitingList(_ToRegistrant):
    template_prefix = PREFIX + "waiting_list"


class Promoted(_ToRegistrant):
    template_prefix = PREFIX + "promoted"
    with_calendar = True


class Cancelled(_ToRegistrant):
    template_prefix = PREFIX + "cancelled"


class Reminder(_ToRegistrant):
    template_prefix = PREFIX + "reminder"
    with_calendar = True
