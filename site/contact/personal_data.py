"""The contact form's messages as personal data (participation.core.personal_data.Source):
the editors choose the form's fields, so a message is found by any value equal to the e-mail
address; erasing or purging deletes the message (it is correspondence, not a record whose
counts the commune reports)."""
from participation.core.personal_data import Source

LABEL = "contact.message"


def _messages():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.contrib.forms.models import FormSubmission

    from contact.models import ContactPage

    return FormSubmission.objects.filter(page__content_type=ContentType.objects.get_for_model(ContactPage))


def find(email: str) -> list:
    email = email.strip().lower()
    return [message for message in _messages().order_by("pk").iterator()
            if any(isinstance(value, str) and value.strip().lower() == email for value in (message.form_data or {}).values())]


def describe(message) -> dict:
    return {"model": LABEL, "plugin": "contact", "pk": message.pk, "page": message.page_id,
            "dates": {"submit_time": message.submit_time.isoformat()}, "personal_data": message.form_data}


def erase(message) -> None:
    message.delete()


def due(cutoff):
    return _messages().filter(submit_time__lt=cutoff).order_by("pk")


def source() -> Source:
    return Source(label=LABEL, find=find, describe=describe, erase=erase, due=due)
