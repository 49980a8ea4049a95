"""The whole life of a petition through the service layer (services.py, workflow.py): each step
writes its history entry and log entry and sends its mails after commit; refused steps, bad
input and forged steps change nothing."""
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.core import services
from participation.core.encrypted import lookup_hash
from participation.core.models import SubmissionLogEntry
from participation.petitions import rules
from participation.petitions import services as petitions
from participation.petitions.models import Petition, PetitionSettings, Signature
from participation.petitions.workflow import PetitionStatus as S
from tests.participation.petitions.conftest import petition_data, signatory

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def fresh(petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)


def snapshot(petition):
    """Everything a refused step must leave as it was."""
    row = Petition.objects.filter(pk=petition.pk).values().get()
    row.pop("updated_at", None)
    history = list(petition.history.order_by("pk").values_list("action", "from_status", "to_status"))
    logs = SubmissionLogEntry.objects.for_instance(petition).count()
    return row, history, logs, Signature.objects.filter(petition_id=petition.pk).count()


def set_override(site, number, months=None):
    settings = PetitionSettings.for_site(site)
    settings.signatures_override = number
    if months is not None:
        settings.refusal_deadline_months = months
    settings.save()


def pdf(name="deliberation.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test deliberation", content_type="application/pdf")


def sign_and_confirm(petition, count):
    signatures = [petitions.sign(petition, signatory()) for _ in range(count)]
    for signature in signatures:
        assert petitions.confirm_signature(signature) == "counted"
    return signatures


# --- starting, moderation ------------------------------------------------------------------


