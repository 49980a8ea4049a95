"""The staff's screen for cleaning up spam in bulk (participation.core.cleanup), under
/admin/participation/cleanup/ in the "Citizen participation" menu.

Two steps, both POSTs (the criteria name addresses: they stay out of URLs and logs): the staff
member chooses the records and the criteria and sees how many of their communes' records match;
then invalidates them. If the records matching changed in between (more spam arrived, a
colleague cleaned up), nothing is done and the new count is shown. A GET only shows the form.
Only staff holding a target's permission see the screen, and only the targets they hold.
"""
import ipaddress
import re

from django import forms
from django.core.validators import DomainNameValidator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Site

from participation.core import cleanup
from participation.core.models import CleanupBatch
from participation.core.viewsets import site_label

URL_NAME = "participation_cleanup:index"
IPV4_START = re.compile(r"(\d{1,3}\.){1,3}")
IPV6_START = re.compile(r"([0-9a-f]{1,4}:){1,7}")


class CleanupForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Records"), widget=forms.RadioSelect)
    ip = forms.CharField(
        label=gettext_lazy("IP address"), required=False, max_length=45,
        help_text=gettext_lazy("One address (203.0.113.7), or the start of one ending with a dot (203.0.113.) "
                               "for a whole network."),
    )
    email_domain = forms.CharField(
        label=gettext_lazy("E-mail domain"), required=False, max_length=253,
        help_text=gettext_lazy("For example spam.example: every address ending with @spam.example."),
    )
    since = forms.DateTimeField(label=gettext_lazy("Sent from"), required=False, widget=AdminDateTimeInput)
    until = forms.DateTimeField(label=gettext_lazy("Sent until"), required=False, widget=AdminDateTimeInput)
    parent = forms.ChoiceField(
        label=gettext_lazy("Only the records of"), required=False,
        help_text=gettext_lazy("Optional: one petition's signatures only."),
    )
    #: the count shown by the preview, checked again when the staff member applies
    expected = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, targets, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {target.key: target for target in targets}
        self.fields["target"].choices = [(target.key, target.label) for target in targets]
        if len(targets) == 1:
            self.fields["target"].initial = targets[0].key
        groups = []
        for target in targets:
            parents = target.parents(user)
            if parents is not None:
                groups.append((target.label, [(f"{target.key}:{p.pk}", parent_label(p)) for p in parents.order_by("-pk")[:500]]))
        if groups:
            self.fields["parent"].choices = [("", _("All")), *groups]
        else:
            del self.fields["parent"]

    def clean_ip(self):
        value = self.cleaned_data["ip"].strip().lower()
        if not value:
            return ""
        try:
            return ipaddress.ip_address(value).compressed
        except ValueError:
            pass
        start = value if value.endswith((".", ":")) else value + "."
        if IPV4_START.fullmatch(start) and all(int(n) <= 255 for n in start.split(".")[:-1]):
            return start
        if IPV6_START.fullmatch(value if value.endswith(":") else value + ":"):
            return value if value.endswith(":") else value + ":"
        raise forms.ValidationError(_("Enter an IP address, or the start of one ending with a dot, e.g. 203.0.113."))

    def clean_email_domain(self):
        value = self.cleaned_data["email_domain"].strip().lower().removeprefix("@")
        if value:
            DomainNameValidator(message=_("Enter a domain name, e.g. spam.example."))(value)
        return value

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        parent = data.get("parent") or ""
        data["parent_pk"] = None
        if parent:
            key, _sep, pk = parent.rpartition(":")
            if key != data.get("target"):
                self.add_error("parent", _("This record does not belong to the kind of records chosen."))
            else:
                data["parent_pk"] = int(pk)
        if not (data.get("ip") or data.get("email_domain") or data["parent_pk"] or (since and until)):
            raise forms.ValidationError(_(
                "Give at least an IP address, an e-mail domain, one petition, or a period with its start and end: "
                "the cleanup never takes every record."
            ))
        return data

    def chosen_target(self) -> cleanup.CleanupTarget:
        return self.targets[self.cleaned_data["target"]]

    def criteria(self) -> cleanup.Criteria:
        data = self.cleaned_data
        return cleanup.Criteria(ip=data["ip"], email_domain=data["email_domain"], since=data.get("since"),
                                until=data.get("until"), parent=data["parent_pk"])


def parent_label(record) -> str:
    title = getattr(record, "title", "")
    return f"{record} – {title[:80]}" if title else str(record)


class CleanupView(WagtailAdminTemplateMixin, View):
    template_name = "participation_core/admin/cleanup.html"
    page_title = gettext_lazy("Clean up spam")
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        self.targets = cleanup.targets_for(request.user)
        if not self.targets:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, *, status=200, preview=None):
        labels = {target.key: target.label for target in cleanup.targets()}
        batches = list(CleanupBatch.objects.filter(user=self.request.user)[:10])
        for batch in batches:
            batch.label = labels.get(batch.target, batch.target)
        context = self.get_context_data(form=form, preview=preview, batches=batches)
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(CleanupForm(targets=self.targets, user=request.user))

    def post(self, request):
        form = CleanupForm(request.POST, targets=self.targets, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        target, criteria = form.chosen_target(), form.criteria()
        if "apply" in request.POST and form.cleaned_data.get("expected") is not None:
            batch = cleanup.apply(target, request.user, criteria, expected=form.cleaned_data["expected"])
            if batch is not None:
                messages.success(request, _("%(invalidated)s of %(matched)s records invalidated (%(records)s).") % {
                    "invalidated": batch.invalidated, "matched": batch.matched, "records": target.label,
                })
                return redirect(URL_NAME)
            messages.warning(request, _("The matching records changed since you looked: check the new count."))
        matching = target.matching(request.user, criteria)
        count = matching.count()
        names = {site.pk: site_label(site) for site in Site.objects.all()}
        by_commune = [(names.get(site_id, "—"), n) for site_id, n in target.counts_by_commune(matching)]
        data = form.data.copy()
        data["expected"] = count
        form = CleanupForm(data, targets=self.targets, user=request.user)
        form.is_valid()
        return self.render(form, preview={"count": count, "by_commune": by_commune, "target": target})


class CleanupMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(cleanup.targets_for(request.user))


class CleanupViewSet(ViewSet):
    """The screen in the participation menu group (participation.core.wagtail_hooks)."""

    name = "participation_cleanup"
    url_prefix = "participation/cleanup"
    icon = "bin"
    menu_label = gettext_lazy("Clean up spam")

    @cached_property
    def menu_item_class(self):
        return CleanupMenuItem

    @cached_property
    def menu_url(self):
        return reverse(URL_NAME)

    def get_urlpatterns(self):
        return [path("", CleanupView.as_view(), name="index")]
