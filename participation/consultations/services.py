"""Consultation steps: views, admin, the API and the demo seed call these functions;
none of them changes a response or a comment by itself.

- Answering: one response per consultation and e-mail address (a database constraint
  decides between concurrent duplicates); it counts once the address is confirmed by the
  e-mailed link's POST; the private link lets its holder change the answers while the
  consultation is open. Outside the open phase nothing is stored.
- Comments: stored unpublished, published once the e-mail is confirmed and a moderator
  approves; replies stay in their section and consultation; reports from readers put a
  comment back in the moderators' queue (and hide it after a few).
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from participation.consultations import phases
from participation.consultations.models import (
    CHOICE_KINDS,
    RATINGS,
    TEXT_KINDS,
    Answer,
    ConsultationPage,
    QuestionKind,
    Response,
    SectionComment,
)
from participation.consultations.workflow import ResponseStatus
from participation.core import services, signals
from participation.core.notifications import send_after_commit

NOTIFY = "participation.consultations.notifications"
#: reports from readers after which a published comment is hidden until a moderator looks at it
FLAGS_TO_HIDE = 3
COMMENT_MAX = 3000


class Refused(ValidationError):
    """The consultation does not take this now (closed, duplicate, forged target): nothing was stored."""


def today():
    return phases.local_date(timezone.now())


def require_open(page: ConsultationPage, day=None, *, comments=False):
    phase = page.phase_on(day or today())
    if phases.may_answer(phase):
        return
    if phase == phases.Phase.ANNOUNCED:
        message = _("This consultation is not open yet: it opens on %(date)s. Nothing was stored.")
        raise Refused(message % {"date": page.opens_on.isoformat()}, code="not_open")
    if comments:
        raise Refused(_("This consultation is closed: it no longer takes comments. Nothing was stored."), code="closed")
    raise Refused(_("This consultation is closed: it no longer takes answers. Nothing was stored."), code="closed")


# --- answers -------------------------------------------------------------------------------


@dataclass
class ResponseData:
    email: str
    answers: dict = field(default_factory=dict)  # {question pk: value} (see clean_answers)
    association_name: str = ""


def clean_answers(page: ConsultationPage, raw: dict) -> dict:
    """{question pk: value} checked against the page's questions: an option of the list (a
    list of them for a multiple choice), a rating 1–5, a text. Raises ValidationError with
    the question's field name ("q<pk>") as key."""
    errors, clean = {}, {}
    for question in page.questions.all():
        value = raw.get(question.pk)
        key = f"q{question.pk}"
        if question.kind == QuestionKind.MULTIPLE:
            value = [v for v in (value or []) if v]
            if any(v not in question.option_list for v in value):
                errors[key] = _("Choose among the options shown.")
        elif question.kind == QuestionKind.SINGLE:
            if value and value not in question.option_list:
                errors[key] = _("Choose among the options shown.")
        elif question.kind == QuestionKind.RATING:
            try:
                value = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                value = -1
            if value is not None and value not in RATINGS:
                errors[key] = _("Choose a rating from 1 to 5.")
        else:
            value = (value or "").strip()
            limit = 300 if question.kind == QuestionKind.SHORT_TEXT else 5000
            if len(value) > limit:
                errors[key] = _("At most %(limit)s characters.") % {"limit": limit}
        if question.required and not value and key not in errors:
            errors[key] = _("This question requires an answer.")
        clean[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _answer_rows(response: Response, page: ConsultationPage, answers: dict) -> list[Answer]:
    rows = []
    for question in page.questions.all():
        value = answers.get(question.pk)
        if not value:
            continue
        if question.kind in CHOICE_KINDS:
            for choice in value if isinstance(value, list) else [value]:
                rows.append(Answer(response=response, question=question, choice=choice))
        elif question.kind == QuestionKind.RATING:
            rows.append(Answer(response=response, question=question, rating=value))
        elif question.kind in TEXT_KINDS:
            rows.append(Answer(response=response, question=question, text=value))
    return rows


def normalize_email(email: str) -> str:
    return email.strip().lower()


def submit_response(page: ConsultationPage, data: ResponseData, *, ip=None, language=None, day=None) -> Response:
    """Store a response awaiting the confirmation of its e-mail address, or raise Refused.

    When the address already answered, nothing is stored and the private link to change
    the answers is sent again to that address (only its owner reads it)."""
    require_open(page, day)
    if page.for_associations and not data.association_name.strip():
        raise ValidationError({"association_name": _("This consultation is for associations: give your association's name.")})
    answers = clean_answers(page, data.answers)
    email = normalize_email(data.email)
    if Response.objects.filter(consultation=page, email=email).exists():
        _already_answered(page, email)
    response = Response(
        consultation=page, site=page.get_site(), email=email, association_name=data.association_name.strip()
    )
    try:
        with transaction.atomic():
            services.submit(response, ip=ip, language=language or get_language())
            Answer.objects.bulk_create(_answer_rows(response, page, answers))
    except IntegrityError:  # a concurrent response from the same address won the race
        _already_answered(page, email)
    return response


def _already_answered(page, email):
    existing = Response.objects.filter(consultation=page, email=email).first()
    if existing is not None:
        send_after_commit((f"{NOTIFY}.ResponseLink",), existing)
    raise Refused(
        _("This e-mail address has already answered this consultation. We sent it again the private link "
          "with which you can change your answers while the consultation is open."),
        code="duplicate",
    )


def confirm_response(response: Response, day=None) -> str:
    """The POST of the e-mailed link: "counted", "already", or "closed" (nothing changes)."""
    if response.status == ResponseStatus.CONFIRMED:
        return "already"
    if response.consultation is None or not phases.may_answer(response.consultation.phase_on(day or today())):
        return "closed"
    try:
        services.perform(response, "confirm", services.CITIZEN, email_verified_at=timezone.now())
    except services.TransitionNotAllowed:
        return "already"
    return "counted"


def change_answers(response: Response, raw: dict, *, day=None) -> Response:
    """Replace a response's answers (the private link) while the consultation is open."""
    page = response.consultation
    if page is None:
        raise Refused(_("This consultation no longer exists."), code="gone")
    require_open(page, day)
    answers = clean_answers(page, raw)
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        locked.answers.all().delete()
        Answer.objects.bulk_create(_answer_rows(locked, page, answers))
        locked.save(update_fields=["updated_at"])
        log(instance=locked, action="participation.answers_changed", user=None, data={"reference": locked.reference})
    return locked


def current_answers(response: Response) -> dict:
    """{question pk: value} of a response, in the shape clean_answers returns."""
    values: dict = {}
    for answer in response.answers.select_related("question"):
        kind = answer.question.kind
        if kind == QuestionKind.MULTIPLE:
            values.setdefault(answer.question_id, []).append(answer.choice)
        elif kind == QuestionKind.SINGLE:
            values[answer.question_id] = answer.choice
        elif kind == QuestionKind.RATING:
            values[answer.question_id] = answer.rating
        else:
            values[answer.question_id] = answer.text
    return values


# --- comments ------------------------------------------------------------------------------


@dataclass
class CommentData:
    name: str
    email: str
    text: str


def max_thread_level() -> int:
    return int(getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 0))


