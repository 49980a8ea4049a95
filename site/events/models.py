from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField

from base.blocks import ContentStreamBlock
from base.models import SearchablePage
from base.pagination import paginate


class EventIndexPage(SearchablePage):
    """Upcoming events first; past events on request (`?past=1`)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SearchablePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    search_text_fields = ("intro",)

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        show_past = request.GET.get("past") == "1"
        events = EventPage.objects.live().public().child_of(self)
        now = timezone.now()
        events = events.filter(start__lt=now).order_by("-start") if show_past else events.filter(start__gte=now).order_by("start")
        context["show_past"] = show_past
        context["events"] = paginate(request, events)
        return context


class EventPage(SearchablePage):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=250, blank=True)
    intro = models.TextField(_("summary"), max_length=400)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = SearchablePage.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("location"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("intro", "location", "body")

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end must come after the start.")})