def test_start_gives_a_reference_history_log_and_mails(petitions_a, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        petition = petitions.start_petition(petitions_a, petition_data(agent_cin="ab 123-456"), ip="203.0.113.4", language="ar")
    year = timezone.localdate().year
    assert petition.reference.startswith(f"PET-{year}-") and len(petition.reference) == len(f"PET-{year}-00001")
    assert petition.reference[-5:].isdigit()
    petition = fresh(petition)
    assert petition.status == S.PREPARATION and not petition.is_public
    assert petition.agent_cin == "AB123456"  # normalised
    assert petition.site_id == petitions_a.get_site().pk and petition.channel == "online"
    assert petition.signature_count == 0 and petition.signatures_required is None and petition.filed_on is None
    assert list(petition.history.values_list("action", "from_status", "to_status")) == [("submit", "", "preparation")]
    assert SubmissionLogEntry.objects.for_instance(petition).filter(action="participation.submit").exists()
    to_agent = [m for m in mailoutbox if "karim@example.ma" in m.to]
    assert len(to_agent) == 1 and petition.reference in to_agent[0].subject + to_agent[0].body
    assert any("karim@example.ma" not in m.to for m in mailoutbox), "staff are told of a petition to review"


def test_references_follow_each_other(petitions_a):
    first = petitions.start_petition(petitions_a, petition_data())
    second = petitions.start_petition(petitions_a, petition_data())
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1


def test_start_with_bad_data_stores_nothing(petitions_a):
    before = Petition.objects.count()
    with pytest.raises(ValidationError) as error:
        petitions.start_petition(petitions_a, petition_data(title="قصير", reasons="قصير"))
    assert {"title", "reasons"} <= set(error.value.message_dict)
    assert Petition.objects.count() == before


def test_open_publishes_and_dates(petitions_a, make_petition, superuser, django_capture_on_commit_callbacks, mailoutbox):
    petition = make_petition(petitions_a)
    with django_capture_on_commit_callbacks(execute=True):
        petition = services.perform(petition, "open", superuser)
    petition = fresh(petition)
    assert petition.status == S.OPEN and petition.is_public and petition.opened_at is not None
    entry = petition.history.last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == ("open", "preparation", "open", superuser)
    log = SubmissionLogEntry.objects.for_instance(petition).get(action="participation.transition")
    assert log.user == superuser and log.data["to"] == "open"
    assert [m for m in mailoutbox if petition.email in m.to], "the agent is told the petition is open"


def test_refuse_opening_requires_grounds_and_reason(petitions_a, make_petition, superuser):
    petition = make_petition(petitions_a)
    before = snapshot(petition)
    with pytest.raises(ValidationError) as error:
        services.perform(petition, "refuse_opening", superuser)
    assert set(error.value.message_dict) == {"inadmissibility_grounds", "inadmissibility_reason"}
    with pytest.raises(ValidationError) as error:
        services.perform(petition, "refuse_opening", superuser, inadmissibility_grounds=["courts"])
    assert set(error.value.message_dict) == {"inadmissibility_reason"}
    with pytest.raises(ValidationError) as error:  # grounds outside the legal list
        services.perform(petition, "refuse_opening", superuser, inadmissibility_grounds=["whim"], inadmissibility_reason="لا")
    assert "inadmissibility_grounds" in error.value.message_dict
    assert snapshot(petition) == before

    petition = services.perform(
        petition, "refuse_opening", superuser, inadmissibility_grounds=["courts"], inadmissibility_reason="القضية معروضة على المحكمة."
    )
    petition = fresh(petition)
    assert petition.status == S.NOT_OPENED and not petition.is_public
    assert petition.inadmissibility_grounds == ["courts"]


def test_edit_only_in_preparation(petitions_a, make_petition, superuser):
    petition = make_petition(petitions_a)
    edited = petitions.edit_petition(petition, {"title": "تهيئة ملعب القرب وإنارته بحي الأمل", "agent_cin": "ZZ999"})
    assert edited.title == "تهيئة ملعب القرب وإنارته بحي الأمل"
    assert fresh(petition).agent_cin == "AB123456"  # not an editable field
    assert SubmissionLogEntry.objects.for_instance(petition).filter(action="participation.petition_edited").exists()

    with pytest.raises(ValidationError):
        petitions.edit_petition(petition, {"title": "قصير"})
    assert fresh(petition).title == "تهيئة ملعب القرب وإنارته بحي الأمل"

    services.perform(petition, "open", superuser)
    before = snapshot(petition)
    with pytest.raises(services.TransitionNotAllowed):
        petitions.edit_petition(petition, {"title": "نص آخر مختلف عما وقعه الناس"})
    assert snapshot(petition) == before


def test_a_filed_petition_cannot_be_edited(petitions_a, make_petition):
    petition = make_petition(petitions_a, "filed", threshold=2)
    before = snapshot(petition)
    with pytest.raises(services.TransitionNotAllowed):
        petitions.edit_petition(petition, {"reasons": "أسباب جديدة بعد الإيداع لا ينبغي قبولها أبدا."})
    assert snapshot(petition) == before


# --- filing ------------------------------------------------------------------------------


def test_file_below_the_threshold_is_refused_and_changes_nothing(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=3)
    sign_and_confirm(petition, 2)
    before = snapshot(petition)
    with pytest.raises(ValidationError) as error:
        petitions.file_petition(petition)
    message = " ".join(error.value.messages)
    assert "2" in message and "3" in message
    assert snapshot(petition) == before
    petition = fresh(petition)
    assert petition.status == S.OPEN and petition.filed_on is None and petition.signatures_required == 3  # fixed when it opened
    assert petition.deadline is None


def test_file_at_the_threshold_freezes_and_starts_the_clock(petitions_a, make_petition, django_capture_on_commit_callbacks, mailoutbox):
    petition = make_petition(petitions_a, "open", threshold=3)
    sign_and_confirm(petition, 3)
    with django_capture_on_commit_callbacks(execute=True):
        petitions.file_petition(petition)
    petition = fresh(petition)
    today = timezone.localdate()
    assert petition.status == S.FILED and petition.is_filed
    assert petition.signatures_required == 3 and petition.signature_count == 3
    assert petition.filed_on == today
    assert petition.deadline == rules.add_months(today, 3)
    assert petition.days_left(today) == (petition.deadline - today).days
    entry = petition.history.last()
    assert (entry.action, entry.to_status, entry.actor) == ("file", "filed", None)  # the agent, through the private link
    assert [m for m in mailoutbox if petition.email in m.to], "the agent receives the receipt"

    # a later change of the commune's number does not change a filed petition's
    set_override(petition.site, 500)
    assert fresh(petition).threshold == 3
    set_override(petition.site, None)
    assert fresh(petition).threshold == 3


def test_deadline_months_from_the_settings(petitions_a, make_petition):
    set_override(petitions_a.get_site(), 1, months=2)
    petition = make_petition(petitions_a, "filed")
    petition = fresh(petition)
    assert petition.deadline == rules.add_months(petition.filed_on, 2)


def test_paper_signatures_count_towards_the_threshold(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=5)
    sign_and_confirm(petition, 2)
    Petition.objects.filter(pk=petition.pk).update(paper_signature_count=3)
    petition = fresh(petition)
    assert petition.valid_signature_total == 5 and petition.progress_percent == 100
    petitions.file_petition(petition)
    assert fresh(petition).status == S.FILED


def test_threshold_reached_notifies_the_agent_once(petitions_a, make_petition, django_capture_on_commit_callbacks, mailoutbox):
    petition = make_petition(petitions_a, "open", threshold=2)
    with django_capture_on_commit_callbacks(execute=True):
        sign_and_confirm(petition, 3)
    to_agent = [m for m in mailoutbox if petition.email in m.to]
    assert len(to_agent) == 1  # at the second signature, not at the third


# --- the bureau and the council ------------------------------------------------------------


def test_the_whole_way_to_the_councils_decision(petitions_a, make_petition, django_capture_on_commit_callbacks):
    bureau = user("a_bureau")
    petition = make_petition(petitions_a, "filed", threshold=1)
    petition = services.perform(petition, "admit", bureau)
    assert fresh(petition).deadline is None  # the bureau decided: no more refusal clock
    assert fresh(petition).days_left() is None
    petition = services.perform(petition, "refer", bureau, committee="لجنة المرافق العمومية والخدمات")
    petition = services.perform(petition, "schedule", bureau, session_date=date(2027, 2, 2))
    petition = services.perform(petition, "postpone", bureau, note="لم يكتمل النصاب")
    assert fresh(petition).status == S.POSTPONED
    petition = services.perform(petition, "schedule", bureau, session_date=date(2027, 5, 4))
    with pytest.raises(ValidationError) as error:
        services.perform(petition, "decide", bureau, decision="accepted")
    assert set(error.value.message_dict) == {"deliberation"}
    petition = services.perform(petition, "decide", bureau, decision="accepted", deliberation=pdf())
    petition = fresh(petition)
    assert petition.status == S.DECIDED and petition.decision == "accepted" and petition.deliberation
    assert petition.session_date == date(2027, 5, 4) and petition.committee == "لجنة المرافق العمومية والخدمات"
    assert list(petition.history.order_by("pk").values_list("action", "from_status", "to_status")) == [
        ("submit", "", "preparation"),
        ("open", "preparation", "open"),
        ("file", "open", "filed"),
        ("admit", "filed", "admissible"),
        ("refer", "admissible", "committee"),
        ("schedule", "committee", "scheduled"),
        ("postpone", "scheduled", "postponed"),
        ("schedule", "postponed", "scheduled"),
        ("decide", "scheduled", "decided"),
    ]
    assert SubmissionLogEntry.objects.for_instance(petition).filter(action="participation.transition").count() == 8
    assert petition.history.filter(action="decide").get().actor == bureau
    petition.deliberation.delete(save=False)


def test_inadmissible_requires_grounds_and_reason(petitions_a, make_petition):
    bureau = user("a_bureau")
    petition = make_petition(petitions_a, "filed", threshold=1)
    before = snapshot(petition)
    with pytest.raises(ValidationError):
        services.perform(petition, "declare_inadmissible", bureau, inadmissibility_grounds=["powers"])
    assert snapshot(petition) == before
    services.perform(petition, "declare_inadmissible", bureau, inadmissibility_grounds=["powers", "other"],
                     inadmissibility_reason="الطلب من اختصاص مجلس الجهة.")
    petition = fresh(petition)
    assert petition.status == S.INADMISSIBLE and petition.deadline is None
    assert petition.signatures_required == 1  # the frozen count stays


@pytest.mark.parametrize(
    ("status", "actor", "action", "changes"),
    [
        ("preparation", "citizen", "open", {}),  # the agent cannot open their own petition
        ("preparation", "a_editor", "open", {}),  # no permission
        ("preparation", "b_bureau", "open", {}),  # other commune
        ("preparation", "a_bureau", "file", {}),  # filing is the agent's
        ("preparation", "citizen", "file", {}),  # not open yet
        ("open", "a_bureau", "admit", {}),  # not filed yet
        ("filed", "a_participation", "admit", {}),  # the bureau's step
        ("filed", "b_bureau", "admit", {}),
        ("filed", "citizen", "admit", {}),
        ("filed", "system", "admit", {}),
        ("filed", "a_bureau", "decide", {"decision": "accepted"}),  # skipping the committee and the session
        ("filed", "a_bureau", "schedule", {"session_date": date(2027, 2, 1)}),
        ("filed", "citizen", "withdraw", {}),  # too late to withdraw
        ("admissible", "a_bureau", "admit", {}),  # twice
        ("committee", "a_bureau", "postpone", {}),
        ("scheduled", "a_bureau", "refer", {"committee": "لجنة أخرى"}),
        ("open", "a_bureau", "file_paper", {}),
        ("open", "a_bureau", "no-such-step", {}),
    ],
)
def test_forged_steps_change_nothing(petitions_a, make_petition, status, actor, action, changes):
    petition = make_petition(petitions_a, status, threshold=1)
    actor = {"citizen": services.CITIZEN, "system": services.SYSTEM}.get(actor) or user(actor)
    before = snapshot(petition)
    with pytest.raises(services.TransitionNotAllowed):
        services.perform(petition, action, actor, **changes)
    assert snapshot(petition) == before


def test_other_commune_staff_cannot_act(petitions_b, make_petition):
    petition = make_petition(petitions_b, "filed", threshold=1)
    with pytest.raises(services.TransitionNotAllowed):
        services.perform(petition, "admit", user("a_bureau"))
    services.perform(petition, "admit", user("b_bureau"))
    assert fresh(petition).status == S.ADMISSIBLE


def test_agent_withdraws_before_filing(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=5)
    services.perform(petition, "withdraw", services.CITIZEN)
    petition = fresh(petition)
    assert petition.status == S.WITHDRAWN and petition.history.last().action == "withdraw"
    with pytest.raises(petitions.SignatureRefused):
        petitions.sign(petition, signatory())


# --- signatures ----------------------------------------------------------------------------


def test_sign_stores_a_pending_signature_and_sends_the_link(petitions_a, make_petition, django_capture_on_commit_callbacks, mailoutbox):
    petition = make_petition(petitions_a, "open", threshold=5)
    with django_capture_on_commit_callbacks(execute=True):
        signature = petitions.sign(petition, signatory(cin="ab 654-321", email="  Signer.X@Example.MA ", name=" سعاد ",
                                                        basis="activity", activity="  بقالة  ", address=" السوق "))
    signature.refresh_from_db()
    assert (signature.cin, signature.email, signature.name, signature.activity, signature.address) == (
        "AB654321", "signer.x@example.ma", "سعاد", "بقالة", "السوق")
    assert signature.confirmed_at is None and not signature.counts
    assert fresh(petition).signature_count == 0  # not before the e-mail is confirmed
    assert [m for m in mailoutbox if m.to == ["signer.x@example.ma"]], "the confirmation link is sent"


def test_resident_activity_is_not_kept(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=5)
    signature = petitions.sign(petition, signatory(basis="resident", activity="نجار"))
    assert Signature.objects.get(pk=signature.pk).activity == ""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"cin": "AB123456"}, {"cin": "ab 123456"}),
        ({"cin": "AB123456"}, {"cin": "AB-١٢٣٤٥٦"}),
        ({"email": "same@example.ma"}, {"email": "Same@Example.MA"}),
    ],
)
def test_one_signature_per_cin_and_per_email(petitions_a, make_petition, first, second):
    petition = make_petition(petitions_a, "open", threshold=5)
    petitions.sign(petition, signatory(**first))
    with pytest.raises(petitions.SignatureRefused) as error:
        petitions.sign(petition, signatory(**second))
    assert error.value.messages
    assert Signature.objects.filter(petition=petition).count() == 1
    # the same person may sign another petition
    other = make_petition(petitions_a, "open")
    petitions.sign(other, signatory(**second))


