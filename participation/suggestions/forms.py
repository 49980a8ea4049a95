"""Forms of the suggestions box's public pages: submitting, filtering the public
list and supporting a published suggestion. Every public form carries the core's
guards (captcha and honeypot, participation.core.antiabuse)."""
from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant

from participation.core.antiabuse import GuardedFormMixin
from participation.core.photos import clean_photo
from participation.core.text import CleanTextFormMixin
from participation.suggestions.models import TEXT_MAX, Suggestion, SuggestionCategory
from participation.suggestions.workflow import SuggestionStatus

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ().-]{5,28}$", _("Enter a phone number with digits only, for example 0612345678 or +212 612 345 678.")
)


def localized_categories(site):
    """The commune's categories in the active language; an Arabic (default
    locale) category stands in for each one not translated yet. One query."""
    active = get_supported_content_language_variant(get_language())
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    categories = SuggestionCategory.objects.filter(site=site)
    if active == default:
        return categories.filter(locale__language_code=default).order_by("name")
    translated = categories.filter(locale__language_code=active).values("translation_key")
    in_active = Q(locale__language_code=active)
    untranslated = Q(locale__language_code=default) & ~Q(translation_key__in=translated)
    return categories.filter(in_active | untranslated).order_by("name")


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SuggestionForm(CleanTextFormMixin, GuardedFormMixin, forms.ModelForm):
    """What a citizen fills in. Guard fields and the consent are checks, not data:
    `suggestion_data()` leaves them out of what the service stores."""

    category = CategoryChoiceField(
        label=_("Subject"),
        queryset=SuggestionCategory.objects.none(),
        empty_label=_("Choose a subject"),
        help_text=_("The field of the commune's work your message is about."),
    )
    text = forms.CharField(
        label=_("Your message"),
        max_length=TEXT_MAX,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": TEXT_MAX, "dir": "auto"}),
        help_text=_("Describe the situation and what you propose, in at most 5,000 characters. "
                    "Do not write personal information about other people."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB. Its location and other hidden data are removed."),
    )
    consent = forms.BooleanField(
        label=_("I have read the information notice on personal data above"),
        error_messages={"required": _("Please confirm that you have read the information notice on personal data.")},
    )

    #: fields that are checks, not data to store
    not_stored = (*GuardedFormMixin.guard_fields, "consent")

    class Meta:
        model = Suggestion
        fields = ("kind", "category", "title", "text", "neighbourhood", "photo", "name", "email", "phone", "show_name")
        labels = {
            "kind": _("What are you sending?"),
            "title": _("Title"),
            "neighbourhood": _("Neighbourhood or place (optional)"),
            "name": _("Full name"),
            "email": _("E-mail address"),
            "phone": _("Phone number (optional)"),
            "show_name": _("My name may be shown with my message if the commune publishes it"),
        }
        help_texts = {
            "kind": _("A suggestion proposes an improvement; a remark comments on a service; "
                      "a report points out a problem to fix."),
            "title": _("A short summary, for example “Street light out in Al Amal street”."),
            "neighbourhood": _("Where it is: a neighbourhood, a street, a douar or a landmark."),
            "name": _("Not shown publicly unless you allow it below."),
            "email": _("Your reference and the private follow-up link are sent to this address."),
            "phone": _("Only if you agree that the commune's services call you about this message."),
            "show_name": _("Your e-mail address and phone number are never shown."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "neighbourhood": forms.TextInput(attrs={"dir": "auto"}),
            "name": forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = localized_categories(site)
        self.fields["phone"].validators.append(phone_validator)
        self.fields["title"].widget.attrs["minlength"] = 5  # the model validates it too
        self.fields["text"].widget.attrs["minlength"] = 10

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return clean_photo(upload)

    def suggestion_data(self) -> dict:
        """The validated values the service stores (no guard fields, no consent, no empty photo)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.not_stored}
        if not data.get("photo"):
            data.pop("photo", None)
        return data


class SupportForm(GuardedFormMixin, forms.Form):
    """Support a published suggestion: one support per verified e-mail."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm your support. Your address is never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )

    field_order = ("email", "website", "captcha")


class PublicFilterForm(forms.Form):
    """GET filters of the public list; works without JavaScript. A bad value is a
    form error, never a server error."""

    category = forms.ChoiceField(label=_("Subject"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood"), required=False)

    def __init__(self, data, *, categories, neighbourhoods):
        super().__init__(data)
        self.categories = {str(c.pk): c for c in categories}
        self.fields["category"].choices = [("", _("All subjects")), *((str(c.pk), c.name) for c in categories)]
        self.fields["status"].choices = [("", _("All statuses")), *public_status_choices()]
        self.fields["neighbourhood"].choices = [("", _("All neighbourhoods")), *((n, n) for n in neighbourhoods)]

    def filter(self, suggestions):
        """`suggestions` narrowed by the valid filters."""
        data = self.cleaned_data
        if data.get("category"):
            suggestions = suggestions.filter(category__translation_key=self.categories[data["category"]].translation_key)
        if data.get("status"):
            suggestions = suggestions.filter(status=data["status"])
        if data.get("neighbourhood"):
            suggestions = suggestions.filter(neighbourhood=data["neighbourhood"])
        return suggestions


def public_status_choices():
    """Statuses a published suggestion can have (forward and answer publish it; close keeps it)."""
    public = (SuggestionStatus.FORWARDED, SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED)
    return [(value, label) for value, label in SuggestionStatus.choices if value in public]
