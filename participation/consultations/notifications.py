"""E-mails of consultations, in the participant's language, sent after commit."""
from participation.core.notifications import Notification, base_url, commune_name
from participation.core.verification import make_token


class ConfirmResponse(Notification):
    """To the address that answered: the link confirming it (answers count then), and the
    private link to change the answers while the consultation is open."""

    template_prefix = "participation_consultations/email/confirm_response"

    def context(self):
        page = self.record.consultation
        context = super().context()
        if page is not None:
            context |= {
                "page": page,
                "confirm_url": context["base_url"] + page.route_path("confirm_response", make_token("answer", self.record)),
                "change_url": context["base_url"] + page.route_path("change", self.record.access_token),
            }
        return context


class ResponseLink(ConfirmResponse):
    """The address answered already: its links again (only its owner reads them)."""

    template_prefix = "participation_consultations/email/response_link"


class ConfirmComment(Notification):
    """To the commenter: the link confirming the comment (it then awaits moderation)."""

    template_prefix = "participation_consultations/email/confirm_comment"

    def recipients(self):
        email = self.record.user_email
        return [email] if email and not self.record.erased_at else []

    def context(self):
        page, site = self.record.consultation, self.record.commune
        url = base_url(site)
        return {
            "record": self.record, "site": site, "base_url": url, "commune_name": commune_name(site), "page": page,
            "confirm_url": url + page.route_path("confirm_comment", make_token("comment", self.record)),
        }