def test_ineligible_signatory_is_refused_with_field_errors(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=5)
    with pytest.raises(ValidationError) as error:
        petitions.sign(petition, signatory(cin="123456", basis="activity", activity="", address=" "))
    assert set(error.value.message_dict) == {"cin", "activity", "address"}
    assert not isinstance(error.value, petitions.SignatureRefused)
    assert not Signature.objects.filter(petition=petition).exists()


@pytest.mark.parametrize("status", ["preparation", "not_opened", "filed", "admissible", "scheduled"])
def test_closed_petitions_take_no_signature(petitions_a, make_petition, status):
    petition = make_petition(petitions_a, status, threshold=1)
    with pytest.raises(petitions.SignatureRefused):
        petitions.sign(fresh(petition), signatory())
    assert not Signature.objects.filter(petition=petition).exists()


def association_data(**overrides):
    return petition_data(
        kind="association", association_name="جمعية الأمل للتنمية", association_declared_on=date(2015, 3, 1),
        association_seat="حي الأمل، عين الزيتون", association_seat_in_commune=True, **overrides,
    )


def test_association_petitions_take_no_signatures(petitions_a, superuser):
    petition = petitions.start_petition(petitions_a, association_data())
    petition = services.perform(petition, "open", superuser)
    assert petition.threshold == 0 and petition.public_agent == "جمعية الأمل للتنمية"
    with pytest.raises(petitions.SignatureRefused):
        petitions.sign(fresh(petition), signatory())
    assert not Signature.objects.filter(petition=petition).exists()
    petitions.file_petition(petition)  # no signature threshold (art. 124)
    petition = fresh(petition)
    assert petition.status == S.FILED and petition.signatures_required == 0


