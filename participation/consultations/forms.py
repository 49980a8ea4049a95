"""Public forms of a consultation: answering (the questions are the page's, built into
fields), changing one's answers, commenting on a section. Public forms carry the core's
guards (captcha, honeypot); the rules are in services.py."""
from django import forms
from django.utils.translation import gettext_lazy as _

from participation.consultations.models import RATINGS, QuestionKind
from participation.consultations.services import COMMENT_MAX
from participation.core.antiabuse import GuardedFormMixin
from participation.core.text import CleanTextFormMixin


def _consent():
    return forms.BooleanField(
        label=_("I have read the information notice on personal data above"),
        error_messages={"required": _("Please confirm that you have read the information notice on personal data.")},
    )


def question_field(question) -> forms.Field:
    common = {"label": question.label, "help_text": question.help_text, "required": question.required}
    if question.kind == QuestionKind.SINGLE:
        choices = [(o, o) for o in question.option_list]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        choices = [(o, o) for o in question.option_list]
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == QuestionKind.RATING:
        choices = [(str(r), str(r)) for r in RATINGS]
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}), **common)
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}), **common)


class QuestionsFormMixin:
    """Adds one field "q<pk>" per question of the page."""

    def add_questions(self, page):
        self.questions = list(page.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = question_field(question)

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def add_service_errors(self, error):
        """Errors of services.clean_answers / submit_response beside their fields."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ChangeAnswersForm(CleanTextFormMixin, QuestionsFormMixin, forms.Form):
    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_questions(page)


class AnswerForm(GuardedFormMixin, ChangeAnswersForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm it: your answers count once confirmed, and one answer is taken per "
                    "address. It is never published."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    association_name = forms.CharField(
        label=_("Name of your association"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "organization"}),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, page=page, **kwargs)
        self.fields["consent"] = _consent()
        if page.for_associations:
            self.fields["association_name"].required = True
            self.fields["association_name"].help_text = _("This consultation is addressed to associations.")
        else:
            del self.fields["association_name"]


class CommentForm(CleanTextFormMixin, GuardedFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=50, help_text=_("Shown with your comment once it is published."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("To confirm your comment. It is never published."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    comment = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"] = _consent()
