"""Wiring only: the admin menu group of the plugins (with the bulk cleanup of spam), the
register of accesses to personal data, the two-step verification pages and the log actions."""
from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.viewsets.base import ViewSetGroup

from participation.core import two_factor, two_factor_views
from participation.core.access_log_admin import PersonalDataAccessViewSet
from participation.core.apps import plugins, submission_models
from participation.core.cleanup_admin import CleanupViewSet
from participation.core.models import StaffNotificationPreference, SubmissionLogEntry


class ParticipationGroup(ViewSetGroup):
    menu_label = _("Citizen participation")
    menu_icon = "group"
    menu_order = 150

    def __init__(self):
        # dict.fromkeys: a viewset several plugins list (the core's services) is registered once.
        self.items = list(dict.fromkeys(viewset for plugin in plugins() for viewset in plugin.get_viewsets()))
        if any(plugin.get_cleanup_targets() for plugin in plugins()):
            self.items.append(CleanupViewSet())
        super().__init__()


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    if any(plugin.get_viewsets() for plugin in plugins()):
        return ParticipationGroup()
    return []


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = StaffNotificationPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


class NotificationSettingsPanel(BaseSettingsPanel):
    """Account settings: one e-mail per new submission, a daily digest, or none."""

    name = "participation_notifications"
    title = _("Citizen participation e-mails")
    order = 450
    form_class = NotificationSettingsForm

    def is_active(self):
        return any(self.user.has_module_perms(plugin.label) for plugin in plugins())

    def get_form(self):
        instance = StaffNotificationPreference.objects.filter(user=self.user).first()
        instance = instance or StaffNotificationPreference(user=self.user)
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, instance=instance, prefix=self.name)


@hooks.register("register_account_settings_panel")
def register_notification_settings_panel(request, user, profile):
    return NotificationSettingsPanel(request, user, profile)


@hooks.register("register_admin_viewset")
def register_personal_data_access_viewset():
    return PersonalDataAccessViewSet()


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor_views.TwoFactorSettingsView.as_view(), name=two_factor.SETTINGS_URL_NAME),
        path("two-factor/verify/", two_factor_views.VerifyView.as_view(), name=two_factor.VERIFY_URL_NAME),
        path("two-factor/staff/", two_factor_views.StaffDevicesView.as_view(), name=two_factor.STAFF_URL_NAME),
        path("two-factor/staff/<int:user_id>/remove/", two_factor_views.RemoveStaffDeviceView.as_view(),
             name="jamaa_two_factor_remove"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse(two_factor.SETTINGS_URL_NAME),
        "label": _("Two-step verification"),
        "help_text": _("A code from an app on your phone after your password."),
    }


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_two_factor_staff_item():
    return SuperuserMenuItem(
        _("Two-step verification of staff"), reverse(two_factor.STAFF_URL_NAME), icon_name="key", order=950
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for model in submission_models():
        actions.register_model(model, SubmissionLogEntry)
    actions.register_action("participation.submit", _("Submitted by a citizen"), _("Submitted by a citizen"))
    actions.register_action("participation.transition", _("Status changed"), _("Status changed"))
    actions.register_action("participation.note", _("Internal note added"), _("Internal note added"))
    actions.register_action("participation.erase", _("Personal data erased"), _("Personal data erased"))
    actions.register_action("participation.cleanup", _("Spam cleaned up in bulk"), _("Spam cleaned up in bulk"))
    actions.register_action("participation.link_renewed", _("New private link sent to the citizen"),
                            _("New private link sent to the citizen"))
    actions.register_action("jamaa.two_factor.enabled", _("Two-step verification turned on"), _("Two-step verification turned on"))
    actions.register_action("jamaa.two_factor.disabled", _("Two-step verification turned off"), _("Two-step verification turned off"))
    actions.register_action("jamaa.two_factor.removed", _("Two-step verification device removed by a superuser"),
                            _("Two-step verification device removed by a superuser"))
    actions.register_action("jamaa.two_factor.backup_codes_created", _("New two-step verification backup codes created"),
                            _("New two-step verification backup codes created"))
    actions.register_action("jamaa.two_factor.backup_code_used", _("Signed in with a two-step verification backup code"),
                            _("Signed in with a two-step verification backup code"))
