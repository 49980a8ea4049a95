"""Action-plan monitoring: a plan page, its axes, its actions, and what follows each action.

Modelling choices (why):

- **One Wagtail page per plan** (``ActionPlanPage``): staff place the commune's action programme
  (برنامج عمل الجماعة) or its participation action plan where they want in the tree, publish and
  translate its introduction like any page, and the page's routes serve the public dashboard, one
  page per action and the open-data exports (views.py).
- **Axes and actions are Django models scoped to the plan** (not child pages): a plan holds dozens to
  hundreds of actions that staff import from a spreadsheet in one transaction, filter, and update
  several times a year. Models keep the import one bulk insert, the dashboard a handful of aggregate
  queries, and each update one service call (services.py) with its Wagtail log entry (ModelLogEntry)
  — without a page revision per progress change. Each axis and action also carries the commune
  (``site``) so that the core's scoping (participation/core/scoping.py) applies to them as to every
  plugin's records.
- A plan translated into French is the same plan: axes and actions belong to the plan in the site's
  default language (``ActionPlanPage.canonical()``), so both languages show the same figures.
- **Status, progress and amounts spent change only through services.update_action()**, which writes
  a dated public ``ActionUpdate`` and a log entry; the admin's edit form leaves those fields out.
- Amounts are in Moroccan dirhams (MAD), two decimals.
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from participation.action_plan.views import ActionPlanRoutes
from participation.core.search import FoldedSearchMixin

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class PlanKind(models.TextChoices):
    PROGRAMME = "programme", _("Action programme of the commune")
    PARTICIPATION = "participation", _("Participation action plan")
    OTHER = "other", _("Other plan")


class ActionPlanPage(FoldedSearchMixin, ActionPlanRoutes, RoutablePageMixin, Page):
    """One plan, placed by staff; its public dashboard, actions and exports are routes (views.py)."""

    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices, default=PlanKind.PROGRAMME)
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    intro = RichTextField(_("introduction"), blank=True, features=["h3", "bold", "italic", "link", "ul", "ol"])
    adoption = models.CharField(
        _("adoption"), max_length=300, blank=True,
        help_text=_("For example: approved by the council in its ordinary session of ..., deliberation no. ..."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldPanel("first_year"), FieldPanel("last_year"), FieldPanel("intro"), FieldPanel("adoption"),
    ]
    search_text_fields = ("intro",)
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def clean(self):
        super().clean()
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first year.")})

    def canonical(self) -> "ActionPlanPage":
        """The plan in the site's default language, which axes and actions belong to (kept for the
        request: the dashboard asks several times)."""
        cached = self.__dict__.get("_canonical")
        if cached is not None:
            return cached
        default = Locale.get_default()
        original = None
        if self.locale_id != default.pk:
            original = ActionPlanPage.objects.filter(translation_key=self.translation_key, locale=default).first()
        self.__dict__["_canonical"] = original or self
        return self.__dict__["_canonical"]


class Axis(models.Model):
    """A strategic axis (محور) of a plan, e.g. "digital participation"."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+", editable=False)
    plan = models.ForeignKey(ActionPlanPage, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="axes")
    code = models.CharField(_("code"), max_length=20, help_text=_("Short code used in imports, e.g. A1."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["plan", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="participation_action_plan_axis_code")]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def save(self, *args, **kwargs):
        if self.plan_id and not self.site_id:
            self.site_id = self.plan.get_site().pk
        super().save(*args, **kwargs)


class ActionQuerySet(models.QuerySet):
    def overdue(self, today):
        """End date before `today` and neither completed nor cancelled (rules.is_overdue in SQL)."""
        from participation.action_plan import rules

        return self.filter(end_date__lt=today).exclude(status__in=rules.DONE_STATUSES)

    def figures(self, today):
        """(totals, {axis id: totals}) of these actions: one GROUP BY query, whatever their number."""
        from participation.action_plan import rules

        overdue = models.Q(end_date__lt=today) & ~models.Q(status__in=rules.DONE_STATUSES)
        rows = (
            self.order_by().values_list("axis_id", "status")
            .annotate(
                n=models.Count("pk"), progress_sum=models.Sum("progress"), planned=models.Sum("budget_planned"),
                committed=models.Sum("budget_committed"), spent=models.Sum("budget_spent"),
                overdue=models.Count("pk", filter=overdue),
            )
        )
        return rules.aggregate(rows)


class Action(ClusterableModel):
    """One action of a plan. ``status``, ``progress``, ``budget_committed`` and ``budget_spent`` are
    changed by services.update_action() only (a dated public update and a log entry each time)."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+", editable=False)
    plan = models.ForeignKey(ActionPlanPage, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions")
    axis = models.ForeignKey(Axis, verbose_name=_("axis"), on_delete=models.PROTECT, related_name="actions")
    code = models.CharField(_("code"), max_length=20, help_text=_("Unique in the plan, e.g. A1.3."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    service = models.CharField(_("responsible service"), max_length=200, blank=True)
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    neighbourhood = models.CharField(_("neighbourhood or place"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    budget_planned = models.DecimalField(_("planned budget (MAD)"), default=ZERO, validators=[MinValueValidator(ZERO)], **MONEY)
    budget_committed = models.DecimalField(_("committed (MAD)"), default=ZERO, validators=[MinValueValidator(ZERO)], **MONEY)
    budget_spent = models.DecimalField(_("spent (MAD)"), default=ZERO, validators=[MinValueValidator(ZERO)], **MONEY)
    funding_source = models.CharField(_("funding source"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "axis__sort_order", "axis__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="participation_action_plan_action_code"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="participation_action_plan_dates"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="participation_action_plan_progress"),
        ]
        permissions = [
            ("update_action", _("Can update the status, progress and budget of actions")),
            ("import_action", _("Can import action plans from a spreadsheet")),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot come before the start date.")
        if self.axis_id and self.plan_id and self.axis.plan_id != self.plan_id:
            errors["axis"] = _("Choose an axis of this plan.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.plan_id and not self.site_id:
            self.site_id = self.plan.get_site().pk
        super().save(*args, **kwargs)

    def is_overdue(self, today=None) -> bool:
        from participation.action_plan import rules

        return rules.is_overdue(self.end_date, self.status, today)


class ActionUpdate(models.Model):
    """A dated public update of an action. The changed values are stored (not a sentence) so that
    the page shows them in the visitor's language; ``None`` / "" means "unchanged"."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    text = models.TextField(_("text"), blank=True, max_length=3000)
    old_status = models.CharField(_("previous status"), max_length=20, choices=ActionStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=ActionStatus.choices, blank=True)
    old_progress = models.PositiveSmallIntegerField(_("previous progress"), null=True, blank=True)
    new_progress = models.PositiveSmallIntegerField(_("new progress"), null=True, blank=True)
    budget_committed = models.DecimalField(_("committed (MAD)"), null=True, blank=True, **MONEY)
    budget_spent = models.DecimalField(_("spent (MAD)"), null=True, blank=True, **MONEY)
    budget_planned = models.DecimalField(_("planned budget (MAD)"), null=True, blank=True, **MONEY)
    end_date = models.DateField(_("new end date"), null=True, blank=True)
    photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    photo_caption = models.CharField(_("photo description"), max_length=250, blank=True)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.action.code} {self.date}"

    @property
    def status_changed(self) -> bool:
        return bool(self.new_status) and self.new_status != self.old_status

    @property
    def progress_changed(self) -> bool:
        return self.new_progress is not None and self.new_progress != self.old_progress

    def get_new_status_display_text(self) -> str:
        return str(ActionStatus(self.new_status).label) if self.new_status else ""