def post_comment(page: ConsultationPage, section_id: str, data: CommentData, *, parent_id=None, ip=None,
                 language=None, day=None) -> SectionComment:
    """Store a comment on a section (or a reply), unpublished, and e-mail the link that
    confirms the address. Refused, with nothing stored, outside the open phase or for a
    target that is not a section of this consultation (or a reply to a comment elsewhere)."""
    require_open(page, day, comments=True)
    if page.section(section_id) is None:
        raise Refused(_("This section does not exist in this consultation."), code="bad_section")
    parent = None
    if parent_id:
        parent = SectionComment.objects.filter(
            pk=parent_id, consultation=page, section_id=section_id, is_public=True, is_removed=False
        ).first()
        if parent is None:
            raise Refused(_("The comment you reply to does not exist in this section."), code="bad_parent")
        if parent.level >= max_thread_level():
            raise Refused(_("Replies cannot be nested deeper here: reply to the first comment of the thread."), code="too_deep")
    text = data.text.strip()
    if not text or len(text) > COMMENT_MAX:
        raise ValidationError({"comment": _("Write a comment of at most %(limit)s characters.") % {"limit": COMMENT_MAX}})
    site = page.get_site()
    comment = SectionComment(
        content_object=page,
        site_id=settings.SITE_ID,
        consultation=page,
        commune=site,
        section_id=section_id,
        parent_id=parent.pk if parent else 0,
        user_name=data.name.strip()[:50],
        user_email=normalize_email(data.email),
        comment=text,
        submit_date=timezone.now(),
        ip_address=ip,
        is_public=False,
        language=(language or get_language() or "ar")[:10],
    )
    with transaction.atomic():
        comment.save()
        send_after_commit((f"{NOTIFY}.ConfirmComment",), comment)
    return comment


def confirm_comment(comment: SectionComment, day=None) -> str:
    """The POST of the e-mailed link: "counted" (now awaits moderation), "already" or "closed"."""
    if comment.email_confirmed_at is not None:
        return "already"
    if not phases.may_comment(comment.consultation.phase_on(day or today())):
        return "closed"
    now = timezone.now()
    updated = SectionComment.objects.filter(pk=comment.pk, email_confirmed_at__isnull=True).update(email_confirmed_at=now)
    if updated:
        comment.email_confirmed_at = now
    return "counted" if updated else "already"


def flag_comment(comment: SectionComment) -> None:
    """A reader reports a published comment: back in the moderators' queue; hidden after a few reports."""
    with transaction.atomic():
        SectionComment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
        SectionComment.objects.filter(pk=comment.pk, flag_count__gte=FLAGS_TO_HIDE).update(is_public=False)
        signals.updated(comment)


def _moderate(comment: SectionComment, user, action: str, **changes) -> SectionComment:
    from participation.core import scoping

    if not user.has_perm("participation_consultations.moderate_sectioncomment") or not scoping.can_act_on(
        user, comment, "commune"
    ):
        raise PermissionDenied(_("You may not moderate this comment."))
    comment.refresh_from_db()
    if comment.email_confirmed_at is None:
        raise services.TransitionNotAllowed(_("This comment's e-mail address is not confirmed yet."))
    with transaction.atomic():
        SectionComment.objects.filter(pk=comment.pk).update(moderated_at=timezone.now(), moderated_by=user, **changes)
        signals.updated(comment)
        comment.refresh_from_db()
        log(instance=comment, action=f"participation.comment_{action}", user=user, data={"consultation": comment.consultation_id})
    return comment


def approve_comment(comment: SectionComment, user) -> SectionComment:
    return _moderate(comment, user, "approved", is_public=True, is_removed=False, flag_count=0)


def reject_comment(comment: SectionComment, user) -> SectionComment:
    return _moderate(comment, user, "rejected", is_public=False, is_removed=True)
