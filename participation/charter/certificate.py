"""The certificate of adhesion (شهادة الانخراط) of a validated association: a one-page PDF
in the active language (participation.core.pdf), from its private page."""
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participation.core.notifications import commune_name
from participation.core.pdf import Receipt, render_receipt


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return date_format(value, "DATE_FORMAT")


def certificate_rows(adhesion) -> list[tuple[str, str]]:
    return [
        (_("Commune"), commune_name(adhesion.site)),
        (_("Reference"), adhesion.reference),
        (_("Association"), adhesion.association_name),
        (_("Declaration receipt"), _("No. %(number)s of %(date)s") % {
            "number": adhesion.registration_number, "date": _date(adhesion.registration_date)}),
        (_("Seat"), adhesion.seat),
        (_("Field of activity"), str(adhesion.get_activity_display())),
        (_("Member of the charter since"), _date(adhesion.validated_at)),
    ]


def certificate_pdf(adhesion) -> bytes:
    return render_receipt(Receipt(
        issuer=[_("Kingdom of Morocco"), commune_name(adhesion.site)],
        title=_("Certificate of adhesion to the participation charter"),
        rows=certificate_rows(adhesion),
        closing=[
            _("The association named above has joined the commune's participation charter and committed to its "
              "principles and to the commitments of associations. The commune validated its adhesion."),
            _("This certificate is valid while the adhesion is: the public register of adherents on the commune's "
              "website shows it."),
        ],
    ))
