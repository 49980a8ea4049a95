"""Telling staff about new submissions: at once, in a daily digest, or not at all,
as each staff member chooses in their account settings.

Recipients are the active staff who may view the plugin's records (its
`view_<model>` permission) in the record's commune (scoping), so a commune's
officers hear only of their own commune.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from participation.core import scoping
from participation.core.models import NotificationFrequency, StaffNotificationPreference


def staff_with(permission: str):
    """Active staff (superusers left out: they hold every permission but handle no commune's
    mail) with an e-mail address who hold `permission` ("app_label.codename")."""
    app_label, codename = permission.split(".")
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model().objects.filter(is_active=True, is_superuser=False).exclude(email="")
        .filter(Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions)).distinct().order_by("pk")
    )


def _viewers(model):
    return staff_with(f"{model._meta.app_label}.view_{model._meta.model_name}")


def holders_of(permission: str, record) -> list[str]:
    """E-mails of the active staff of the record's commune who hold `permission` ("app_label.codename")."""
    return [user.email for user in staff_with(permission) if scoping.can_act_on(user, record)]


def frequency_of(user) -> str:
    preference = StaffNotificationPreference.objects.filter(user=user).first()
    return preference.frequency if preference else NotificationFrequency.IMMEDIATE


def staff_recipients(record, frequency: str = NotificationFrequency.IMMEDIATE) -> list[str]:
    """E-mails of the staff of the record's commune who chose `frequency`."""
    return [
        user.email
        for user in _viewers(type(record))
        if scoping.can_act_on(user, record) and frequency_of(user) == frequency
    ]


def digest_for(user, since, submission_models) -> list:
    """New records since `since`, of the communes the user works for, that they may view."""
    records = []
    for model in submission_models:
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        queryset = model._default_manager.filter(created_at__gte=since).select_related("site").order_by("created_at")
        records.extend(scoping.scope(queryset, user))
    return records
