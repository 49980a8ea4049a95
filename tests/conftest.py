"""Shared fixtures: the two demo communes, loaded once and reloaded only if a
transactional test has flushed the database."""
import pytest
from django.core.management import call_command

HOST_A = "127.0.0.1"
HOST_B = "localhost"


def _demo_present():
    from wagtail.models import Site

    return Site.objects.filter(hostname__in=[HOST_A, HOST_B]).count() == 2


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture
def demo(_demo_loaded, db):
    """Both demo communes, as `demo.site_a` / `demo.site_b`."""
    from wagtail.models import Site

    if not _demo_present():
        call_command("load_demo", verbosity=0)

    class Demo:
        site_a = Site.objects.get(hostname=HOST_A)
        site_b = Site.objects.get(hostname=HOST_B)

    return Demo


@pytest.fixture
def client_a():
    """A test client visiting commune A (by host name)."""
    from django.test import Client

    return Client(HTTP_HOST=HOST_A)


@pytest.fixture
def client_b():
    """A test client visiting commune B (by host name)."""
    from django.test import Client

    return Client(HTTP_HOST=HOST_B)


def pytest_terminal_summary(terminalreporter):
    """How many hostile inputs each form was sent (tests/support/hostile.py), when any was."""
    import sys

    hostile = sys.modules.get("tests.support.hostile")
    lines = hostile.summary() if hostile else []
    if lines:
        terminalreporter.section("hostile input")
        for line in lines:
            terminalreporter.write_line(line)
