"""Per-commune settings and the mixins every page type of the website shares."""
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from participation.core.search import FoldedSearchMixin

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits, e.g. #0b6e4f.")
)


def colour_field(default: str, label):
    return models.CharField(label, max_length=7, default=default, validators=[colour_validator])


@register_setting(icon="site")
class CommuneSettings(BaseSiteSetting):
    """Identity, legal figures and contacts of one commune (one Wagtail Site)."""

    name_ar = models.CharField(_("name in Arabic"), max_length=150)
    name_fr = models.CharField(_("name in French"), max_length=150, blank=True)
    name_zgh = models.CharField(_("name in Tamazight"), max_length=150, blank=True)
    tagline_ar = models.CharField(_("tagline in Arabic"), max_length=200, blank=True)
    tagline_fr = models.CharField(_("tagline in French"), max_length=200, blank=True)
    tagline_zgh = models.CharField(_("tagline in Tamazight"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    colour_primary = colour_field("#0b5e45", _("primary colour"))
    colour_accent = colour_field("#a4471c", _("accent colour"))
    colour_surface = colour_field("#f6f4ee", _("surface colour"))

    population = models.PositiveIntegerField(_("population"), null=True, blank=True, help_text=_("From the latest census; sets the petition threshold."))
    has_arrondissements = models.BooleanField(_("commune with arrondissements"), default=False)

    address_ar = models.TextField(_("address in Arabic"), blank=True)
    address_fr = models.TextField(_("address in French"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours_ar = models.CharField(_("opening hours in Arabic"), max_length=200, blank=True)
    opening_hours_fr = models.CharField(_("opening hours in French"), max_length=200, blank=True)

    facebook_url = models.URLField(_("Facebook page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    x_url = models.URLField(_("X account"), blank=True)

    cndp_reference = models.CharField(
        _("CNDP receipt reference"), max_length=100, blank=True, help_text=_("Shown in the personal-data notices (law 09-08).")
    )
    information_officer_name = models.CharField(_("information officer"), max_length=150, blank=True)
    information_officer_email = models.EmailField(_("information officer's e-mail"), blank=True)
    information_officer_phone = models.CharField(_("information officer's phone"), max_length=40, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name_ar"),
                FieldPanel("name_fr"),
                FieldPanel("name_zgh"),
                FieldPanel("tagline_ar"),
                FieldPanel("tagline_fr"),
                FieldPanel("tagline_zgh"),
                FieldPanel("logo"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("colour_primary"), FieldPanel("colour_accent"), FieldPanel("colour_surface")], heading=_("Palette")
        ),
        MultiFieldPanel([FieldPanel("population"), FieldPanel("has_arrondissements")], heading=_("Population")),
        MultiFieldPanel(
            [
                FieldPanel("address_ar"),
                FieldPanel("address_fr"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours_ar"),
                FieldPanel("opening_hours_fr"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("facebook_url"), FieldPanel("youtube_url"), FieldPanel("x_url")], heading=_("Social links")),
        MultiFieldPanel(
            [
                FieldPanel("cndp_reference"),
                FieldPanel("information_officer_name"),
                FieldPanel("information_officer_email"),
                FieldPanel("information_officer_phone"),
            ],
            heading=_("Personal data and access to information"),
        ),
    ]

    class Meta:
        verbose_name = _("commune settings")

    def __str__(self):
        return self.name

    def _in_language(self, field: str) -> str:
        """`<field>_<active language>`, or the Arabic value when that one is empty."""
        return getattr(self, f"{field}_{get_language() or 'ar'}", "") or getattr(self, f"{field}_ar")

    @property
    def name(self) -> str:
        return self._in_language("name")

    @property
    def tagline(self) -> str:
        return self._in_language("tagline")

    @property
    def address(self) -> str:
        return self._in_language("address")

    @property
    def opening_hours(self) -> str:
        return self._in_language("opening_hours")


class SearchablePage(FoldedSearchMixin, Page):
    """Adds a normalised copy of the page's text to the search index.

    Arabic has many spellings of one word (hamza forms, alef maqsura, ta marbuta,
    diacritics, tatweel). We index the folded title and text and fold the query the
    same way (participation.core.search, shared with the plugins' pages), so any
    variant finds the page on every backend. Subclasses list the fields holding their
    text in `search_text_fields`.
    """

    class Meta:
        abstract = True
