"""Abstract models every plugin's records build on, and the reference counter.

A plugin's record subclasses ``Submission`` (and ``ContactMixin`` when it holds a
citizen's contact), gets its own ``StatusEntry`` subclass pointing at it, and
declares ``workflow`` and ``reference_prefix``. Override points are documented on
each class.
"""
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry
from wagtail.models.audit_log import ModelLogEntryManager

from participation.core.encrypted import LookupHashField


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


class Submission(models.Model):
    """What a citizen submits: a reference, a status, a private follow-up link.

    Override points:
    - ``workflow`` (class attribute): the plugin's ``participation.core.workflow.Workflow``.
    - ``reference_prefix`` (class attribute): e.g. "SUG", giving SUG-2026-00017.
    - ``status_entry_model`` (class attribute): the concrete StatusEntry subclass.
    - ``private_route`` / ``private_page_fields`` (class attributes): the route of the
      citizen's private page and the fields naming the page that holds it (the first set
      one wins); ``get_followup_url()`` builds its path from them.
    """

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("reference"), max_length=32, editable=False)
    status = models.CharField(_("status"), max_length=32, db_index=True)
    language = models.CharField(
        _("language"), max_length=10, default="ar", editable=False, help_text=_("The citizen's language when submitting; e-mails use it.")
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_public = models.BooleanField(_("published"), default=False, db_index=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True, editable=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    access_token = models.CharField(max_length=64, default=new_access_token, unique=True, editable=False)
    #: how the private link finds its record (participation.core.private_links)
    access_token_hash = LookupHashField(source="access_token", db_index=True)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)

    workflow = None
    reference_prefix = "REF"
    status_entry_model = None
    private_route = "followup"
    private_page_fields: tuple[str, ...] = ("page",)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "reference"], name="%(app_label)s_%(class)s_unique_reference"),
        ]

    def __str__(self):
        return self.reference or str(self.pk)

    def get_status_display(self):
        return self.workflow.label_of(self.status) if self.workflow else self.status

    def get_followup_url(self) -> str:
        """Path of the citizen's private page ("" when its page is gone)."""
        for name in self.private_page_fields:
            page = getattr(self, name, None)
            if page is not None:
                return page.specific.route_path(self.private_route, self.access_token)
        return ""


