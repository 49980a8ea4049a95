"""The contact page: a Wagtail form-builder form guarded by a captcha and a honeypot."""
from captcha.fields import CaptchaField
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from base.models import SearchablePage

#: Fields added to every contact form that are checks, not data to keep.
GUARD_FIELDS = ("website", "captcha")


def _honeypot_must_be_empty(value):
    if value:
        raise forms.ValidationError(_("Your message could not be sent. Please try again."))


class GuardedFormBuilder(FormBuilder):
    """Adds a hidden honeypot (robots fill it) and a captcha after the editor's fields."""

    @property
    def formfields(self):
        fields = super().formfields
        fields["website"] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            validators=[_honeypot_must_be_empty],
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        fields["captcha"] = CaptchaField(label=_("Type the characters shown in the image"))
        return fields


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm, SearchablePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "italic", "link"])
    form_builder = GuardedFormBuilder

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    search_text_fields = ("intro",)

    class Meta:
        verbose_name = _("contact page")

    def process_form_submission(self, form):
        for name in GUARD_FIELDS:
            form.cleaned_data.pop(name, None)
        return super().process_form_submission(form)
