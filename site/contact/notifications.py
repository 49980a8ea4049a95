"""The contact form's e-mail to the commune, sent by the background task after commit like every
participation e-mail (participation.core.notifications): a slow or failing mail server never holds
the citizen's request, its transaction or its idempotency receipt, and never loses the message,
which is stored first. The task gets the submission's number only and reads the message from the
database, so no citizen's text waits in the task queue."""
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format

from participation.core.notifications import Notification


class ContactMessage(Notification):
    """A stored contact-form submission, mailed to the page's addresses as Wagtail's
    EmailFormMixin.send_mail writes it: the page's subject and one "label: value" line per field."""

    to_citizen = False

    def __init__(self, record):
        super().__init__(record)
        self.page = record.page.specific

    def recipients(self) -> list[str]:
        return [address.strip() for address in self.page.to_address.split(",") if address.strip()]

    def language(self) -> str:
        return self.page.locale.language_code  # the labels are the page's, in its language

    def build(self) -> EmailMessage | None:
        to = self.recipients()
        if not to:
            return None
        with translation.override(self.language()):
            body = "\n".join(f"{field.label}: {value}" for field, value in self.fields())
        sender = self.page.from_address or getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", None)
        return EmailMessage(subject=self.page.subject, body=body, from_email=sender or None, to=to,
                            headers={"Auto-Submitted": "auto-generated"})

    def fields(self):
        """(form field, value as written) in the form's order, for the fields the submission holds."""
        data = self.record.form_data
        for field in self.page.get_form_fields():
            if field.clean_name not in data:
                continue
            value = data[field.clean_name]
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            elif field.field_type == "datetime" and (moment := parse_datetime(str(value or ""))):
                value = date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment,
                                    "SHORT_DATETIME_FORMAT")
            elif field.field_type == "date" and (day := parse_date(str(value or ""))):
                value = date_format(day, "SHORT_DATE_FORMAT")
            yield field, value