def test_confirm_counts_once(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=5)
    signature = petitions.sign(petition, signatory())
    assert petitions.confirm_signature(signature) == "counted"
    assert petitions.confirm_signature(signature) == "already"
    assert petitions.confirm_signature(Signature.objects.get(pk=signature.pk)) == "already"
    assert fresh(petition).signature_count == 1
    assert Signature.objects.get(pk=signature.pk).counts


def test_confirm_after_filing_is_closed_and_not_counted(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=2)
    sign_and_confirm(petition, 2)
    late = petitions.sign(petition, signatory())
    petitions.file_petition(petition)
    assert petitions.confirm_signature(late) == "closed"
    petition = fresh(petition)
    assert petition.signature_count == 2 and petition.signatures_required == 2
    assert Signature.objects.get(pk=late.pk).confirmed_at is None  # rolled back: it never counts
    assert petitions.confirm_signature(late) == "closed"


def test_withdraw_a_signature_before_filing(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=5)
    counted, pending = sign_and_confirm(petition, 1)[0], petitions.sign(petition, signatory())
    assert fresh(petition).signature_count == 1
    assert petitions.withdraw_signature(pending) is True
    assert fresh(petition).signature_count == 1
    assert petitions.withdraw_signature(counted) is True
    assert fresh(petition).signature_count == 0
    assert not Signature.objects.filter(petition=petition).exists()
    assert petitions.withdraw_signature(counted) is False  # already gone
    assert SubmissionLogEntry.objects.for_instance(petition).filter(action="participation.signature_withdrawn").count() == 2
    # the same person may sign again
    petitions.sign(petition, signatory(cin=counted.cin, email=counted.email))


