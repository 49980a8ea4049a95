"""Forms of the access-to-information page's public side: the request (law 31.13,
art. 14), the requester's messages, the reply to a clarification request, the
complaint to the head of the commune, and the register's search. The request
form carries the core's guards (captcha and honeypot, participation.core.antiabuse);
the legal rules are rules.py's and the steps workflow.py's."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.core.antiabuse import GuardedFormMixin
from participation.core.idempotency import SubmissionTokenFormMixin
from participation.core.text import CleanTextFormMixin
from participation.information import rules
from participation.information.models import SUBJECT_MAX, TEXT_MAX, InformationRequest

ID_NUMBER = re.compile(r"[A-Za-z0-9]{4,20}")
ID_NUMBER_MESSAGE = _("Enter the number of your national identity card (CIN) or of your residence card: letters and "
                      "digits only, from 4 to 20 characters, for example AB123456.")
QUERY_MAX = 100


def normalize_id_number(value: str) -> str:
    """The number without spaces, in capitals (a CIN written "ab 123456" is AB123456)."""
    return re.sub(r"\s+", "", value or "").upper()


class IdNumberField(forms.CharField):
    """A CIN or residence-card number, checked loosely (letters and digits, 4 to 20
    characters once spaces are removed: the formats of both cards vary) and stored
    normalised."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)  # spaces included; the normalised value fits the model's 20
        kwargs.setdefault("widget", forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        normalized = normalize_id_number(value)
        if not ID_NUMBER.fullmatch(normalized):
            raise forms.ValidationError(ID_NUMBER_MESSAGE, code="invalid_id_number")
        return normalized


def _text(rows=6, minlength=None, maxlength=TEXT_MAX):
    attrs = {"rows": rows, "dir": "auto", "maxlength": maxlength}
    if minlength:
        attrs["minlength"] = minlength
    return forms.Textarea(attrs=attrs)


class RequestForm(CleanTextFormMixin, GuardedFormMixin, forms.ModelForm):
    """A request for information. Guard fields and the consent are checks, not data:
    `request_data()` leaves them out."""

    id_number = IdNumberField(
        label=_("Number of your national identity card (CIN) or residence card"),
        help_text=_("Law 31.13 (article 14) requires it on every request. It is seen only by the commune's staff in "
                    "charge of requests for information, never published."),
    )
    delivery_form = forms.ChoiceField(
        label=_("How would you like to receive the information?"),
        choices=rules.DeliveryForm.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the forms of delivery in the list.")},
        help_text=_("Access is free of charge; only the cost of reproducing and sending a copy may be asked of you "
                    "(article 5)."),
    )
    consent = forms.BooleanField(
        label=_("I have read the information notice on personal data above"),
        error_messages={"required": _("Please confirm that you have read the information notice on personal data.")},
    )

    not_stored = (*GuardedFormMixin.guard_fields, "consent")

    class Meta:
        model = InformationRequest
        fields = (
            "subject", "information_requested", "delivery_form", "urgent", "urgency_justification",
            "name", "address", "id_number", "email", "phone", "register_opt_out",
        )
        labels = {
            "subject": _("Subject of your request"),
            "information_requested": _("The information you request"),
            "urgent": _("My request is urgent: a person's life, safety or freedom is at stake"),
            "urgency_justification": _("Why it is urgent"),
            "name": _("Your full name"),
            "address": _("Your address"),
            "email": _("E-mail address"),
            "phone": _("Phone number (optional)"),
            "register_opt_out": _("Do not publish my request and its answer in the public register"),
        }
        help_texts = {
            "subject": _("A short title, for example “Budget of the commune for 2026”."),
            "information_requested": _("Describe the information or documents you want as precisely as you can "
                                       "(period, place, kind of document). You do not have to say why you want it."),
            "urgent": _("An urgent request is answered within 3 working days."),
            "urgency_justification": _("Required if your request is urgent."),
            "name": _("As written on your identity card."),
            "address": _("Required by law 31.13 (article 14). Never published."),
            "email": _("Your reference, the private follow-up link and the answer are sent to this address."),
            "phone": _("Only if you agree that the commune's services call you about this request."),
            "register_opt_out": _("The commune publishes the subjects of the requests it answered and their answers. "
                                  "Your name, address, identity card number and contact details are never published, "
                                  "whatever you choose here."),
        }
        widgets = {
            "subject": forms.TextInput(attrs={"dir": "auto", "maxlength": SUBJECT_MAX, "minlength": 5}),
            "information_requested": _text(rows=8, minlength=10),
            "urgency_justification": _text(rows=3),
            "name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
            "address": forms.TextInput(attrs={"dir": "auto", "autocomplete": "street-address"}),
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "tel", "inputmode": "tel"}),
        }

    field_order = (
        "subject", "information_requested", "delivery_form", "urgent", "urgency_justification",
        "name", "address", "id_number", "email", "phone", "register_opt_out", "consent", "website", "captcha",
    )

    def clean(self):
        # an urgent request without its justification is refused by the model's clean
        # (beside the field); a justification typed and then unticked is not kept
        cleaned = super().clean()
        if not cleaned.get("urgent"):
            cleaned["urgency_justification"] = ""
        return cleaned

    def request_data(self) -> dict:
        """The validated values the service stores (no guard fields, no consent)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.not_stored}


class MessageForm(CleanTextFormMixin, SubmissionTokenFormMixin, forms.Form):
    """A message from the requester to the information officer."""

    text = forms.CharField(
        label=_("Your message"), min_length=2, max_length=TEXT_MAX, widget=_text(rows=5, minlength=2),
        help_text=_("A question about your request, or information the officer may need. Do not repeat your identity "
                    "card number here."),
    )


class ClarifyForm(CleanTextFormMixin, SubmissionTokenFormMixin, forms.Form):
    """The requester's reply to the officer's request for clarification."""

    text = forms.CharField(
        label=_("Your clarification"), min_length=2, max_length=TEXT_MAX, widget=_text(rows=5, minlength=2),
        help_text=_("When you send it, the clock of your request starts again."),
    )


class ComplaintForm(CleanTextFormMixin, SubmissionTokenFormMixin, forms.Form):
    """A complaint to the head of the commune (after an answer, or once the deadline passed)."""

    text = forms.CharField(
        label=_("Your complaint"), min_length=10, max_length=TEXT_MAX, widget=_text(rows=6, minlength=10),
        help_text=_("Say what you contest: no answer in time, an incomplete answer, a refusal or its grounds."),
    )


class RegisterSearchForm(forms.Form):
    """GET search of the public register; a bad value is ignored, never a server error."""

    q = forms.CharField(
        label=_("Search the register"), required=False, max_length=QUERY_MAX,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto", "maxlength": QUERY_MAX}),
    )

    def query(self) -> str:
        if not self.is_valid():
            return ""
        return " ".join(self.cleaned_data.get("q", "").split())
