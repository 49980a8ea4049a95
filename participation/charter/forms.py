"""Forms of the charter's public side: joining as an association or as a citizen (with the
core's guards: captcha, honeypot; participation.core.antiabuse), and completing an
association's file when the commune asks for information. Guard fields, the acceptance of
the commitments and the notice's consent are checks, not data: `adhesion_data()` leaves them out."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.charter.models import ActivityField, Adhesion, AdhesionKind, normalize_registration_number
from participation.core.antiabuse import GuardedFormMixin
from participation.core.documents import DocumentField
from participation.core.text import CleanTextFormMixin

ASSOCIATION_FIELDS = ("association_name", "registration_number", "registration_date", "seat", "activity", "name", "email",
                      "phone")
CITIZEN_FIELDS = ("name", "neighbourhood", "email", "show_name")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

LABELS = {
    "association_name": _("Name of the association"),
    "registration_number": _("Number of the declaration receipt"),
    "registration_date": _("Date of the declaration receipt"),
    "seat": _("Seat of the association (address)"),
    "activity": _("Main field of activity"),
    "name": _("Full name"),
    "email": _("E-mail address"),
    "phone": _("Phone (optional)"),
    "neighbourhood": _("Neighbourhood or douar"),
    "show_name": _("My name may appear in the public register of adherents"),
}
ERRORS = {
    "association_name": {"required": _("Enter the name of the association.")},
    "registration_number": {"required": _("Enter the number of the association's declaration receipt.")},
    "registration_date": {"required": _("Enter the date of the declaration receipt."),
                          "invalid": _("Enter a valid date, for example 2019-03-25.")},
    "seat": {"required": _("Enter the address of the association's seat.")},
    "activity": {"required": _("Choose the main field of activity."),
              "invalid_choice": _("Choose a field of activity in the list.")},
    "name": {"required": _("Enter your full name.")},
    "email": {"required": _("Enter your e-mail address."),
              "invalid": _("Enter a valid e-mail address, for example name@example.ma.")},
    "neighbourhood": {"required": _("Enter your neighbourhood or douar.")},
}


class AdhesionFieldsMixin(CleanTextFormMixin):
    """Names, seat and other text are cleaned by CleanTextFormMixin (participation.core.text)."""

    def clean_registration_number(self):
        return normalize_registration_number(self.cleaned_data["registration_number"])

    def clean_registration_date(self):
        value = self.cleaned_data["registration_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of the receipt cannot be in the future."))
        return value

    def validate_unique(self):
        """Uniqueness is the service's to check, with the database constraint (services.join)."""


class AdhesionForm(AdhesionFieldsMixin, GuardedFormMixin, forms.ModelForm):
    """Joining the charter, as an association (`kind` "association") or a citizen."""

    document = DocumentField(
        label=_("Statutes or declaration receipt"),
        help_text=_("A PDF document or a JPEG or PNG image, at most 10 MB. Only the commune's staff see it."),
        error_messages={"required": _("Attach the statutes or the declaration receipt of the association.")},
    )
    accept = forms.BooleanField(
        label=_("I accept the commitments listed above"),
        error_messages={"required": _("To join the charter, accept the commitments listed above.")},
    )
    consent = forms.BooleanField(
        label=_("I have read the information notice on personal data above"),
        error_messages={"required": _("Please confirm that you have read the information notice on personal data.")},
    )

    not_stored = (*GuardedFormMixin.guard_fields, "accept", "consent")

    class Meta:
        model = Adhesion
        fields = ASSOCIATION_FIELDS + ("neighbourhood", "show_name")
        labels = LABELS
        error_messages = ERRORS
        widgets = {
            "association_name": forms.TextInput(attrs={"dir": "auto"}),
            "registration_number": forms.TextInput(attrs={"dir": "ltr"}),
            "registration_date": forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"),
            "seat": forms.TextInput(attrs={"dir": "auto", "autocomplete": "street-address"}),
            "name": forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}),
            "neighbourhood": forms.TextInput(attrs={"dir": "auto"}),
        }
        help_texts = {
            "registration_number": _("As written on the final receipt given by the local authority."),
            "name": _("The person who represents the association (its president or a member it mandates)."),
            "email": _("The confirmation link, the commune's decision and the certificate are sent there. Never published."),
            "show_name": _("Optional. Without this, you are only counted in the register, never named."),
            "neighbourhood": _("Only counted in the statistics of the register, never published with your name."),
        }

    def __init__(self, *args, kind=AdhesionKind.CITIZEN, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == AdhesionKind.ASSOCIATION:
            keep = (*ASSOCIATION_FIELDS, "document")
            self.fields["name"].label = _("Name of the representative")
            self.fields["email"].help_text = _("The association's address: the confirmation link, the commune's decision "
                                               "and the certificate are sent there. Never published.")
            self.fields["activity"].choices = [("", _("Choose a field")), *ActivityField.choices]
        else:
            keep = CITIZEN_FIELDS
            self.fields["name"].help_text = _("Published only if you tick the box below.")
        for name in list(self.fields):
            if name not in (*keep, "accept", "consent", *GuardedFormMixin.guard_fields):
                del self.fields[name]
        required = set(keep) - {"phone", "show_name"}
        for name in required:
            self.fields[name].required = True
        if kind == AdhesionKind.ASSOCIATION:
            self.fields["registration_date"].input_formats = DATE_INPUT_FORMATS
        self.order_fields([*keep, "accept", "consent", *GuardedFormMixin.guard_fields])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def _post_clean(self):
        self.instance.kind = self.kind
        super()._post_clean()

    def adhesion_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in self.not_stored}


class CompleteForm(AdhesionFieldsMixin, forms.ModelForm):
    """An association completes its file when the commune asks for information; a new
    document replaces the former one."""

    document = DocumentField(
        label=_("New statutes or declaration receipt (optional)"), required=False,
        help_text=_("A PDF document or a JPEG or PNG image, at most 10 MB. Leave empty to keep the document sent before."),
    )

    class Meta:
        model = Adhesion
        fields = ("association_name", "registration_number", "registration_date", "seat", "activity", "name", "phone")
        labels = LABELS | {"name": _("Name of the representative")}
        error_messages = ERRORS
        widgets = AdhesionForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("association_name", "registration_number", "registration_date", "seat", "activity", "name"):
            self.fields[name].required = True
        self.fields["registration_date"].input_formats = DATE_INPUT_FORMATS
        self.fields["activity"].choices = [("", _("Choose a field")), *ActivityField.choices]

    def _post_clean(self):
        """The instance is the stored adhesion: never changed here (services.complete does it)."""

    def completed_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "document"}
