"""E-mails of the charter: in the adherent's language, with the private link; the commune's
staff told of an association to validate and of a withdrawal; rate limits on the form."""
from django.urls import reverse
from django.utils import translation

from participation.charter import services
from participation.charter.models import Adhesion
from participation.core import services as core_services
from tests.participation.charter.conftest import association_data, citizen_data, citizen_form
from tests.participation.charter.helpers import confirm_path, path_of, reload


def test_the_confirmation_is_in_the_adherents_language(charter_a, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        adhesion = services.join(charter_a, "citizen", citizen_data(), language="fr")
    message = mailoutbox[-1]
    assert message.to == [adhesion.email] and adhesion.reference in message.subject
    with translation.override("fr"):
        assert str(translation.gettext("Hello,")) in message.body
    assert path_of(charter_a, f"adhesion/{adhesion.access_token}/") in message.body
    assert "/confirm/" in confirm_path(message)


def test_staff_are_told_of_an_association_to_validate_and_of_a_withdrawal(
    charter_a, mailoutbox, django_capture_on_commit_callbacks, django_user_model
):
    officer = django_user_model.objects.get(username="a_participation")
    other_commune = django_user_model.objects.get(username="b_participation")
    adhesion = services.join(charter_a, "association", association_data())
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(adhesion)
    to_staff = [m for m in mailoutbox if officer.email in m.to]
    assert to_staff and adhesion.reference in to_staff[-1].subject
    assert reverse("participation_charter_adhesion:inspect", args=[adhesion.pk]) in to_staff[-1].body
    assert not any(other_commune.email in m.to for m in mailoutbox)
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(reload(adhesion))
    new = mailoutbox[sent:]
    assert any(adhesion.email in m.to for m in new) and any(officer.email in m.to for m in new)


def test_decisions_are_mailed_with_history_and_log(charter_a, superuser, mailoutbox, django_capture_on_commit_callbacks):
    from wagtail.log_actions import registry

    adhesion = services.join(charter_a, "association", association_data())
    services.confirm(adhesion)
    with django_capture_on_commit_callbacks(execute=True):
        core_services.perform(reload(adhesion), "validate", superuser, note="ملف كامل")
    adhesion = reload(adhesion)
    assert adhesion.history.last().actor == superuser and adhesion.history.last().note == "ملف كامل"
    actions = [entry.action for entry in registry.get_logs_for_instance(adhesion)]
    assert "participation.submit" in actions and actions.count("participation.transition") == 2
    assert mailoutbox[-1].to == [adhesion.email] and "/certificate/" in mailoutbox[-1].body


def test_joining_is_rate_limited(charter_a, client_a, settings):
    settings.JAMAA_RATE_LIMITS = {"charter": {"ip": (1, 3600)}}
    from django.core.cache import cache

    cache.clear()
    assert client_a.post(path_of(charter_a, "join/citizen/"), citizen_form()).status_code == 302
    before = Adhesion.objects.count()
    response = client_a.post(path_of(charter_a, "join/citizen/"), citizen_form())
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert Adhesion.objects.count() == before
    cache.clear()
