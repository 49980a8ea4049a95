"""The contact page: a Wagtail form-builder form guarded by a captcha and a honeypot."""
import copy

from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from base.models import SearchablePage
from participation.core.antiabuse import GuardedFormMixin, client_ip, hit

#: Fields added to every contact form that are checks, not data to keep.
GUARD_FIELDS = GuardedFormMixin.guard_fields
RATE_SCOPE = "contact"


class GuardedFormBuilder(FormBuilder):
    """Adds the participation core's honeypot and captcha after the editor's fields."""

    @property
    def formfields(self):
        fields = super().formfields
        for name in GUARD_FIELDS:
            fields[name] = copy.deepcopy(GuardedFormMixin.base_fields[name])
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

    def serve(self, request, *args, **kwargs):
        """The form builder's view, with the same per-address rate limit as every public form."""
        if request.method == "POST" and hit(RATE_SCOPE, ip=client_ip(request), email=request.POST.get("email", "")):
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            form.is_valid()
            form.add_error(
                None,
                _("Too many messages were sent from your connection or your e-mail address. "
                  "Nothing was stored: please try again in an hour."),
            )
            return TemplateResponse(request, self.get_template(request), {**self.get_context(request), "form": form})
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        for name in GUARD_FIELDS:
            form.cleaned_data.pop(name, None)
        return super().process_form_submission(form)
