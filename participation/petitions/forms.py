"""Forms of the petitions page's public side: starting a petition (citizens' or an
association's), the agent's corrections before it opens, signing, and the
filter of the public list. Public forms carry the core's guards (captcha and
honeypot, participation.core.antiabuse); the legal checks are rules.py's."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.antiabuse import GuardedFormMixin
from participation.core.documents import DocumentField
from participation.core.text import CleanTextFormMixin
from participation.petitions import rules
from participation.petitions.models import ITEM_MAX, TEXT_MAX, TITLE_MAX, Petition, PetitionKind
from participation.petitions.services import EDITABLE_FIELDS, SignatureData
from participation.petitions.workflow import PetitionStatus as S

CIN_MESSAGE = _("Enter the number of your national identity card (CIN): one or two letters followed by digits, "
                "for example AB123456.")
ASSOCIATION_FIELDS = (
    "association_name", "association_declared_on", "association_seat", "association_seat_in_commune",
    "association_statutes", "association_deposit_receipt", "association_mandate", "association_seat_proof",
)
DOCUMENT_FIELDS = ASSOCIATION_FIELDS[4:]
DOCUMENT_HELP = _("A PDF document or a JPEG or PNG image of at most 10 MB.")


def _consent():
    return forms.BooleanField(
        label=_("I have read the information notice on personal data above"),
        error_messages={"required": _("Please confirm that you have read the information notice on personal data.")},
    )


class CinField(forms.CharField):
    """A Moroccan CIN number, checked by rules.is_valid_cin and stored normalised."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not rules.is_valid_cin(value):
            raise forms.ValidationError(CIN_MESSAGE, code="invalid_cin")
        return rules.normalize_cin(value) if value else value


_TEXT_WIDGETS = {
    "title": forms.TextInput(attrs={"dir": "auto", "maxlength": TITLE_MAX, "minlength": 10}),
    "reasons": forms.Textarea(attrs={"rows": 8, "dir": "auto", "maxlength": TEXT_MAX, "minlength": 20}),
    "objectives": forms.Textarea(attrs={"rows": 6, "dir": "auto", "maxlength": TEXT_MAX, "minlength": 10}),
    "requested_item": forms.Textarea(attrs={"rows": 4, "dir": "auto", "maxlength": ITEM_MAX, "minlength": 10}),
    "agent_address": forms.TextInput(attrs={"dir": "auto", "autocomplete": "street-address"}),
    "phone": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "tel", "inputmode": "tel"}),
}
_TEXT_LABELS = {
    "title": _("Subject of the petition"),
    "reasons": _("Reasons"),
    "objectives": _("Objectives"),
    "requested_item": _("Item you ask the council to put on its agenda"),
    "agent_address": _("Your address"),
    "phone": _("Phone number (optional)"),
    "show_name": _("My name may be shown on the petition's public page as its agent"),
}
_TEXT_HELP = {
    "title": _("A short summary of what you ask, for example “Building a local sports ground in Al Amal”."),
    "reasons": _("Why the council should examine this request: the situation and the common interest it serves."),
    "objectives": _("What the petition aims to achieve."),
    "requested_item": _("The item, within the council's powers, that you ask to see on the agenda of its session."),
    "agent_address": _("Required by decree 2.16.403 for the agent. Never shown publicly."),
    "phone": _("Only if you agree that the commune's services call you about this petition."),
    "show_name": _("Otherwise no name is shown. Your CIN number, address, e-mail address and phone number are never shown."),
}


