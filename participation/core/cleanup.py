"""Bulk cleanup of spam by staff (the "invalidations" of the UK petitions site).

The guards of the forms (captcha, honeypot, rate limits) slow a burst down; a botnet with many
addresses, or a patient robot, still gets some spam through. Staff then choose a kind of record a
plugin lets them clean up and criteria — the address it came from (or the start of it), an
e-mail domain, a time window, optionally one parent record (a petition) — see how many records of
their communes match, and invalidate them all at once.

Each record is invalidated by its plugin's own service, as one by hand would be (a signature stops
counting and its petition's count goes down; a suggestion is rejected through the workflow), so
the rules, history and log entries stay those of the plugin; the batch itself is recorded in
``CleanupBatch`` with one log entry. Only records of the staff member's communes ever match.

A plugin declares what can be cleaned up in its AppConfig: ``cleanup_targets``, the dotted path
of a list of :class:`CleanupTarget`.
"""
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from wagtail.log_actions import log

from participation.core import scoping


@dataclass(frozen=True)
class Criteria:
    """What the records to clean up have in common. Empty values do not narrow."""

    ip: str = ""  # one address, or the start of one ending with "." or ":" ("203.0.113.")
    email_domain: str = ""  # "example.org": addresses ending with "@example.org"
    since: datetime | None = None
    until: datetime | None = None
    parent: int | None = None  # the pk of one parent record (a petition)

    def as_json(self) -> dict:
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(self).items() if v not in ("", None)}


@dataclass(frozen=True)
class CleanupTarget:
    """One kind of record a plugin lets staff invalidate in bulk.

    ``invalidate(record, user) -> bool`` calls the plugin's service and says whether the record
    changed; ``pending`` selects the records that can still be invalidated. Field names are
    paths from the record (``petition__site``)."""

    key: str  # unique across plugins, e.g. "petitions.signatures"
    label: str
    model: str  # "app_label.ModelName"
    permission: str  # "app_label.codename", given to the staff who may clean up
    invalidate: Callable
    pending: Q
    site_field: str = "site"
    ip_field: str = "submitted_ip"
    email_field: str = "email"
    date_field: str = "created_at"
    parent_field: str | None = None  # records may be narrowed to one parent (e.g. "petition")

    def get_model(self):
        return apps.get_model(self.model)

    def allowed(self, user) -> bool:
        return user.is_active and user.has_perm(self.permission)

    def records(self, user):
        """The records still to clean up in the user's communes."""
        return scoping.scope(self.get_model()._default_manager.filter(self.pending), user, self.site_field)

    def parents(self, user):
        """The parent records of the user's communes (None: no parent to narrow by)."""
        if not self.parent_field:
            return None
        model = self.get_model()._meta.get_field(self.parent_field).related_model
        site_field = self.site_field.removeprefix(f"{self.parent_field}__")
        return scoping.scope(model._default_manager.all(), user, site_field)

    def matching(self, user, criteria: Criteria):
        records = self.records(user)
        if criteria.ip:
            lookup = "startswith" if criteria.ip.endswith((".", ":")) else "exact"
            records = records.filter(**{f"{self.ip_field}__{lookup}": criteria.ip})
        if criteria.email_domain:
            records = records.filter(**{f"{self.email_field}__iendswith": "@" + criteria.email_domain})
        if criteria.since:
            records = records.filter(**{f"{self.date_field}__gte": criteria.since})
        if criteria.until:
            records = records.filter(**{f"{self.date_field}__lte": criteria.until})
        if criteria.parent is not None:
            records = records.filter(**{self.parent_field: criteria.parent})
        return records

    def counts_by_commune(self, records) -> list[tuple[int, int]]:
        """[(site id, count)] of `records`, for the preview."""
        rows = records.order_by().values_list(self.site_field).annotate(n=Count("pk"))
        return sorted(rows, key=lambda row: -row[1])


def targets() -> list[CleanupTarget]:
    """What every installed plugin lets staff clean up."""
    from participation.core.apps import plugins

    return [target for plugin in plugins() for target in plugin.get_cleanup_targets()]


def targets_for(user) -> list[CleanupTarget]:
    return [target for target in targets() if target.allowed(user)]


def apply(target: CleanupTarget, user, criteria: Criteria, *, expected: int):
    """Invalidate the matching records, if they are still the `expected` number the staff member
    saw in the preview (else None: nothing is done, they look again). One transaction: the
    batch is recorded with what it changed, or nothing is."""
    if not target.allowed(user):
        raise PermissionDenied
    from participation.core.models import CleanupBatch

    with transaction.atomic():
        records = list(target.matching(user, criteria).order_by("pk"))
        if len(records) != expected:
            return None
        invalidated = 0
        for record in records:
            try:
                invalidated += bool(target.invalidate(record, user))
            except (PermissionDenied, ValidationError):  # the plugin's rules refuse this one: left as it is
                continue
        batch = CleanupBatch.objects.create(
            user=user, username=user.get_username(), target=target.key, criteria=criteria.as_json(),
            matched=len(records), invalidated=invalidated,
        )
        log(instance=batch, action="participation.cleanup", user=user,
            data={"target": target.key, "criteria": batch.criteria, "matched": len(records), "invalidated": invalidated})
    return batch


def forget_addresses(cutoff) -> list[int]:
    """Drop the address criterion of batches older than `cutoff` (run by the retention purge,
    participation.core.personal_data.purge): an IP address is personal data even when it sent
    spam; the batch keeps its other criteria and its counts. The batches changed."""
    from participation.core.models import CleanupBatch

    batches = list(CleanupBatch.objects.filter(at__lt=cutoff, criteria__has_key="ip"))
    for batch in batches:
        batch.criteria = {k: v for k, v in batch.criteria.items() if k != "ip"}
    CleanupBatch.objects.bulk_update(batches, ["criteria"])
    return [batch.pk for batch in batches]
