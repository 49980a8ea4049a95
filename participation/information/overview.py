"""The figures of requests for information a commune reports each year: received,
answered in time or late (each legal deadline recomputed on the commune's calendar),
refused by ground, average delay. Used by the staff's yearly overview and by the
charter's monitoring indicator "requests answered in time"."""
from collections import Counter
from datetime import date

from django.db.models import Count, Q
from wagtail.models import Site

from participation.core.calendar import closure_days, working_days_between
from participation.information import rules
from participation.information.models import Channel, InformationSettings, InformationStatusEntry
from participation.information.workflow import OPEN, RequestStatus

#: the steps that give the officer's response (one per request: a response is final)
RESPONSES = ("answer", "answer_partially", "refuse", "transfer")



# --- the commune's calendar, looked up once per commune ----------------------------------------


class CalendarCache:
    """Closure days per commune and year, each looked up once (listings, reports and
    reminders work on many requests of few communes)."""

    def __init__(self):
        self._days: dict[tuple[int | None, int], set[date]] = {}
        self._sites: dict[int, Site] = {}

    def closures(self, site, *years) -> set[date]:
        days: set[date] = set()
        for year in range(min(years), max(years) + 1):
            key = (site.pk, year)
            if key not in self._days:
                self._days[key] = closure_days(year, site)
            days |= self._days[key]
        return days

    def working_days_left(self, record, today: date) -> int | None:
        """Working days from `today` to the record's deadline (negative once it passed)."""
        if record.deadline is None:
            return None
        closures = self.closures(record.site, today.year, record.deadline.year)
        return working_days_between(today, record.deadline, closures)


def yearly_overview(queryset, year: int, today: date) -> dict:
    """The numbers a commune reports for the requests received in `year` (a few
    aggregate queries; the legal deadline of each response is recomputed on the
    commune's calendar, since the record's own deadline stops once answered)."""
    requests = queryset.filter(received_on__year=year)
    counts = requests.aggregate(
        received=Count("pk"),
        **{f"channel_{c}": Count("pk", filter=Q(channel=c)) for c in Channel.values},
        urgent=Count("pk", filter=Q(urgent=True)),
        open=Count("pk", filter=Q(status__in=(*OPEN, RequestStatus.CLARIFICATION))),
        overdue=Count("pk", filter=Q(status__in=OPEN, deadline__lt=today)),
        extended=Count("pk", filter=Q(extended=True)),
        complaints=Count("pk", filter=Q(complaint_on__isnull=False)),
        complaints_answered=Count("pk", filter=Q(complaint_answered_on__isnull=False)),
    )
    responses = dict(
        InformationStatusEntry.objects.filter(submission__in=requests, action__in=RESPONSES)
        .values_list("action").annotate(n=Count("submission", distinct=True)).order_by()
    )
    grounds = Counter()
    refused = InformationStatusEntry.objects.filter(action="refuse").values("submission")
    for values in requests.filter(pk__in=refused).values_list("refusal_grounds", flat=True):
        grounds.update(set(values or ()))
    labels = dict(rules.RefusalGround.choices)

    calendar, settings = CalendarCache(), {}
    in_time = late = 0
    delays, working_delays = [], []
    answered = (
        requests.filter(answered_on__isnull=False).select_related("site")
        .only("site", "received_on", "urgent", "extended", "suspended_working_days", "answered_on")
    )
    for record in answered:
        if record.site_id not in settings:
            settings[record.site_id] = InformationSettings.for_site(record.site).periods
        closures = calendar.closures(record.site, record.received_on.year, record.answered_on.year, record.received_on.year + 1)
        due = rules.due_date(record.received_on, urgent=record.urgent, extended=record.extended, closures=closures,
                             suspended=record.suspended_working_days, periods=settings[record.site_id])
        if record.answered_on <= due:
            in_time += 1
        else:
            late += 1
        delays.append((record.answered_on - record.received_on).days)
        working_delays.append(working_days_between(record.received_on, record.answered_on, closures))

    def average(values):
        return round(sum(values) / len(values), 1) if values else None

    return {
        **counts,
        "by_channel": [(Channel(c).label, counts[f"channel_{c}"]) for c in Channel.values],
        "responded": in_time + late,
        "in_time": in_time,
        "late": late,
        "answered": responses.get("answer", 0),
        "partially_answered": responses.get("answer_partially", 0),
        "refused": responses.get("refuse", 0),
        "transferred": responses.get("transfer", 0),
        "refused_by_ground": [(labels[g], grounds[g]) for g in rules.RefusalGround.values if grounds[g]],
        "average_days": average(delays),
        "average_working_days": average(working_delays),
    }
