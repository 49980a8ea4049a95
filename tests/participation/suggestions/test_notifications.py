"""E-mails speak their reader's language and point at the right place."""
from django.core import mail
from django.utils import translation

from base.models import CommuneSettings
from participation.core import services
from participation.suggestions.services import request_support, submit_suggestion


def _published(box, data, capture):
    with capture(execute=True):
        record = submit_suggestion(box, data, language="ar")
    record.is_public = True
    record.save(update_fields=["is_public"])
    return record


def test_citizen_email_is_signed_with_the_communes_name_in_their_language(box_a, suggestion_data, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit_suggestion(box_a, suggestion_data, language="fr")
    receipt = next(m for m in mail.outbox if m.to == [suggestion_data["email"]])
    names = CommuneSettings.for_site(box_a.get_site())
    assert names.name_fr in receipt.body and names.name_ar not in receipt.body


def test_staff_email_links_to_the_record_in_the_admin(box_a, suggestion_data, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = submit_suggestion(box_a, suggestion_data)
    staff = next(m for m in mail.outbox if m.to != [suggestion_data["email"]])
    assert f"/admin/participation/suggestions/suggestion/inspect/{record.pk}/" in staff.body


def test_support_confirmation_uses_the_supporters_language(box_a, suggestion_data, django_capture_on_commit_callbacks):
    record = _published(box_a, suggestion_data, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        request_support(record, "soutien@example.ma")
    (message,) = mail.outbox
    with translation.override("fr"):
        assert CommuneSettings.for_site(box_a.get_site()).name in message.body
    assert "/confirm/" in message.body
    assert record.reference in message.subject + message.body


def test_forwarded_email_reaches_the_service(box_a, suggestion_data, django_capture_on_commit_callbacks):
    from participation.core.models import Department

    department = Department.objects.create(site=box_a.get_site(), name="مصلحة الإنارة العمومية", email="eclairage@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        record = submit_suggestion(box_a, suggestion_data)
    mail.outbox.clear()
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="a_participation")
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(record, "forward", officer, department=department)
    forwarded = [m for m in mail.outbox if m.to == ["eclairage@example.ma"]]
    assert len(forwarded) == 1 and "/admin/participation/suggestions/suggestion/inspect/" in forwarded[0].body
