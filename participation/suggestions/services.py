"""Suggestion-specific steps around the core services (the rules live here,
views and admin only call these functions)."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participation.core import services, signals
from participation.core.notifications import send_after_commit
from participation.suggestions.models import Suggestion, SuggestionSupport

NOTIFY = "participation.suggestions.notifications"


def submit_suggestion(page, data: dict, *, ip=None, language=None) -> Suggestion:
    """Create a suggestion from a validated form's data (photo already re-encoded)."""
    suggestion = Suggestion(page=page, site=page.get_site(), **data)
    return services.submit(suggestion, ip=ip, language=language)


def merge(suggestion: Suggestion, into: Suggestion, user, note: str = "") -> Suggestion:
    if into.pk == suggestion.pk or into.site_id != suggestion.site_id or into.merged_into_id:
        raise ValidationError({"merged_into": _("Choose another suggestion of the same commune.")})
    return services.perform(suggestion, "merge", user, note=note, merged_into=into)


def request_support(suggestion: Suggestion, email: str) -> SuggestionSupport | None:
    """Record a pending support and send the verification link; None if this
    e-mail already supports the suggestion (nothing is sent twice)."""
    if not suggestion.is_public:
        raise ValidationError(_("Only published suggestions can be supported."))
    email = email.strip().lower()
    try:
        with transaction.atomic():
            support = SuggestionSupport.objects.create(suggestion=suggestion, email=email, language=(get_language() or "ar")[:10])
    except IntegrityError:
        return None
    send_after_commit((f"{NOTIFY}.ConfirmSupport",), support)
    return support


def confirm_support(support: SuggestionSupport) -> bool:
    """Count a support once its e-mail is verified; False if it already was."""
    with transaction.atomic():
        updated = SuggestionSupport.objects.filter(pk=support.pk, verified_at__isnull=True).update(verified_at=timezone.now())
        if updated:
            Suggestion.objects.filter(pk=support.suggestion_id).update(support_count=F("support_count") + 1)
            signals.updated(support)
    return bool(updated)