class PetitionForm(CleanTextFormMixin, GuardedFormMixin, forms.ModelForm):
    """Starting a petition. The agent (وكيل) gives the identity the decree asks for;
    an association's petition adds the association's data and documents (art. 124).
    Guard fields and the consent are checks, not data: `petition_data()` leaves them out."""

    kind = forms.ChoiceField(choices=PetitionKind.choices, widget=forms.HiddenInput)
    agent_cin = CinField(
        label=_("Number of your national identity card (CIN)"),
        help_text=_("Decree 2.16.403 requires the agent's CIN number. It is seen only by the commune's staff in "
                    "charge of petitions, never shown publicly."),
    )
    consent = _consent()

    not_stored = (*GuardedFormMixin.guard_fields, "consent")

    class Meta:
        model = Petition
        fields = (
            "kind", "title", "reasons", "objectives", "requested_item",
            "name", "agent_cin", "agent_address", "email", "phone", "show_name", *ASSOCIATION_FIELDS,
        )
        labels = _TEXT_LABELS | {
            "name": _("Your full name"),
            "email": _("E-mail address"),
            "association_name": _("Name of the association"),
            "association_declared_on": _("Date of the association's declaration"),
            "association_seat": _("Address of its seat or branch in the commune"),
            "association_seat_in_commune": _("The association has its seat or a branch in the commune"),
            "association_statutes": _("Statutes of the association"),
            "association_deposit_receipt": _("Receipt of the declaration (deposit receipt)"),
            "association_mandate": _("Your mandate to represent the association"),
            "association_seat_proof": _("Proof of the seat or branch"),
        }
        help_texts = _TEXT_HELP | {
            "name": _("As written on your national identity card."),
            "email": _("Your reference and the private link to manage the petition are sent to this address."),
            "association_declared_on": _("Article 124: the association must have been constituted more than three "
                                         "years ago."),
            "association_statutes": DOCUMENT_HELP,
            "association_deposit_receipt": DOCUMENT_HELP,
            "association_mandate": DOCUMENT_HELP,
            "association_seat_proof": DOCUMENT_HELP,
        }
        widgets = _TEXT_WIDGETS | {
            "name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            "association_name": forms.TextInput(attrs={"dir": "auto"}),
            "association_declared_on": forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"),
            "association_seat": forms.TextInput(attrs={"dir": "auto"}),
        }
        field_classes = dict.fromkeys(DOCUMENT_FIELDS, DocumentField)

    def __init__(self, *args, kind=PetitionKind.CITIZENS, **kwargs):
        kwargs.setdefault("initial", {})["kind"] = kind
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == PetitionKind.ASSOCIATION:
            for name in ("association_name", "association_declared_on", "association_seat",
                         "association_seat_in_commune", *DOCUMENT_FIELDS):
                self.fields[name].required = True
            # the same words as rules.association_errors (art. 124)
            self.fields["association_seat_in_commune"].error_messages["required"] = _(
                "The association must have its seat or a branch in the commune.")
            self.fields["association_mandate"].error_messages["required"] = _(
                "Attach the mandate of the association's representative.")
        else:
            for name in ASSOCIATION_FIELDS:
                del self.fields[name]

    def clean_kind(self):
        # the view chose the kind (and so the fields) before binding: the form keeps to it
        return self.kind

    def clean(self):
        cleaned = super().clean()
        if self.kind == PetitionKind.ASSOCIATION:
            errors = rules.association_errors(
                declared_on=cleaned.get("association_declared_on"),
                today=timezone.localdate(),
                seat_in_commune=bool(cleaned.get("association_seat_in_commune")),
                has_mandate=bool(cleaned.get("association_mandate")) or "association_mandate" in self.errors,
            )
            for field, message in errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    @property
    def has_files(self) -> bool:
        return self.kind == PetitionKind.ASSOCIATION

    def petition_data(self) -> dict:
        """The validated values the service stores (no guard fields, no consent)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.not_stored}


class PetitionEditForm(CleanTextFormMixin, forms.ModelForm):
    """What the agent may correct while staff have not opened the petition
    (services.EDITABLE_FIELDS); reached only through the private link."""

    class Meta:
        model = Petition
        fields = EDITABLE_FIELDS
        labels = _TEXT_LABELS
        help_texts = _TEXT_HELP
        widgets = _TEXT_WIDGETS


class SignForm(CleanTextFormMixin, GuardedFormMixin, forms.Form):
    """A signatory in the fields of the legal form (decree 2.16.403, art. 123)."""

    name = forms.CharField(
        label=_("Your full name"), max_length=150,
        help_text=_("As written on your national identity card."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
    )
    cin = CinField(
        label=_("Number of your national identity card (CIN)"),
        help_text=_("The law asks each signatory's CIN number; one signature per CIN. Never shown publicly."),
    )
    basis = forms.ChoiceField(
        label=_("Your link with the commune"), choices=rules.SignatoryBasis.choices, widget=forms.RadioSelect,
        help_text=_("Article 123: signatories live in the commune or carry on an activity there."),
    )
    address = forms.CharField(
        label=_("Your address in the commune"), max_length=300,
        help_text=_("Where you live, or the address of your activity in the commune."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "street-address"}),
    )
    activity = forms.CharField(
        label=_("Your activity in the commune (if you do not live there)"), max_length=200, required=False,
        help_text=_("Required if you sign because of an economic, commercial or professional activity in the commune."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        help_text=_("Your signature counts once you confirm it with the link we send to this address."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    consent = _consent()

    field_order = ("name", "cin", "basis", "address", "activity", "email", "consent", "website", "captcha")

    def clean(self):
        cleaned = super().clean()
        if {"cin", "basis", "address"} <= set(cleaned):
            errors = rules.signatory_errors(
                cin=cleaned["cin"], basis=cleaned["basis"], address=cleaned["address"], activity=cleaned.get("activity", "")
            )
            for field, message in errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def signature_data(self) -> SignatureData:
        data = self.cleaned_data
        return SignatureData(
            name=data["name"], cin=data["cin"], basis=data["basis"], address=data["address"],
            email=data["email"], activity=data.get("activity", ""),
        )


#: the public list's filter: a group of statuses each (workflow.PUBLIC only)
STATUS_GROUPS = {
    "open": (_("Open for signature"), (S.OPEN,)),
    "filed": (_("Filed, awaiting the bureau's decision"), (S.FILED,)),
    "admissible": (_("Admissible, with a committee"), (S.ADMISSIBLE, S.COMMITTEE)),
    "agenda": (_("On the council's agenda"), (S.SCHEDULED, S.POSTPONED)),
    "decided": (_("Decided by the council"), (S.DECIDED,)),
    "refused": (_("Refused (inadmissible)"), (S.INADMISSIBLE,)),
    "withdrawn": (_("Withdrawn by their agent"), (S.WITHDRAWN,)),
}


class PublicFilterForm(forms.Form):
    """GET filter of the public list; a bad value is a form error, never a server error."""

    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *((key, label) for key, (label, _statuses) in STATUS_GROUPS.items())],
    )

    def filter(self, petitions):
        group = self.cleaned_data.get("status")
        return petitions.filter(status__in=STATUS_GROUPS[group][1]) if group else petitions