class StatusEntry(models.Model):
    """One step of a record's history. Concrete subclasses add
    ``submission = models.ForeignKey(<record>, related_name="history")``."""

    from_status = models.CharField(_("from"), max_length=32, blank=True)
    to_status = models.CharField(_("to"), max_length=32)
    action = models.CharField(_("action"), max_length=40)
    at = models.DateTimeField(_("date"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(_("shown to the citizen"), default=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class ContactMixin(models.Model):
    """A citizen's contact. Only staff handling the record ever see it; the
    plugin declares these fields in its AppConfig.personal_data."""

    name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    show_name = models.BooleanField(_("my name may be shown publicly"), default=False)
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def public_name(self) -> str:
        return self.name if self.show_name and not self.erased_at else ""


class ReferenceCounter(models.Model):
    """Last number given per commune, prefix and year (see references.py)."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "prefix", "year"], name="unique_reference_counter")]


class SubmissionReceipt(models.Model):
    """What a public form's POST answered, under its idempotency key, so that a retry of the
    same POST answers the same instead of storing the submission twice
    (participation.core.idempotency). Written in the transaction of the record the POST
    created; deleted by ``manage.py purge_submission_receipts`` once its token has expired."""

    #: sha256 of the commune's host name, the form's path, the token and the rest of the form's content
    key = models.CharField(max_length=64, unique=True)
    status = models.PositiveSmallIntegerField(default=302)
    location = models.CharField(max_length=2000, blank=True)
    #: the flash messages of the first answer: [[level, text, extra tags], ...]
    messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    #: base.page_cache: no page shows a receipt
    affects_pages = False

    def __str__(self):
        return self.key[:12]


class CleanupBatch(models.Model):
    """One bulk cleanup of spam by a staff member (participation.core.cleanup): which records,
    which criteria, how many matched and how many were invalidated. The Wagtail log holds one
    entry for the batch and one per record (written by each plugin's service)."""

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    #: kept when the account is deleted
    username = models.CharField(_("account"), max_length=150, editable=False)
    target = models.CharField(_("records"), max_length=80, editable=False)
    criteria = models.JSONField(_("criteria"), default=dict, editable=False)
    matched = models.PositiveIntegerField(_("matching records"), default=0, editable=False)
    invalidated = models.PositiveIntegerField(_("records invalidated"), default=0, editable=False)

    affects_pages = False  # base.page_cache: the records it changes say so themselves

    class Meta:
        verbose_name = _("bulk cleanup")
        verbose_name_plural = _("bulk cleanups")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.target} {self.at:%Y-%m-%d %H:%M} ({self.invalidated})"


class Department(models.Model):
    """A service of the commune that records can be assigned or forwarded to."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Told when a record is forwarded to this service."))

    class Meta:
        verbose_name = _("commune service")
        verbose_name_plural = _("commune services")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_department_name")]

    def __str__(self):
        return self.name


class NotificationFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("One e-mail for each new submission")
    DAILY = "daily", _("One daily digest")
    OFF = "off", _("No e-mail")


class StaffNotificationPreference(models.Model):
    """How a staff member hears of new submissions in their communes (account settings)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_notifications")
    frequency = models.CharField(
        _("new submissions"), max_length=10, choices=NotificationFrequency.choices, default=NotificationFrequency.IMMEDIATE
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification preference")

    def __str__(self):
        return self.get_frequency_display()


class SubmissionLogEntryManager(ModelLogEntryManager):
    """Log entries of citizens' records carry their commune, so that Wagtail's
    history reports show staff only the entries of the communes they work for."""

    def log_action(self, instance, action, **kwargs):
        kwargs.setdefault("site_id", instance.site_id)
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        """Entries of the records the user may view (`view_<model>`) in their communes.

        Computed here rather than by Wagtail's base manager, whose per-user cache of
        allowed content types is shared by every log model and so mixes them up.
        """
        from participation.core.scoping import scope

        if user.is_superuser:
            return self.all()
        allowed = [
            content_type.pk
            for content_type in ContentType.objects.filter(pk__in=self.values("content_type_id").distinct())
            if user.has_perm(f"{content_type.app_label}.view_{content_type.model}")
        ]
        return scope(self.filter(content_type_id__in=allowed), user)


class SubmissionLogEntry(BaseLogEntry):
    """The Wagtail log of every Submission subclass (registered in wagtail_hooks)."""

    object_id = models.CharField(max_length=255, db_index=True)
    site = models.ForeignKey("wagtailcore.Site", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = SubmissionLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("participation log entry")
        verbose_name_plural = _("participation log entries")


ISLAMIC_HOLIDAY_CHOICES = [
    ("new_year", _("Islamic New Year (1 Muharram)")),
    ("mawlid", _("Mawlid (12 Rabi' al-Awwal)")),
    ("eid_al_fitr", _("Eid al-Fitr (1 Shawwal)")),
    ("eid_al_adha", _("Eid al-Adha (10 Dhu al-Hijja)")),
]


class HolidayOverride(models.Model):
    """Staff confirm or move an Islamic holiday's first day (moon sighting). Without a
    commune it applies to every commune; a commune's own override wins."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("commune"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("Leave empty for every commune (a national announcement)."),
    )
    holiday = models.CharField(_("holiday"), max_length=20, choices=ISLAMIC_HOLIDAY_CHOICES)
    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"))
    first_day = models.DateField(_("first day"), help_text=_("The Gregorian date of the holiday's first day, as announced."))

    class Meta:
        verbose_name = _("Islamic holiday date")
        verbose_name_plural = _("Islamic holiday dates")
        ordering = ["-first_day"]
        constraints = [
            models.UniqueConstraint(fields=["site", "holiday", "hijri_year"], name="unique_holiday_override"),
            models.UniqueConstraint(
                fields=["holiday", "hijri_year"], condition=models.Q(site__isnull=True), name="unique_national_holiday_override"
            ),
        ]

    def __str__(self):
        return f"{self.get_holiday_display()} {self.hijri_year}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from participation.core.calendar import islamic_holiday_start

        super().clean()
        if self.holiday and self.hijri_year and self.first_day:
            try:
                computed = islamic_holiday_start(self.holiday, self.hijri_year)
            except (KeyError, OverflowError, ValueError):
                raise ValidationError({"hijri_year": _("Enter a Hijri year between 1343 and 1500.")})
            if abs((self.first_day - computed).days) > 3:
                raise ValidationError({"first_day": _(
                    "The computed date is %(date)s; an announced date is at most three days away from it."
                ) % {"date": computed.isoformat()}})


class ClosureDay(models.Model):
    """A one-off day the administration does not work (announced by the government)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("commune"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("Leave empty for every commune (a national announcement)."),
    )
    day = models.DateField(_("date"))
    label = models.CharField(_("reason"), max_length=150)

    class Meta:
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["site", "day"], name="unique_closure_day"),
            models.UniqueConstraint(fields=["day"], condition=models.Q(site__isnull=True), name="unique_national_closure_day"),
        ]

    def __str__(self):
        return f"{self.day.isoformat()} {self.label}"


class PersonalDataAccess(models.Model):
    """One time a staff member saw or took away citizens' personal data (law 09-08,
    LEGAL.md §4): who, when, from where, and which record or export — never the data
    itself. Written by participation.core.access_log; read-only in the admin."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        DOWNLOAD = "download", _("Downloaded a document")

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    #: kept when the account is deleted; "manage.py" for the command line
    username = models.CharField(_("account"), max_length=150, editable=False)
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("commune"), null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, db_index=True, editable=False)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    #: the record's reference number (never a person's name, CIN or e-mail address)
    record = models.CharField(_("record"), max_length=64, blank=True, editable=False)
    detail = models.CharField(_("detail"), max_length=100, blank=True, editable=False)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.username} {self.get_action_display()} {self.record}".strip()
