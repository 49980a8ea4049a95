"""Forms of the meetings' public side: registration (with the core's guards: captcha,
honeypot; participation.core.antiabuse) and the GET filter of the list of meetings."""
from django import forms
from django.utils.translation import gettext_lazy as _

from participation.core.antiabuse import GuardedFormMixin
from participation.core.text import CleanTextFormMixin
from participation.meetings.models import Gender, MeetingType, Registration

NO_ANSWER = ""


class RegistrationForm(CleanTextFormMixin, GuardedFormMixin, forms.ModelForm):
    """Name, e-mail, optional phone, gender and association. Guard fields and the consent are
    checks, not data: `registration_data()` leaves them out."""

    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=[*Gender.choices, (NO_ANSWER, _("I prefer not to say"))],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the answers in the list, or leave it empty.")},
        help_text=_("Optional. The commune's Equality, Equal Opportunities and Gender Approach Commission (organic law "
                    "113.14, article 120) follows how many women and men take part in meetings. Your answer is only "
                    "counted in these statistics, never published with your name."),
    )
    consent = forms.BooleanField(
        label=_("I have read the information notice on personal data above"),
        error_messages={"required": _("Please confirm that you have read the information notice on personal data.")},
    )

    not_stored = (*GuardedFormMixin.guard_fields, "consent")

    class Meta:
        model = Registration
        fields = ("name", "email", "phone", "gender", "association")
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}),
            "association": forms.TextInput(attrs={"dir": "auto"}),
        }
        labels = {
            "name": _("Full name"),
            "email": _("E-mail address"),
            "phone": _("Phone (optional)"),
            "association": _("Association (optional)"),
        }
        help_texts = {
            "email": _("Your confirmation, the calendar file and the link to cancel are sent there."),
            "phone": _("Only if the commune needs to reach you about this meeting (a change of place or time)."),
            "association": _("If you come on behalf of an association, its name."),
        }
        error_messages = {
            "name": {"required": _("Enter your full name.")},
            "email": {"required": _("Enter your e-mail address."), "invalid": _("Enter a valid e-mail address, for example name@example.ma.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].initial = None
        self.order_fields(["name", "email", "phone", "gender", "association", "consent", *GuardedFormMixin.guard_fields])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def registration_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in self.not_stored}

    def validate_unique(self):
        """Uniqueness is the service's to check, under the meeting's lock (services.register)."""


class MeetingFilterForm(forms.Form):
    """GET filter of the list of meetings; a bad value is a form error, never a server error.
    The type is sent as `category` (the name the site's pagination keeps)."""

    past = forms.ChoiceField(
        label=_("When"), required=False, choices=[("", _("Upcoming meetings")), ("1", _("Past meetings"))],
        error_messages={"invalid_choice": _("Choose upcoming or past meetings.")},
    )
    category = forms.ChoiceField(
        label=_("Type of meeting"), required=False, choices=[("", _("All types")), *MeetingType.choices],
        error_messages={"invalid_choice": _("Choose a type of meeting in the list.")},
    )
    neighbourhood = forms.ChoiceField(
        label=_("Neighbourhood"), required=False, choices=(),
        error_messages={"invalid_choice": _("Choose a neighbourhood in the list.")},
    )

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].choices = [("", _("All neighbourhoods")), *((n, n) for n in neighbourhoods)]

    @property
    def show_past(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("past") == "1"

    @property
    def filtered(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data.get("category") or self.cleaned_data.get("neighbourhood"))

    def filter(self, meetings):
        if not self.is_valid():
            return meetings
        if self.cleaned_data.get("category"):
            meetings = meetings.filter(meeting_type=self.cleaned_data["category"])
        if self.cleaned_data.get("neighbourhood"):
            meetings = meetings.filter(neighbourhood=self.cleaned_data["neighbourhood"])
        return meetings