class ActionIndicator(ClusterableModel):
    """What measures an action, e.g. "lamps replaced": baseline, target, and values per year
    (edited with its values in one admin form; carries the commune for scoping)."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+", editable=False)
    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), null=True, blank=True, max_digits=14, decimal_places=2)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.action_id:
            self.site_id = self.action.site_id
        super().save(*args, **kwargs)


class IndicatorValue(models.Model):
    indicator = ParentalKey(ActionIndicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    target = models.DecimalField(_("target for the year"), null=True, blank=True, max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("actual"), null=True, blank=True, max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("value of the year")
        verbose_name_plural = _("values per year")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="participation_action_plan_indicator_year")]

    panels = [FieldPanel("year"), FieldPanel("target"), FieldPanel("actual")]


class ActionLink(models.Model):
    """What led to the action: a meeting, a consultation, a suggestion — a page of the site or any
    address (like participation.meetings.models.MeetingOutcome)."""

    action = ParentalKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    linked_page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page of the site"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    url = models.URLField(_("or an address"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("linked_page"), FieldPanel("url")]

    class Meta:
        verbose_name = _("origin")
        verbose_name_plural = _("origins (meetings, consultations, suggestions)")
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.linked_page_id and not self.url:
            raise ValidationError({"url": _("Choose a page of the site or give an address.")})

    def link(self, request=None) -> str:
        if self.linked_page_id and self.linked_page is not None and self.linked_page.live:
            return self.linked_page.get_url(request) or ""
        return self.url
