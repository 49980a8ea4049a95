"""The commune council: members with their roles, standing committees, sessions."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from base.models import SearchablePage


class CouncilRole(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    SECRETARY = "secretary", _("Council secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_CHAIR = "committee_chair", _("Committee chair")
    MEMBER = "member", _("Member")


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary session")
    EXTRAORDINARY = "extraordinary", _("Extraordinary session")


class CouncilPage(SearchablePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = SearchablePage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("members", label=_("Members")),
        InlinePanel("committees", label=_("Standing committees")),
        InlinePanel("sessions", label=_("Sessions")),
    ]
    search_text_fields = ("intro",)

    class Meta:
        verbose_name = _("council page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = self.members.select_related("photo").all()
        context["committees"] = self.committees.all()
        context["sessions"] = self.sessions.select_related("minutes").order_by("-date")
        return context


class CouncilMember(Orderable):
    page = ParentalKey(CouncilPage, related_name="members", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    role_detail = models.CharField(_("role detail"), max_length=150, blank=True, help_text=_("e.g. First vice-president, in charge of urbanism"))
    photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("role_detail"), FieldPanel("photo")]

    class Meta(Orderable.Meta):
        verbose_name = _("council member")


class StandingCommittee(Orderable):
    page = ParentalKey(CouncilPage, related_name="committees", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    chair = models.CharField(_("chair"), max_length=150, blank=True)
    remit = models.TextField(_("remit"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("chair"), FieldPanel("remit")]

    class Meta(Orderable.Meta):
        verbose_name = _("standing committee")


class CouncilSession(Orderable):
    page = ParentalKey(CouncilPage, related_name="sessions", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.ORDINARY)
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. February ordinary session"))
    date = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.ForeignKey("wagtaildocs.Document", verbose_name=_("minutes"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("kind"), FieldPanel("title"), FieldPanel("date"), FieldPanel("agenda"), FieldPanel("minutes")]

    class Meta(Orderable.Meta):
        verbose_name = _("council session")
