"""Background tasks of the core (django-tasks: immediate in dev and tests, the
database queue and `manage.py db_worker` in production)."""
from django.apps import apps
from django_tasks import task


@task()
def send_notification(path: str, app_label: str, model_name: str, pk: int) -> bool:
    from participation.core.notifications import deliver

    record = apps.get_model(app_label, model_name)._default_manager.filter(pk=pk).first()
    return deliver(path, record) if record is not None else False
