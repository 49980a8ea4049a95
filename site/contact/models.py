"""The contact page: a Wagtail form-builder form guarded by a captcha and a honeypot."""
import copy
import functools
from urllib.parse import urlencode

from django.core import signing
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, EmailFormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from base.models import SearchablePage
from participation.core.antiabuse import GuardedFormMixin, client_ip, hit
from participation.core.idempotency import idempotent
from participation.core.notifications import send_after_commit
from participation.core.spreadsheets import FormulaSafeExportMixin
from participation.core.text import CleanTextFormMixin
from participation.core.views import private_response

#: Fields added to every contact form that are checks, not data to keep.
GUARD_FIELDS = GuardedFormMixin.guard_fields
RATE_SCOPE = "contact"
#: the acknowledgement's link carries the message's reference, signed, for a day
SENT_SALT = "jamaa.contact.sent"
SENT_MAX_AGE = 24 * 3600
MESSAGE_NOTIFICATION = "contact.notifications.ContactMessage"


class GuardedFormBuilder(FormBuilder):
    """Adds the participation core's honeypot and captcha after the editor's fields, and
    cleans text fields as every public form does (participation.core.text)."""

    def get_form_class(self):
        return type("WagtailForm", (CleanTextFormMixin, BaseForm), {**self.formfields, "guard_fields": GUARD_FIELDS})

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

    @idempotent
    def serve(self, request, *args, **kwargs):
        """The form builder's view, with the same per-address rate limit as every public form.
        A message sent is answered by a redirect to its acknowledgement (post/redirect/get),
        which a retried POST gets again (participation.core.idempotency)."""
        if request.method == "GET" and "sent" in request.GET:
            acknowledgement = self.acknowledgement(request)
            if acknowledgement is not None:
                return acknowledgement
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

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        if form_submission is None:  # the editor's preview
            return super().render_landing_page(request, form_submission, *args, **kwargs)
        sent = signing.dumps(form_submission.pk, salt=SENT_SALT)
        return HttpResponseRedirect(f"{self.get_url(request)}?{urlencode({'sent': sent})}")

    def acknowledgement(self, request):
        """The landing page of a message just sent, with its reference; None for a bad link."""
        try:
            pk = signing.loads(request.GET["sent"], salt=SENT_SALT, max_age=SENT_MAX_AGE)
        except signing.BadSignature:
            return None
        submission = self.get_submission_class()(pk=pk, page=self)
        return private_response(super().render_landing_page(request, submission))

    def get_submissions_list_view_class(self):
        """Wagtail's listing of the messages, its CSV export safe from formula injection like
        every export of citizens' input (participation.core.spreadsheets)."""
        return submissions_list_view_class()

    def process_form_submission(self, form):
        """Store the message, then queue its e-mail for after the commit (contact.notifications)
        instead of EmailFormMixin's sending it inside the request's transaction."""
        for name in GUARD_FIELDS:
            form.cleaned_data.pop(name, None)
        submission = super(EmailFormMixin, self).process_form_submission(form)
        if self.to_address:
            send_after_commit([MESSAGE_NOTIFICATION], submission)
        return submission


@functools.cache
def submissions_list_view_class():
    from wagtail.contrib.forms.views import SubmissionsListView

    return type("ContactSubmissionsListView", (FormulaSafeExportMixin, SubmissionsListView), {})
