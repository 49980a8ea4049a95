"""Registrations under concurrency, on PostgreSQL: many people register for the last places
of a meeting at the same moment, some of them twice with the same e-mail in another case,
while others cancel. The meeting's row lock (services.register / services.cancel) and the
database constraint must never let the meeting go over capacity, and keep exactly one
active registration per e-mail. SQLite serialises every writer: skipped there."""
import os
import threading

import pytest
from django.db import connection

from participation.meetings import services
from participation.meetings.models import Registration
from participation.meetings.services import RegistrationRefused
from participation.meetings.workflow import HOLDS_A_PLACE
from tests.participation.meetings.conftest import make_meeting, registration_data

THREADS = 12

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql", "psql")),
    reason="concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…); SQLite locks the whole "
    "database for each writer, so threads there cannot race",
)

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True)]


def run_threads(tasks, work, threads=THREADS):
    barrier = threading.Barrier(threads)
    queue, lock, results, errors = list(tasks), threading.Lock(), [], []

    def runner():
        try:
            barrier.wait(timeout=30)
            while True:
                with lock:
                    if not queue:
                        return
                    task = queue.pop()
                try:
                    outcome = work(task)
                except RegistrationRefused as refused:
                    outcome = refused
                except BaseException as error:  # noqa: BLE001 - reported by the test
                    errors.append((task, error))
                    continue
                with lock:
                    results.append((task, outcome))
        finally:
            connection.close()

    pool = [threading.Thread(target=runner) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in pool), "a thread is stuck (deadlock?)"
    return results, errors


def test_never_over_capacity_and_one_registration_per_e_mail(demo):
    from tests.participation.meetings.conftest import index_of

    meeting = make_meeting(index_of(demo.site_a), capacity=5)
    services.register(meeting, registration_data(0))  # four places left
    # 40 people, each trying twice (the second time with the e-mail in capitals)
    tasks = [registration_data(n) for n in range(1, 41)]
    tasks += [registration_data(n, email=f"PARTICIPANT{n}@EXAMPLE.MA") for n in range(1, 41)]
    results, errors = run_threads(tasks, lambda data: services.register(meeting, data))
    assert not errors, errors[:3]
    registrations = Registration.objects.filter(meeting=meeting)
    assert registrations.filter(status__in=HOLDS_A_PLACE).count() == 5
    assert registrations.count() == 41
    emails = [e.lower() for e in registrations.values_list("email", flat=True)]
    assert len(emails) == len(set(emails))
    refused = [outcome for _task, outcome in results if isinstance(outcome, RegistrationRefused)]
    assert len(refused) == 40


def test_cancellations_and_registrations_together_never_exceed_capacity(demo):
    from tests.participation.meetings.conftest import index_of

    meeting = make_meeting(index_of(demo.site_a), capacity=3)
    holders = [services.register(meeting, registration_data(n)) for n in range(1, 4)]
    waiting = [services.register(meeting, registration_data(n)) for n in range(4, 8)]
    assert {w.status for w in waiting} == {"waiting"}
    tasks = [("cancel", h) for h in holders] + [("register", registration_data(n)) for n in range(8, 20)]

    def work(task):
        kind, value = task
        return services.cancel(value) if kind == "cancel" else services.register(meeting, value)

    _results, errors = run_threads(tasks, work)
    assert not errors, errors[:3]
    registrations = Registration.objects.filter(meeting=meeting)
    assert registrations.filter(status__in=HOLDS_A_PLACE).count() == 3
    # the three freed places went to the first three on the waiting list, in order
    promoted = set(registrations.filter(status="registered").values_list("email", flat=True))
    assert promoted == {w.email for w in waiting[:3]}
