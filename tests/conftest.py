"""Shared fixtures: the demo communes loaded once per test database."""
import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """Both demo communes, loaded once for the session (the command is idempotent)."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
