"""Who saw or took away citizens' personal data (law 09-08, LEGAL.md §4).

One helper for every plugin: `record()` writes one entry (a record viewed, a document
downloaded, a list exported), `record_export()` one entry per commune of an exported
listing with its row count. The shared admin pieces call them (core.viewsets:
``ScopedObjectMixin.personal_data_access`` on views about one record, and
``SubmissionIndexView.as_spreadsheet`` for exports holding declared personal fields), so a
plugin only says which of its own views show personal data.

An entry holds the staff member, the commune, the kind of record and its reference number,
the time and the IP address: never a citizen's name, CIN, e-mail or any other personal value.
"""
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from participation.core.antiabuse import valid_client_ip
from participation.core.models import PersonalDataAccess

Action = PersonalDataAccess.Action
#: the account named for what was done on the server's command line (manage.py personal_data)
COMMAND_LINE = "manage.py"


def personal_fields(model) -> tuple[str, ...]:
    """The personal fields a plugin declared for `model` (empty: it holds none)."""
    from participation.core.personal_data import holdings

    for holding in holdings():
        if holding.model is model:
            return holding.fields
    return ()


def holds_personal_data(model) -> bool:
    return bool(personal_fields(model))


def exports_personal_data(model, columns) -> bool:
    """Whether an export of `model` with these columns ("meeting.title"...) holds personal fields."""
    declared = set(personal_fields(model))
    return any(str(column).split(".")[0] in declared for column in columns)


def _who(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_id": None, "username": COMMAND_LINE if request is None else ""}
    return {"user_id": user.pk, "username": user.get_username()}


def _entry(request, action, model, **fields) -> PersonalDataAccess:
    return PersonalDataAccess(
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        ip_address=valid_client_ip(request) if request is not None else None,
        **_who(request),
        **fields,
    )


def record(request, action, *, obj=None, model=None, site_id=None, reference="", rows=None, detail="") -> PersonalDataAccess:
    """Log one access by the request's user (request None: the command line).

    `obj` is the record looked at (its reference and commune are taken from it); `model`
    the kind of record whose personal data was shown when it is not `obj`'s own (a
    petition's signatures)."""
    if obj is not None:
        model = model or type(obj)
        site_id = site_id if site_id is not None else getattr(obj, "site_id", None)
        reference = reference or getattr(obj, "reference", "") or str(obj.pk)
    entry = _entry(request, action, model, site_id=site_id, record=reference[:64], rows=rows, detail=detail[:100])
    entry.save()
    return entry


def record_export(request, queryset, *, site_field: str = "site", detail: str = "") -> list[PersonalDataAccess]:
    """Log the export of `queryset`: one entry per commune, with the number of rows."""
    model = queryset.model
    pks = queryset.order_by().values("pk")  # whatever the listing annotated or ordered
    counts = (
        model._default_manager.filter(pk__in=pks).order_by().values_list(f"{site_field}_id").annotate(n=Count("pk"))
    )
    entries = [_entry(request, Action.EXPORT, model, site_id=site_id, rows=n, detail=detail[:100]) for site_id, n in counts]
    return PersonalDataAccess.objects.bulk_create(entries)
