"""The legal rules of petitions (organic law 113.14, arts. 121–125, and decree
2.16.403), as pure functions: no database, no request, testable against cases.

Every number here is the legal default; a commune's PetitionSettings may
override the signature threshold and the refusal deadline (LEGAL.md §1).
"""
import calendar
import re
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

SMALL_COMMUNE = 35_000  # inhabitants: below, 100 signatures; from it, 200
THRESHOLD_SMALL = 100
THRESHOLD_LARGE = 200
THRESHOLD_ARRONDISSEMENTS = 400
ASSOCIATION_MIN_YEARS = 3  # constituted for *more than* three years (art. 124)
REFUSAL_MONTHS = 3  # the agent is told of a refusal within three months of filing (art. 125)
ORDINARY_SESSION_MONTHS = (2, 5, 10)  # February, May, October (to confirm: a commune setting)

# One or two Latin letters, then the digits: "A123456", "BK 12345", "bk12345".
_CIN = re.compile(r"^[A-Z]{1,2}[0-9]{3,7}$")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class SignatoryBasis(models.TextChoices):
    """Why a signatory may sign (art. 123): either suffices."""

    RESIDENT = "resident", _("I live in the commune")
    ACTIVITY = "activity", _("I carry on an economic, commercial or professional activity in the commune")


class InadmissibilityGround(models.TextChoices):
    """The grounds the bureau may cite when it declares a petition inadmissible (or
    when staff refuse to open it for signature)."""

    CONSTANTS = "constants", _("It touches the constants of article 1 of the Constitution "
                               "(Islam, national unity, the monarchy, the democratic choice)")
    COURTS = "courts", _("It concerns a matter before the courts")
    POWERS = "powers", _("It is outside the council's powers")
    SIGNATURES = "signatures", _("Not enough valid signatures, or signatories not eligible")
    FORM = "form", _("The petition lacks elements required by the form (decree 2.16.403)")
    ASSOCIATION = "association", _("The association does not meet the conditions of article 124")
    OTHER = "other", _("Another reason (explained below)")


def required_signatures(population: int | None, has_arrondissements: bool, override: int | None = None) -> int:
    """Minimum number of signatories of a citizens' petition (art. 123).

    400 in a commune with arrondissements; otherwise 100 below 35,000 inhabitants
    and 200 from 35,000. A commune's override, when set, is the number used. An
    unknown population gives the stricter 200 (never under-ask the law).
    """
    if override:
        return override
    if has_arrondissements:
        return THRESHOLD_ARRONDISSEMENTS
    if population is not None and population < SMALL_COMMUNE:
        return THRESHOLD_SMALL
    return THRESHOLD_LARGE


def normalize_cin(value: str) -> str:
    """The CIN as stored and compared: no spaces or dashes, Latin capitals, ASCII digits."""
    return re.sub(r"[\s\-_.]", "", (value or "").translate(_ARABIC_DIGITS)).upper()


def is_valid_cin(value: str) -> bool:
    """A Moroccan CIN number: one or two letters followed by digits (after normalize_cin)."""
    return bool(_CIN.match(normalize_cin(value)))


def normalize_email(value: str) -> str:
    """E-mail addresses are compared without case (one signature per address)."""
    return (value or "").strip().lower()


def signatory_errors(*, cin: str, basis: str, address: str, activity: str = "") -> dict[str, str]:
    """Why a signatory is not eligible, by field (empty when eligible).

    Art. 123: residence in the commune or an activity there, declared with the
    address; decree 2.16.403: the CIN number. Uniqueness per petition (one CIN,
    one e-mail) is the database's to enforce, since it must hold under concurrency.
    """
    errors = {}
    if not is_valid_cin(cin):
        errors["cin"] = _("Enter the number of your national identity card (CIN): one or two letters followed by "
                          "digits, for example AB123456.")
    if basis not in SignatoryBasis.values:
        errors["basis"] = _("Say whether you live in the commune or carry on an activity there.")
    if not (address or "").strip():
        errors["address"] = _("Give your address in the commune (or the address of your activity).")
    if basis == SignatoryBasis.ACTIVITY and not (activity or "").strip():
        errors["activity"] = _("Describe the activity you carry on in the commune.")
    return errors


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (30 Nov + 3 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def association_old_enough(declared_on: date, today: date, years: int = ASSOCIATION_MIN_YEARS) -> bool:
    """Constituted for *more than* `years` years: the anniversary itself is not enough."""
    return today > add_months(declared_on, 12 * years)


def association_errors(*, declared_on: date | None, today: date, seat_in_commune: bool, has_mandate: bool) -> dict[str, str]:
    """Why an association may not file a petition (art. 124), by field (empty when eligible)."""
    errors = {}
    if declared_on is None:
        errors["association_declared_on"] = _("Give the date of the association's declaration.")
    elif declared_on > today:
        errors["association_declared_on"] = _("The declaration date cannot be in the future.")
    elif not association_old_enough(declared_on, today):
        errors["association_declared_on"] = _(
            "The association must have been constituted more than three years ago (organic law 113.14, article 124)."
        )
    if not seat_in_commune:
        errors["association_seat_in_commune"] = _("The association must have its seat or a branch in the commune.")
    if not has_mandate:
        errors["association_mandate"] = _("Attach the mandate of the association's representative.")
    return errors


def refusal_deadline(filed_on: date, months: int = REFUSAL_MONTHS) -> date:
    """Last day to tell the agent that the petition is refused: `months` after filing (art. 125)."""
    return add_months(filed_on, months)


def days_left(deadline: date, today: date) -> int:
    """Days until the deadline (0 on the day, negative once it has passed)."""
    return (deadline - today).days


def next_ordinary_session(after: date, months: tuple[int, ...] = ORDINARY_SESSION_MONTHS) -> date:
    """The first day of the month of the next ordinary session after `after` (the
    agenda of that session is the one an admissible petition goes on)."""
    for year in (after.year, after.year + 1):
        for month in sorted(months):
            start = date(year, month, 1)
            if start > after:
                return start
    raise ValueError("no session month")