def test_withdraw_after_filing_is_refused(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=1)
    (signature,) = sign_and_confirm(petition, 1)
    petitions.file_petition(petition)
    assert petitions.withdraw_signature(signature) is False
    assert Signature.objects.filter(pk=signature.pk).exists()
    assert fresh(petition).signature_count == 1


def test_invalidate_and_restore_adjust_the_count(petitions_a, make_petition):
    bureau = user("a_bureau")
    petition = make_petition(petitions_a, "open", threshold=5)
    counted, other = sign_and_confirm(petition, 2)
    pending = petitions.sign(petition, signatory())

    with pytest.raises(ValidationError):
        petitions.invalidate_signature(counted, "  ", bureau)
    assert fresh(petition).signature_count == 2

    petitions.invalidate_signature(counted, "رقم البطاقة غير مطابق", bureau)
    assert fresh(petition).signature_count == 1
    petitions.invalidate_signature(counted, "مرة ثانية", bureau)  # twice: counted once
    assert fresh(petition).signature_count == 1
    row = Signature.objects.get(pk=counted.pk)
    assert row.invalid_reason == "رقم البطاقة غير مطابق" and row.invalidated_by == bureau and not row.counts

    petitions.invalidate_signature(pending, "مكرر", bureau)  # never counted: no change
    assert fresh(petition).signature_count == 1
    petitions.confirm_signature(pending)  # confirmed after it was marked invalid: still not counted
    assert fresh(petition).signature_count == 1
    assert not Signature.objects.get(pk=pending.pk).counts

    petitions.restore_signature(counted, bureau)
    petitions.restore_signature(counted, bureau)  # twice: counted once
    assert Signature.objects.get(pk=counted.pk).counts
    assert fresh(petition).signature_count == 2
    petitions.restore_signature(pending, bureau)  # confirmed meanwhile: it counts now
    assert fresh(petition).signature_count == 3
    assert fresh(petition).signature_count == Signature.objects.filter(
        petition=petition, confirmed_at__isnull=False, invalid_reason="").count()
    assert SubmissionLogEntry.objects.for_instance(petition).filter(action="participation.signature_invalidated").count() == 2
    assert SubmissionLogEntry.objects.for_instance(petition).filter(action="participation.signature_restored").count() == 2


