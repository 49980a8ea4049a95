"""Registering and cancelling through the service layer: places, the waiting list, the
promotion of the first person waiting when a place is freed, one registration per e-mail,
and registration closed for past and cancelled meetings — with nothing partial stored."""
import pytest
from django.core import mail

from participation.core import services as core_services
from participation.meetings import services
from participation.meetings.models import Registration
from participation.meetings.services import RegistrationRefused
from tests.participation.meetings.conftest import make_meeting, registration_data, translate


def statuses(meeting):
    return list(Registration.objects.filter(meeting=meeting).order_by("pk").values_list("status", flat=True))


def test_a_registration_gets_a_reference_a_place_and_a_history(meeting):
    registration = services.register(meeting, registration_data())
    assert registration.reference.startswith("MTG-")
    assert registration.status == "registered"
    assert registration.site == meeting.get_site()
    assert [(e.from_status, e.to_status, e.action) for e in registration.history.all()] == [("", "registered", "submit")]


def test_when_full_new_registrations_go_to_the_waiting_list(meetings_a):
    meeting = make_meeting(meetings_a, capacity=2)
    for n in range(1, 5):
        services.register(meeting, registration_data(n))
    assert statuses(meeting) == ["registered", "registered", "waiting", "waiting"]
    third = Registration.objects.get(email="participant3@example.ma")
    fourth = Registration.objects.get(email="participant4@example.ma")
    assert (third.waiting_position(), fourth.waiting_position()) == (1, 2)
    assert meeting.places_left == 0


def test_cancelling_a_place_promotes_the_first_person_waiting(meetings_a, django_capture_on_commit_callbacks):
    meeting = make_meeting(meetings_a, capacity=1)
    first = services.register(meeting, registration_data(1))
    second = services.register(meeting, registration_data(2))
    third = services.register(meeting, registration_data(3))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled, promoted = services.cancel(first)

    assert cancelled.status == "cancelled"
    assert promoted.pk == second.pk and promoted.status == "registered"
    assert Registration.objects.get(pk=third.pk).status == "waiting"
    assert [e.action for e in promoted.history.all()] == ["submit", "wait", "promote"]
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert set(subjects) == {"participant1@example.ma", "participant2@example.ma"}
    promoted_mail = next(m for m in mail.outbox if m.to == ["participant2@example.ma"])
    assert promoted_mail.attachments and promoted_mail.attachments[0][0] == "meeting.ics"


def test_leaving_the_waiting_list_promotes_nobody(meetings_a):
    meeting = make_meeting(meetings_a, capacity=1)
    services.register(meeting, registration_data(1))
    waiting = services.register(meeting, registration_data(2))
    third = services.register(meeting, registration_data(3))
    _cancelled, promoted = services.cancel(waiting)
    assert promoted is None
    assert Registration.objects.get(pk=third.pk).status == "waiting"


def test_without_capacity_everyone_gets_a_place(meeting):
    for n in range(1, 6):
        assert services.register(meeting, registration_data(n)).status == "registered"
    assert meeting.places_left is None


def test_one_registration_per_e_mail_whatever_its_case(meeting):
    services.register(meeting, registration_data(1))
    with pytest.raises(RegistrationRefused) as refused:
        services.register(meeting, registration_data(1, email="PARTICIPANT1@Example.MA", name="اسم آخر"))
    assert "مسجل مسبقا" in str(refused.value.messages[0])  # the site's default language
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_the_database_refuses_a_second_active_registration(meeting):
    from django.db import IntegrityError, transaction

    first = services.register(meeting, registration_data(1))
    duplicate = Registration(site=first.site, meeting=meeting, reference="MTG-TEST-1", status="registered",
                             name="x", email="Participant1@example.ma")
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_after_cancelling_one_can_register_again(meeting):
    first = services.register(meeting, registration_data(1))
    services.cancel(first)
    again = services.register(meeting, registration_data(1))
    assert again.status == "registered" and again.pk != first.pk


def test_registration_is_closed_for_past_cancelled_and_unpublished_meetings(meetings_a):
    past = make_meeting(meetings_a, days=-3)
    started = make_meeting(meetings_a, days=0, hours=-1)
    cancelled = make_meeting(meetings_a, cancelled=True)
    closed = make_meeting(meetings_a, registration_enabled=False)
    for meeting in (past, started, cancelled, closed):
        with pytest.raises(RegistrationRefused):
            services.register(meeting, registration_data())
    assert not Registration.objects.filter(meeting__in=[past, started, cancelled, closed]).exists()


def test_a_cancelled_registration_cannot_be_cancelled_again(meeting):
    registration = services.register(meeting, registration_data())
    services.cancel(registration)
    with pytest.raises(core_services.TransitionNotAllowed):
        services.cancel(Registration.objects.get(pk=registration.pk))


def test_registrations_on_a_translation_count_against_the_same_places(meetings_a):
    meeting = make_meeting(meetings_a, capacity=1)
    french = translate(meeting, title="Rencontre test")
    services.register(french, registration_data(1), language="fr")
    second = services.register(meeting, registration_data(2))
    assert second.status == "waiting"
    first = Registration.objects.get(email="participant1@example.ma")
    assert first.meeting_id == meeting.pk and first.page_id == french.pk and first.language == "fr"


def test_publishing_more_places_moves_the_waiting_list_up(meetings_a):
    meeting = make_meeting(meetings_a, capacity=1)
    for n in range(1, 4):
        services.register(meeting, registration_data(n))
    meeting.capacity = 2
    meeting.save_revision().publish()  # the page_published signal fills the new place
    assert statuses(meeting) == ["registered", "registered", "waiting"]
    assert Registration.objects.get(email="participant2@example.ma").history.last().action == "promote"
    assert services.fill_free_places(meeting) == []
