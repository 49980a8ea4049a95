"""The admin pages of two-step verification (participation.core.two_factor): the code asked
after the password (or a backup code), a staff member's own settings (enrol an authenticator
app and receive backup codes, replace the backup codes, turn it off) and the superusers'
recovery page (remove a staff member's lost device). Mounted under /admin/two-factor/ by
wagtail_hooks; the rules live in two_factor. The codes typed are kept out of error reports
(sensitive_post_parameters)."""
import django_otp
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from participation.core import two_factor

TEMPLATES = "participation_core/two_factor/"
SENSITIVE_FIELDS = ("token", "backup_code")


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or len(token) not in (6, 8):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."))
        return token


class BackupCodeForm(forms.Form):
    """One of the backup codes, typed as printed or not (case, spaces and dashes do not matter)."""

    backup_code = forms.CharField(
        label=gettext_lazy("Backup code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false", "dir": "ltr"}),
    )

    def clean_backup_code(self):
        code = two_factor.normalize_backup_code(self.cleaned_data["backup_code"])
        if not code.isalnum() or not code.isascii():
            raise forms.ValidationError(_("This backup code is not valid. Enter one of your unused backup codes."))
        return code


def next_url(request) -> str:
    """Where to go once done: the page first asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("wagtailadmin_home")


@method_decorator(sensitive_post_parameters(*SENSITIVE_FIELDS), name="dispatch")
class VerifyView(View):
    """The code asked after the password, before any other page (TwoFactorMiddleware): the
    app's code, or one of the backup codes when the phone is not at hand."""

    template_name = TEMPLATES + "verify.html"

    def dispatch(self, request, *args, **kwargs):
        self.device = two_factor.device_of(request.user)
        if self.device is None or request.user.is_verified():
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form=None, backup_form=None, status=200):
        form = form or CodeForm()
        if backup_form is not None:  # the backup code was the one tried: the cursor goes back to it
            form.fields["token"].widget.attrs.pop("autofocus", None)
            backup_form.fields["backup_code"].widget.attrs["autofocus"] = True
        context = {
            "form": form,
            "backup_form": backup_form or BackupCodeForm(),
            "backup_open": backup_form is not None,  # the backup code was the one tried: keep its part open
            "next": next_url(self.request),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render()

    def post(self, request):
        if "backup_code" in request.POST:
            return self.post_backup_code(request)
        form = CodeForm(request.POST)
        if form.is_valid():
            allowed, _details = self.device.verify_is_allowed()
            device = django_otp.verify_token(request.user, self.device.persistent_id, form.cleaned_data["token"]) if allowed else None
            if device is not None:
                django_otp.login(request, device)
                request.session.cycle_key()  # a new session id for the now fully signed-in session
                return redirect(next_url(request))
            form.add_error("token", _("Too many wrong codes: wait a minute, then enter the code your app shows now.")
                           if not allowed else _("This code is not valid. Enter the code your app shows now."))
        return self.render(form, status=400)

    def post_backup_code(self, request):
        """A backup code instead of the app's code: accepted once (django-otp deletes it as it
        verifies it, in a transaction, so two sessions cannot both use it); wrong codes make
        the next try wait longer (OTP_STATIC_THROTTLE_FACTOR)."""
        form = BackupCodeForm(request.POST)
        if form.is_valid():
            backup = two_factor.backup_device_of(request.user)
            allowed = backup is None or backup.verify_is_allowed()[0]
            device = None
            if backup is not None and allowed:
                device = django_otp.verify_token(request.user, backup.persistent_id, form.cleaned_data["backup_code"])
            if device is not None:
                django_otp.login(request, device)
                request.session.cycle_key()
                left = two_factor.backup_code_used(request.user, device)
                messages.warning(request, ngettext(
                    "You signed in with a backup code, which cannot be used again: %(count)d backup code is left.",
                    "You signed in with a backup code, which cannot be used again: %(count)d backup codes are left.",
                    left,
                ) % {"count": left})
                return redirect(next_url(request))
            form.add_error("backup_code", _("Too many wrong codes: wait a minute, then enter one of your unused backup codes.")
                           if not allowed else _("This backup code is not valid. Enter one of your unused backup codes."))
        return self.render(backup_form=form, status=400)


@method_decorator(sensitive_post_parameters(*SENSITIVE_FIELDS), name="dispatch")
class TwoFactorSettingsView(WagtailAdminTemplateMixin, View):
    """A staff member's own page: enrol an authenticator app (scan or type the secret, confirm
    one code, receive the backup codes), replace the backup codes or, when the commune does
    not require it, turn it off with a current code."""

    template_name = TEMPLATES + "settings.html"
    codes_template_name = TEMPLATES + "backup_codes.html"
    REPLACE_CODES = "replace_backup_codes"  # the POST of the "new backup codes" button
    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"

    @cached_property
    def device(self):
        return two_factor.device_of(self.request.user)

    def secret(self) -> str:
        """The key being enrolled, kept in the session until a code confirms it."""
        session = self.request.session
        if not session.get(two_factor.SECRET_SESSION_KEY):
            session[two_factor.SECRET_SESSION_KEY] = two_factor.new_secret()
        return session[two_factor.SECRET_SESSION_KEY]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, form, status=200):
        context = self.get_context_data(
            form=form, device=self.device, required=two_factor.is_required(), next=next_url(self.request),
            replace_codes=self.REPLACE_CODES,
            codes_left=two_factor.backup_codes_left(self.request.user) if self.device else 0,
        )
        if self.device is None:
            key = self.secret()
            url = two_factor.config_url(self.request.user, key)
            context.update(secret=two_factor.base32_of(key), config_url=url, qr_code=two_factor.qr_code_data_uri(url))
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def render_codes(self, codes, *, enrolled, next_page):
        """The new backup codes, on this page only: they are not stored in a readable place
        anywhere else for the staff member (a reload of this POST does not show them again)."""
        context = self.get_context_data(codes=codes, enrolled=enrolled, next=next_page)
        return TemplateResponse(self.request, self.codes_template_name, context)

    def get(self, request):
        return self.render(CodeForm())

    def post(self, request):
        if self.REPLACE_CODES in request.POST:
            if self.device is None:
                return redirect(two_factor.SETTINGS_URL_NAME)
            codes = two_factor.new_backup_codes(request.user)
            return self.render_codes(codes, enrolled=False, next_page=reverse(two_factor.SETTINGS_URL_NAME))
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        token = form.cleaned_data["token"]
        if self.device is None:
            key = self.secret()
            step = two_factor.matching_step(key, token)
            if step is None:
                form.add_error("token", _("This code is not valid. Check the time of your phone and enter the code it shows now."))
                return self.render(form, status=400)
            device = two_factor.enrol(request.user, key, step)
            codes = two_factor.new_backup_codes(request.user)
            del request.session[two_factor.SECRET_SESSION_KEY]
            django_otp.login(request, device)
            request.session.cycle_key()
            messages.success(request, _("Two-step verification is on: each sign-in will now ask for a code from your app."))
            return self.render_codes(codes, enrolled=True, next_page=next_url(request))
        if two_factor.is_required():
            raise PermissionDenied
        if not django_otp.verify_token(request.user, self.device.persistent_id, token):
            form.add_error("token", _("This code is not valid. Enter the code your app shows now."))
            return self.render(form, status=400)
        two_factor.remove(request.user, by=request.user)
        messages.success(request, _("Two-step verification is off for your account."))
        return redirect("wagtailadmin_account")


class StaffDevicesView(WagtailAdminTemplateMixin, View):
    """Superusers: the staff members who use two-step verification, and the recovery of one
    who lost their phone (their device is removed, the removal logged; they enrol again)."""

    template_name = TEMPLATES + "staff.html"
    page_title = gettext_lazy("Two-step verification of staff")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        devices = TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__username")
        context = self.get_context_data(devices=devices, required=two_factor.is_required())
        return TemplateResponse(request, self.template_name, context)


class RemoveStaffDeviceView(StaffDevicesView):
    """POST only: a superuser removes one staff member's device (logged in two_factor.remove)."""

    http_method_names = ["post"]

    def post(self, request, user_id):
        user = get_object_or_404(get_user_model(), pk=user_id)
        if two_factor.remove(user, by=request.user):
            name = {"name": user.get_username()}
            if two_factor.is_required():
                messages.success(request, _("The device of %(name)s is removed: they will enrol again at their next sign-in.") % name)
            else:
                messages.success(request, _("The device of %(name)s is removed: they now sign in with their password only.") % name)
        return redirect(two_factor.STAFF_URL_NAME)
