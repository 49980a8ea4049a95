"""The suggestions box: the page citizens submit on, categories, suggestions,
their history, internal notes and public supports."""
from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin

from participation.core.models import ContactMixin, StatusEntry, Submission
from participation.core.search import FoldedSearchMixin
from participation.suggestions.views import SuggestionBoxRoutes
from participation.suggestions.workflow import SuggestionStatus, workflow

TITLE_MAX = 150
TEXT_MAX = 5000


class SuggestionKind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    REMARK = "remark", _("Remark")
    REPORT = "report", _("Report of a problem")


class SuggestionCategory(TranslatableMixin, models.Model):
    """Managed by staff per commune; translatable with wagtail-localize."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=250, blank=True)

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("suggestion category")
        verbose_name_plural = _("suggestion categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SuggestionBoxPage(FoldedSearchMixin, SuggestionBoxRoutes, RoutablePageMixin, Page):
    """Placed by editors anywhere in a commune's tree; its routes (list, form,
    receipt, follow-up, support) are in views.py."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    thanks = RichTextField(_("text after submitting"), blank=True, features=["bold", "italic", "link"])

    search_text_fields = ("intro",)  # public, like the title and the search description
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("thanks")]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("suggestions box")


class Suggestion(ContactMixin, Submission):
    page = models.ForeignKey(
        SuggestionBoxPage, verbose_name=_("suggestions box"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=SuggestionKind.choices, default=SuggestionKind.SUGGESTION)
    category = models.ForeignKey(SuggestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=TITLE_MAX, validators=[MinLengthValidator(5)])
    text = models.TextField(_("text"), validators=[MinLengthValidator(10), MaxLengthValidator(TEXT_MAX)])
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True)
    photo = models.ImageField(_("photo"), upload_to="suggestions/%Y/%m/", blank=True)
    department = models.ForeignKey(
        "participation_core.Department", verbose_name=_("assigned service"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)

    workflow = workflow
    reference_prefix = "SUG"

    class Meta(Submission.Meta):
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        permissions = [
            ("review_suggestion", _("Can take a suggestion under review")),
            ("answer_suggestion", _("Can answer a suggestion publicly")),
            ("reject_suggestion", _("Can reject or close a suggestion")),
            ("merge_suggestion", _("Can merge duplicate suggestions")),
            ("export_suggestion", _("Can export suggestions")),
            ("cleanup_suggestions", _("Can reject suggestions in bulk (spam)")),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in (SuggestionStatus.RECEIVED, SuggestionStatus.REVIEW, SuggestionStatus.FORWARDED)


class SuggestionStatusEntry(StatusEntry):
    submission = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="history")


class SuggestionNote(models.Model):
    """Internal note: staff only, never shown to the citizen or the public."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), validators=[MaxLengthValidator(TEXT_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class SuggestionSupport(models.Model):
    """One support per verified e-mail and published suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supports")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, default="ar", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    #: never confirmed: anonymised once the link expired (core.personal_data)
    awaiting_confirmation = models.Q(verified_at__isnull=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suggestion", "email"], name="one_support_per_email")]
