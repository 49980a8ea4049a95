"""Results of a consultation: per question, how many answered, the count and share of
each option or rating, the average rating. A fixed number of queries whatever the number
of answers (grouped counts in the database). Only confirmed responses count."""
from dataclasses import dataclass, field

from django.db.models import Count

from participation.consultations.models import CHOICE_KINDS, RATINGS, TEXT_KINDS, Answer, QuestionKind, Response
from participation.consultations.workflow import ResponseStatus


@dataclass
class Row:
    label: str
    count: int
    percent: float  # of the question's respondents (a multiple choice adds up to more than 100)


@dataclass
class QuestionResult:
    question: object
    respondents: int
    rows: list[Row] = field(default_factory=list)
    average: float | None = None
    text_count: int = 0

    @property
    def is_text(self) -> bool:
        return self.question.kind in TEXT_KINDS


@dataclass
class Results:
    responses: int
    questions: list[QuestionResult]


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def results(page) -> Results:
    """The results of `page` (five queries)."""
    counted = Answer.objects.filter(response__consultation=page, response__status=ResponseStatus.CONFIRMED)
    total = Response.objects.filter(consultation=page, status=ResponseStatus.CONFIRMED).count()
    questions = list(page.questions.all())
    respondents = dict(counted.order_by().values_list("question_id").annotate(n=Count("response_id", distinct=True)))
    choices: dict = {}
    for question_id, choice, n in counted.exclude(choice="").order_by().values_list("question_id", "choice").annotate(n=Count("pk")):
        choices.setdefault(question_id, {})[choice] = n
    ratings: dict = {}
    for question_id, rating, n in counted.filter(rating__isnull=False).order_by().values_list("question_id", "rating").annotate(
        n=Count("pk")
    ):
        ratings.setdefault(question_id, {})[rating] = n
    out = []
    for question in questions:
        answered = respondents.get(question.pk, 0)
        result = QuestionResult(question, answered)
        if question.kind in CHOICE_KINDS:
            counts = choices.get(question.pk, {})
            labels = question.option_list + [c for c in counts if c not in question.option_list]
            result.rows = [Row(label, counts.get(label, 0), _percent(counts.get(label, 0), answered)) for label in labels]
        elif question.kind == QuestionKind.RATING:
            counts = ratings.get(question.pk, {})
            result.rows = [Row(str(r), counts.get(r, 0), _percent(counts.get(r, 0), answered)) for r in RATINGS]
            given = sum(counts.values())
            result.average = round(sum(r * n for r, n in counts.items()) / given, 2) if given else None
        else:
            result.text_count = answered
        out.append(result)
    return Results(total, out)
