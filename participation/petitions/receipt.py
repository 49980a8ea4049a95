"""The receipt (وصل) of a filed petition (organic law 113.14, art. 125): issued at
once when the agent files it. `receipt_rows()` is the one source of its content,
shown as printable HTML on the agent's private page and as a PDF (attached to the
"filed" e-mail by notifications.Filed), in the active language."""
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.core.notifications import commune_name
from participation.core.pdf import Receipt, render_receipt


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def receipt_title() -> str:
    return _("Receipt of a petition")


def receipt_rows(petition) -> list[tuple[str, str]]:
    """(label, value) rows of the receipt, in the active language."""
    from participation.petitions.models import PetitionKind

    deadline = petition.deadline or (petition.refusal_deadline() if petition.filed_on else None)
    rows = [
        (_("Commune"), commune_name(petition.site)),
        (_("Reference"), petition.reference),
        (_("Filed on"), _date(petition.filed_on)),
        (_("Type of petition"), str(petition.get_kind_display())),
        (_("Subject"), petition.title),
    ]
    if petition.kind == PetitionKind.ASSOCIATION:
        rows.append((_("Association"), petition.association_name))
        rows.append((_("Represented by"), petition.name))
    else:
        rows.append((_("Agent"), petition.name))
    required = petition.threshold
    if required:
        rows.append((
            _("Valid signatures counted"),
            _("%(count)s (online: %(online)s, on paper: %(paper)s); %(required)s required") % {
                "count": petition.valid_signature_total,
                "online": petition.signature_count,
                "paper": petition.paper_signature_count,
                "required": required,
            },
        ))
    rows.append((_("Last day to notify a refusal, with its reasons"), _date(deadline)))
    return rows


def receipt_closing(petition) -> list[str]:
    return [
        _("This receipt is issued under article 125 of organic law 113.14 on communes: the petition is referred "
          "to the council's bureau, which decides whether it is admissible."),
        refusal_delay(petition),
    ]


def refusal_delay(petition) -> str:
    months = petition.petition_settings.refusal_deadline_months
    return ngettext(
        "If the petition is refused, the agent is told the reasons within %(months)s month of its filing.",
        "If the petition is refused, the agent is told the reasons within %(months)s months of its filing.",
        months,
    ) % {"months": months}


def receipt_pdf(petition) -> bytes:
    """The receipt as a one-page PDF in the active language."""
    return render_receipt(
        Receipt(
            issuer=[_("Kingdom of Morocco"), commune_name(petition.site)],
            title=receipt_title(),
            rows=receipt_rows(petition),
            closing=receipt_closing(petition),
        )
    )