def test_invalidated_signatures_after_filing_change_the_count_shown(petitions_a, make_petition):
    bureau = user("a_bureau")
    petition = make_petition(petitions_a, "open", threshold=2)
    first, _second = sign_and_confirm(petition, 2)
    petitions.file_petition(petition)
    petitions.invalidate_signature(first, "ليس من سكان الجماعة", bureau)
    petition = fresh(petition)
    assert petition.signature_count == 1 and petition.valid_signature_total == 1
    assert petition.signatures_required == 2  # the threshold stays frozen


def test_count_shown_is_online_valid_plus_paper(petitions_a, make_petition):
    petition = make_petition(petitions_a, "open", threshold=50)
    sign_and_confirm(petition, 3)
    petitions.sign(petition, signatory())  # pending: not counted
    Petition.objects.filter(pk=petition.pk).update(paper_signature_count=7)
    petition = fresh(petition)
    assert petition.valid_signature_total == 10
    assert petition.progress_percent == 20


# --- paper petitions -----------------------------------------------------------------------


def test_record_paper_petition(petitions_a, django_capture_on_commit_callbacks):
    clerk = user("a_participation")
    handed_in = timezone.localdate() - timedelta(days=4)
    data = petition_data(page=petitions_a, paper_signature_count=130, filed_on=handed_in, email="paper.agent@example.ma")
    petition = petitions.record_paper_petition(petitions_a.get_site(), data, clerk)
    petition = fresh(petition)
    assert petition.channel == "paper" and petition.status == S.FILED and petition.is_public
    assert petition.filed_on == handed_in  # the date it was handed in, not today
    assert petition.deadline == rules.add_months(handed_in, 3)
    assert petition.signatures_required == 100 and petition.valid_signature_total == 130
    assert list(petition.history.values_list("action", flat=True)) == ["submit", "file_paper"]
    assert petition.history.last().actor == clerk


def test_record_paper_petition_needs_the_permission(petitions_a):
    before = Petition.objects.count()
    with pytest.raises(services.TransitionNotAllowed):
        petitions.record_paper_petition(petitions_a.get_site(), petition_data(page=petitions_a), user("a_editor"))
    with pytest.raises(services.TransitionNotAllowed):  # other commune's officer
        petitions.record_paper_petition(petitions_a.get_site(), petition_data(page=petitions_a), user("b_participation"))
    assert Petition.objects.count() == before  # nothing partial stored


def test_an_expired_unconfirmed_signature_does_not_block_its_cin(petitions_a, make_petition):
    """Someone signed with another person's CIN and never confirmed: once the link has
    expired, the real holder of the CIN can sign (the stale signature is deleted)."""
    from participation.core.verification import MAX_AGE

    petition = make_petition(petitions_a, "open", threshold=5)
    squatter = petitions.sign(petition, signatory(cin="AB445566", email="squatter@example.ma"))
    with pytest.raises(petitions.SignatureRefused):  # while the link still works, the CIN is held
        petitions.sign(petition, signatory(cin="ab 445566", email="owner@example.ma"))
    Signature.objects.filter(pk=squatter.pk).update(created_at=timezone.now() - timedelta(seconds=MAX_AGE + 60))
    owner = petitions.sign(petition, signatory(cin="ab 445566", email="owner@example.ma"))
    assert owner.cin == "AB445566" and not Signature.objects.filter(pk=squatter.pk).exists()
    assert Signature.objects.filter(petition=petition, cin_hash=lookup_hash("AB445566")).count() == 1
