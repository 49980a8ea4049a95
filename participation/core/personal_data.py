"""Personal data across every plugin (law 09-08, LEGAL.md §4): find what is held about
one e-mail address, export it, erase it, and purge what is kept past its time.

Each plugin declares its personal fields in its AppConfig (``personal_data``); this
module works from those declarations only, so a new plugin is covered as soon as it
declares them (the system check jamaa.E002 makes sure the fields exist).

Erasing **anonymises**: the declared fields are overwritten (names "—", e-mails a
non-deliverable placeholder, phones and addresses emptied, files deleted from the
storage) and ``erased_at`` is set where the model has it. Records, statuses, dates and
counts stay, so the commune's statistics do not change. What is logged names models and
primary keys, never the e-mail address.

Retention: a record whose workflow reached a final status (see
``Workflow.final_statuses``) more than ``settings.JAMAA_RETENTION_DAYS`` days ago is
anonymised by ``purge()`` (``manage.py purge_personal_data``, run daily); rows without a
workflow of their own (e.g. a support of a suggestion) follow the record they belong to;
rows that belong to nothing are kept from their ``retention_date_field`` (``created_at``
unless the model names another).

Rows that were never confirmed (a model declares which with ``awaiting_confirmation``, a
``Q``: a signature, an answer or a comment whose e-mail link was never followed) count for
nothing; they are anonymised as soon as their confirmation link has expired.

Personal data held outside the plugins (the messages of the site's contact form, whose fields
the editors choose) comes as a :class:`Source`, registered with the Wagtail hook
``register_personal_data_source``: exported, erased and purged with the rest.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.log_actions import log

from participation.core.apps import ParticipationAppConfig, plugins
from participation.core.encrypted import hashed_by
from participation.core.verification import MAX_AGE as CONFIRMATION_LINK_SECONDS

logger = logging.getLogger("jamaa.personal_data")

DEFAULT_RETENTION_DAYS = 730
ERASED_NAME = "—"
ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606 ".invalid": never delivered; dotted, so still a valid address


def erased_email(pk) -> str:
    return f"erased-{pk}@{ERASED_EMAIL_DOMAIN}"


def retention_days() -> int:
    return int(getattr(settings, "JAMAA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@dataclass(frozen=True)
class Holding:
    """One model of one plugin holding personal fields."""

    plugin: ParticipationAppConfig
    model: type[models.Model]
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)

    @property
    def email_fields(self) -> list[str]:
        return [name for name in self.fields if isinstance(self.field(name), models.EmailField)]

    @property
    def workflow(self):
        return getattr(self.model, "workflow", None)

    @property
    def date_field(self) -> str | None:
        """The field retention and link expiry run from."""
        name = getattr(self.model, "retention_date_field", "created_at")
        return name if self.has_field(name) else None

    def unconfirmed_before(self, cutoff):
        """Rows still awaiting their e-mail confirmation, made before `cutoff` (None when the
        model does not ask for one)."""
        condition = getattr(self.model, "awaiting_confirmation", None)
        if condition is None or self.date_field is None:
            return None
        return self.model._default_manager.filter(condition, **{f"{self.date_field}__lt": cutoff})

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.model._meta.get_fields())

    def matching(self, email: str):
        """Rows whose declared e-mail fields hold `email` (case-insensitive)."""
        condition = Q()
        for name in self.email_fields:
            condition |= Q(**{f"{name}__iexact": email})
        if not condition:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(condition).order_by("pk")

    def not_yet_erased(self, queryset):
        if self.has_field("erased_at"):
            return queryset.filter(erased_at__isnull=True)
        for name in self.email_fields:  # no erased_at: an erased row carries the placeholder address
            queryset = queryset.exclude(**{f"{name}__iendswith": "@" + ERASED_EMAIL_DOMAIN})
        return queryset


@dataclass(frozen=True)
class Source:
    """Personal data outside the plugins' declared fields. ``find(email)``: the rows holding the
    address; ``describe(row)``: what export shows of one (with "model" and "pk"); ``erase(row)``:
    remove its personal data; ``due(cutoff)``: the rows kept since before `cutoff`."""

    label: str
    find: Callable[[str], Iterable]
    describe: Callable[[object], dict]
    erase: Callable[[object], None]
    due: Callable[[object], Iterable]


def sources() -> list[Source]:
    from wagtail import hooks

    return [make() for make in hooks.get_hooks("register_personal_data_source")]


def holdings() -> list[Holding]:
    """Every model with declared personal fields, across the installed plugins."""
    return [Holding(plugin, model, tuple(fields)) for plugin in plugins() for model, fields in plugin.get_personal_data_models()]


# --- export ----------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def describe(holding: Holding, obj) -> dict:
    """What a person may read about one record: model, reference, status, dates, personal fields."""
    data = {"model": holding.label, "plugin": str(holding.plugin.verbose_name), "pk": obj.pk}
    if holding.has_field("reference"):
        data["reference"] = obj.reference
    if holding.has_field("status"):
        data["status"] = obj.status
        if hasattr(obj, "get_status_display"):
            data["status_label"] = str(obj.get_status_display())
    for field in obj._meta.concrete_fields:  # the record this row belongs to, by its reference
        if field.is_relation and field.related_model is not None and hasattr(field.related_model, "reference_prefix"):
            related = getattr(obj, field.name)
            if related is not None:
                data[field.name] = related.reference
    data["dates"] = {
        f.name: _json_value(getattr(obj, f.name))
        for f in obj._meta.concrete_fields
        if isinstance(f, models.DateField | models.DateTimeField)
    }
    data["personal_data"] = {name: _json_value(getattr(obj, name)) for name in holding.fields}
    return data


def export(email: str) -> dict:
    """Everything held about `email`, across plugins, as JSON-ready data."""
    email = email.strip()
    records = []
    for holding in holdings():
        queryset = holding.matching(email)
        if any(f.name == "site" for f in holding.model._meta.concrete_fields):
            queryset = queryset.select_related("site")
        records.extend(describe(holding, obj) for obj in queryset)
    for source in sources():
        records.extend(source.describe(row) for row in source.find(email))
    return {"email": email, "generated_at": timezone.now().isoformat(), "count": len(records), "records": records}


# --- erasure ---------------------------------------------------------------------------


def _unique(field: models.Field) -> bool:
    """Whether the field is unique alone or in one of its model's unique constraints, itself
    or through the lookup hash standing for it (an encrypted CIN: one per petition)."""
    meta = field.model._meta
    return field.unique or any(
        isinstance(c, models.UniqueConstraint) and field.name in (c.fields or ()) for c in meta.constraints
    ) or any(_unique(meta.get_field(name)) for name in hashed_by(field.model, [field.name]))


def _anonymous_value(field: models.Field, obj):
    if isinstance(field, models.EmailField):
        return erased_email(obj.pk)
    if isinstance(field, models.CharField) and _unique(field):  # e.g. one CIN per petition: placeholders must differ
        return f"{ERASED_NAME}{obj.pk}"[: field.max_length]
    if isinstance(field, models.FileField):
        return None if field.null else ""
    if isinstance(field, models.GenericIPAddressField):
        return None if field.null else ""
    if isinstance(field, models.CharField | models.TextField):
        return "" if field.blank else ERASED_NAME
    if field.null:
        return None
    return field.get_default()


def anonymise(holding: Holding, obj) -> list[str]:
    """Overwrite `obj`'s personal fields (files are deleted once the transaction commits).
    Returns the names of the fields that changed."""
    changed, files = [], []
    for name in holding.fields:
        field = holding.field(name)
        current = getattr(obj, name)
        if isinstance(field, models.FileField) and current:
            files.append((current.storage, current.name))
        value = _anonymous_value(field, obj)
        if (current.name if isinstance(field, models.FileField) else current) != value:
            setattr(obj, name, value)
            changed.append(name)
    if holding.has_field("erased_at") and obj.erased_at is None:
        obj.erased_at = timezone.now()
        changed.append("erased_at")
    if changed:
        # updated_at (auto_now) untouched: dates stay as they were; lookup hashes follow their value
        obj.save(update_fields=[*changed, *hashed_by(type(obj), changed)])
        log(instance=obj, action="participation.erase", data={"fields": changed})  # which fields, never their values
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    return changed


def _log(what: str, erased: dict[str, list]) -> None:
    if erased:
        summary = "; ".join(f"{label}: {len(pks)} (pk {', '.join(map(str, pks))})" for label, pks in erased.items())
        logger.info("personal data anonymised (%s): %s", what, summary)
    else:
        logger.info("personal data anonymised (%s): nothing to do", what)


def erase(email: str) -> Counter:
    """Anonymise every record holding `email`; {model label: records anonymised}."""
    email = email.strip()
    erased: dict[str, list] = {}
    with transaction.atomic():
        for holding in holdings():
            for obj in holding.matching(email).select_for_update(of=("self",)):  # only its own rows: a model may join nullable relations
                if anonymise(holding, obj):
                    erased.setdefault(holding.label, []).append(obj.pk)
        for source in sources():
            for row in source.find(email):
                erased.setdefault(source.label, []).append(row.pk)
                source.erase(row)
    _log("request of the person", erased)  # never the e-mail itself
    return Counter({label: len(pks) for label, pks in erased.items()})


# --- retention -------------------------------------------------------------------------


def _closed_before(holding: Holding, cutoff):
    """Records of a plugin's workflow model that reached a final status before `cutoff`
    (the date of their last status change; their last update when they have no history)."""
    manager = holding.model._default_manager
    final = holding.workflow.final_statuses()
    queryset = manager.filter(status__in=final)
    if holding.has_field("history"):
        return queryset.annotate(closed_at=Max("history__at")).filter(closed_at__lt=cutoff)
    return queryset.filter(updated_at__lt=cutoff)


def due_for_purge(days: int | None = None, now=None) -> list[tuple[Holding, models.QuerySet]]:
    """[(holding, rows to anonymise)] under the retention rule."""
    days = retention_days() if days is None else days
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    link_expired = now - timedelta(seconds=CONFIRMATION_LINK_SECONDS)
    all_holdings = holdings()
    closed = {h.model: _closed_before(h, cutoff) for h in all_holdings if h.workflow is not None}
    due = []
    for holding in all_holdings:
        if holding.model in closed:
            queryset = closed[holding.model]
        else:
            parents = [
                f for f in holding.model._meta.concrete_fields if f.is_relation and f.related_model in closed
            ]
            if parents:  # rows that belong to a record follow it
                condition = Q()
                for fk in parents:
                    condition |= Q(**{f"{fk.name}__in": closed[fk.related_model].values("pk")})
                queryset = holding.model._default_manager.filter(condition)
            elif holding.date_field:
                queryset = holding.model._default_manager.filter(**{f"{holding.date_field}__lt": cutoff})
            else:
                continue
        unconfirmed = holding.unconfirmed_before(link_expired)
        if unconfirmed is not None:
            queryset = holding.model._default_manager.filter(
                Q(pk__in=queryset.values("pk")) | Q(pk__in=unconfirmed.values("pk")))
        due.append((holding, holding.not_yet_erased(queryset).order_by("pk")))
    return due


def purge(days: int | None = None, *, dry_run: bool = False, now=None) -> Counter:
    """Anonymise what the retention period no longer allows to keep; {model label: count}."""
    days = retention_days() if days is None else days
    erased: dict[str, list] = {}
    with transaction.atomic():
        for holding, queryset in due_for_purge(days, now):
            pks = list(queryset.values_list("pk", flat=True))
            if dry_run:
                if pks:
                    erased[holding.label] = pks
                continue
            for obj in holding.model._default_manager.filter(pk__in=pks).select_for_update(of=("self",)):
                if anonymise(holding, obj):
                    erased.setdefault(holding.label, []).append(obj.pk)
        cutoff = (now or timezone.now()) - timedelta(days=days)
        for source in sources():
            for row in list(source.due(cutoff)):
                erased.setdefault(source.label, []).append(row.pk)
                if not dry_run:
                    source.erase(row)
        if not dry_run:
            from participation.core.cleanup import forget_addresses

            if forgotten := forget_addresses(cutoff):
                erased["participation_core.cleanupbatch"] = forgotten
    if not dry_run:
        _log(f"retention of {days} days", erased)
    return Counter({label: len(pks) for label, pks in erased.items()})
