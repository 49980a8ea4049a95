from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from base.blocks import ContentStreamBlock
from base.models import SearchablePage


class StandardPage(SearchablePage):
    """Any page of content, built from the shared block catalogue."""

    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = SearchablePage.content_panels + [FieldPanel("body")]
    search_text_fields = ("body",)

    class Meta:
        verbose_name = _("standard page")
