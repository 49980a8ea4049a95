"""Idempotent submissions (participation.core.idempotency): a POST sent again after its answer
was lost — the same bytes, its hidden token included — stores nothing twice and gets the answer
of the first copy; copies racing each other store one record; a token serves one visitor
(each gets their own in a cached page), one form and one content, for a day; a POST without a
token is handled as before. Shown on the suggestions box; the other forms' wiring is tested in
their plugin's tests (test_idempotency.py)."""
import os
import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from participation.core import idempotency
from participation.core.models import SubmissionReceipt
from participation.suggestions.models import Suggestion, SuggestionBoxPage, SuggestionSupport
from tests.conftest import HOST_A
from tests.participation.retry import post_twice, token_in
from tests.site.helpers import page_of_type

TITLE = "حفرة خطيرة في شارع الاستقلال"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate limits and cached pages
    yield
    cache.clear()


@pytest.fixture
def box(demo):
    return page_of_type(demo.site_a, SuggestionBoxPage)


def suggestion(box, token: str | None, **changes) -> dict:
    from participation.suggestions.forms import localized_categories

    with translation.override("ar"):  # the form's language: its categories
        category = localized_categories(box.get_site()).first()
    data = {
        "kind": "report", "category": category.pk, "title": TITLE,
        "text": "حفرة عميقة وسط الطريق قرب المدرسة، تشكل خطرا على التلاميذ والسيارات.", "neighbourhood": "",
        "name": "مواطن تجريبي", "email": "retry@example.ma", "phone": "", "consent": "on",
        "captcha_0": "any-key", "captcha_1": "PASSED", "website": "", "submission_token": token,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- the token ----------------------------------------------------------------------------------


def test_every_rendering_of_a_form_carries_a_new_random_token(box, client_a):
    tokens = {token_in(client_a.get(box.route_path("submit"))) for _ in range(3)}
    assert len(tokens) == 3 and all(idempotency.usable(t) for t in tokens)
    assert all(len(t.split(".")[1]) == 32 for t in tokens)  # 192 random bits, URL-safe base64


def test_tokens_are_usable_for_a_day_only(settings):
    now = time.time()
    assert idempotency.usable(idempotency.new_token())
    assert not idempotency.usable(f"{int(now - 25 * 3600):x}." + "A" * 32)
    assert not idempotency.usable(f"{int(now + 3600):x}." + "A" * 32)  # from the future: forged
    for malformed in ("", "abc", "x" * 200, f"{int(now):x}." + "A" * 31, f"{int(now):x}." + "<" * 32):
        assert not idempotency.usable(malformed)
    settings.JAMAA_SUBMISSION_TOKEN_SECONDS = 60
    assert not idempotency.usable(f"{int(now - 120):x}." + "A" * 32)


# --- retries --------------------------------------------------------------------------------------


def test_the_same_post_twice_stores_one_record_and_answers_the_same_receipt(box, client_a,
                                                                            django_capture_on_commit_callbacks):
    token = token_in(client_a.get(box.route_path("submit")))
    first, second = post_twice(client_a, box.route_path("submit"), suggestion(box, token), django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] and "/thanks/" in first["Location"]
    record = Suggestion.objects.get(title=TITLE)
    assert first["Location"].endswith(f"/thanks/{record.access_token}/")
    assert [m.to for m in mail.outbox].count(["retry@example.ma"]) == 1  # one receipt e-mail
    assert SubmissionReceipt.objects.count() == 1
    assert client_a.get(second["Location"]).status_code == 200


def test_a_retry_shows_the_flash_message_of_the_first_answer(box, client_a, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    """Supporting twice answers the same anyway (nothing leaks): here the retries must not even
    reach the service, their message comes from the receipt."""
    from participation.suggestions import services
    from participation.suggestions.forms import localized_categories

    calls = []
    real = services.request_support
    monkeypatch.setattr(services, "request_support", lambda *args: calls.append(args) or real(*args))

    published = Suggestion.objects.create(
        site=box.get_site(), page=box, reference="SUG-1999-09001", status="answered", is_public=True, kind="suggestion",
        category=localized_categories(box.get_site()).first(), title="اقتراح منشور", text="نص الاقتراح المنشور للاختبار.",
        name="اسم", email="author@example.ma",
    )
    url = box.route_path("support", published.pk)
    token = token_in(client_a.get(box.route_path("detail", published.pk)))
    data = {"email": "supporter@example.ma", "captcha_0": "k", "captcha_1": "PASSED", "submission_token": token}
    first, second = post_twice(Client(HTTP_HOST=HOST_A), url, data, django_capture_on_commit_callbacks)
    assert first["Location"] == second["Location"]
    retried = Client(HTTP_HOST=HOST_A)
    with django_capture_on_commit_callbacks(execute=True):
        again = retried.post(url, data, follow=True)
    shown = [str(m) for m in again.context["messages"]]
    assert len(shown) == 1 and [[25, shown[0], ""]] == SubmissionReceipt.objects.get().messages
    assert len(calls) == 1  # the first POST only
    assert SuggestionSupport.objects.filter(suggestion=published).count() == 1
    assert len([m for m in mail.outbox if m.to == ["supporter@example.ma"]]) == 1


def test_a_post_without_a_token_is_handled_as_before(box, client_a, django_capture_on_commit_callbacks):
    """Pages cached before tokens existed, scripted clients: accepted, with no protection."""
    first, second = post_twice(client_a, box.route_path("submit"), suggestion(box, None), django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302 and first["Location"] != second["Location"]
    assert Suggestion.objects.filter(title=TITLE).count() == 2
    assert not SubmissionReceipt.objects.exists()


@pytest.mark.parametrize("token", ["not-a-token", f"{int(time.time()) - 2 * 24 * 3600:x}." + "B" * 32])
def test_a_malformed_or_expired_token_is_ignored_not_refused(box, client_a, token, django_capture_on_commit_callbacks):
    first, second = post_twice(client_a, box.route_path("submit"), suggestion(box, token), django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302
    assert Suggestion.objects.filter(title=TITLE).count() == 2


def test_a_form_refused_keeps_its_token_and_goes_through_once_corrected(box, client_a, django_capture_on_commit_callbacks):
    token = token_in(client_a.get(box.route_path("submit")))
    refused = client_a.post(box.route_path("submit"), suggestion(box, token, title=""))
    assert refused.status_code in (200, 400) and token_in(refused) == token  # the same submission, corrected
    assert not SubmissionReceipt.objects.exists()
    first, second = post_twice(client_a, box.route_path("submit"), suggestion(box, token), django_capture_on_commit_callbacks)
    assert first.status_code == 302 and second["Location"] == first["Location"]
    assert Suggestion.objects.filter(title=TITLE).count() == 1


def test_an_expired_token_in_a_refused_form_is_renewed(box, client_a):
    old = f"{int(time.time()) - 2 * 24 * 3600:x}." + "C" * 32
    refused = client_a.post(box.route_path("submit"), suggestion(box, old, title=""))
    assert token_in(refused) != old and idempotency.usable(token_in(refused))


def test_another_content_with_the_same_token_is_another_submission(box, client_a, django_capture_on_commit_callbacks):
    """A citizen who went back and wrote another message in the same page: stored, not replayed."""
    token = token_in(client_a.get(box.route_path("submit")))
    with django_capture_on_commit_callbacks(execute=True):
        first = client_a.post(box.route_path("submit"), suggestion(box, token))
        other = client_a.post(box.route_path("submit"), suggestion(box, token, title="رصيف مكسور أمام السوق"))
    assert first["Location"] != other["Location"]
    assert Suggestion.objects.filter(title__in=[TITLE, "رصيف مكسور أمام السوق"]).count() == 2


def test_the_token_of_one_form_is_not_replayed_on_another(box, client_a, django_capture_on_commit_callbacks):
    """Bound to the route: the suggestion's receipt is never the answer of the support form."""
    from participation.suggestions.forms import localized_categories

    published = Suggestion.objects.create(
        site=box.get_site(), page=box, reference="SUG-1999-09002", status="answered", is_public=True, kind="suggestion",
        category=localized_categories(box.get_site()).first(), title="اقتراح منشور", text="نص الاقتراح المنشور للاختبار.",
        name="اسم", email="author@example.ma",
    )
    token = token_in(client_a.get(box.route_path("submit")))
    with django_capture_on_commit_callbacks(execute=True):
        stored = client_a.post(box.route_path("submit"), suggestion(box, token))
        support = client_a.post(box.route_path("support", published.pk), {
            "email": "retry@example.ma", "captcha_0": "k", "captcha_1": "PASSED", "submission_token": token,
        })
    assert "/thanks/" in stored["Location"]
    assert support.status_code == 302 and "/thanks/" not in support["Location"]
    assert SuggestionSupport.objects.filter(suggestion=published, email="retry@example.ma").exists()


def test_a_retry_is_not_counted_by_the_rate_limit(box, client_a, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_RATE_LIMITS = {"ip": (1, 3600), "email": (1, 3600)}
    token = token_in(client_a.get(box.route_path("submit")))
    first, second = post_twice(client_a, box.route_path("submit"), suggestion(box, token), django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]


# --- copies racing each other ----------------------------------------------------------------------


def test_a_copy_that_lost_the_race_replays_the_winner(box, client_a, monkeypatch, django_capture_on_commit_callbacks):
    """The second copy looked before the first committed, then found the key taken: the unique
    constraint decides (IntegrityError), and it answers the winner's receipt. Deterministic, so
    it runs on SQLite too; the threads below race for real on PostgreSQL."""
    token = token_in(client_a.get(box.route_path("submit")))
    data = suggestion(box, token)
    with django_capture_on_commit_callbacks(execute=True):
        first = client_a.post(box.route_path("submit"), data)
    looked = []
    real = idempotency.recorded

    def late_look(key):
        looked.append(key)
        return None if len(looked) == 1 else real(key)  # the first look is before the winner's commit

    monkeypatch.setattr(idempotency, "recorded", late_look)
    with django_capture_on_commit_callbacks(execute=True):
        second = client_a.post(box.route_path("submit"), data)
    assert len(looked) == 2  # looked, lost the claim, looked again
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Suggestion.objects.filter(title=TITLE).count() == 1


on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql", "psql")),
    reason="threads race on PostgreSQL (DATABASE_URL=postgres://…); SQLite locks the whole database for each "
    "writer (the deterministic test above covers the lost race there)",
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_copies_of_one_post_store_one_record(demo, settings):
    settings.JAMAA_RATE_LIMITS = {"ip": (1000, 3600), "email": (1000, 3600)}
    box = page_of_type(demo.site_a, SuggestionBoxPage)
    copies = 8
    token = token_in(Client(HTTP_HOST=HOST_A).get(box.route_path("submit")))
    data = suggestion(box, token, title="نسخ متزامنة من نفس الاقتراح")
    barrier = threading.Barrier(copies)
    answers, errors = [], []

    def send():
        try:
            barrier.wait(timeout=30)
            response = Client(HTTP_HOST=HOST_A).post(box.route_path("submit"), data)
            answers.append((response.status_code, response.get("Location")))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and len(answers) == copies
    assert {status for status, _ in answers} == {302} and len({location for _, location in answers}) == 1
    assert Suggestion.objects.filter(title="نسخ متزامنة من نفس الاقتراح").count() == 1


# --- cached pages, purge ------------------------------------------------------------------------------


def test_each_visitor_of_a_cached_form_gets_their_own_token_which_works(box, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_PAGE_CACHE_SECONDS = 600
    url = box.route_path("submit")
    first = Client(HTTP_HOST=HOST_A).get(url)
    visitor = Client(HTTP_HOST=HOST_A)
    served = visitor.get(url)
    assert first["X-Page-Cache"] == "miss" and served["X-Page-Cache"] == "hit"
    mine = token_in(served)
    assert mine != token_in(first) and idempotency.usable(mine)
    assert token_in(visitor.get(url)) != mine  # a new one at each hit
    first_post, retried = post_twice(visitor, url, suggestion(box, mine), django_capture_on_commit_callbacks)
    assert first_post.status_code == 302 and retried["Location"] == first_post["Location"]
    assert Suggestion.objects.filter(title=TITLE).count() == 1


def test_the_stored_page_holds_a_marker_not_a_token():
    from django.http import HttpResponse

    from base.page_cache import SUBMISSION_TOKEN_MARKER, PageCacheMiddleware

    html = (b'<input type="hidden" name="submission_token" value="65f0a1b2.' + b"A" * 32 + b'" id="id_submission_token">'
            b'<input type="hidden" name="message-submission_token" value="65f0a1b2.' + b"B" * 32 + b'">')
    content = PageCacheMiddleware.entry(HttpResponse(html))["content"]
    assert content.count(SUBMISSION_TOKEN_MARKER) == 2 and b"AAAA" not in content and b"BBBB" not in content


def test_a_receipt_does_not_refresh_the_communes_cached_pages(box, settings, django_capture_on_commit_callbacks):
    settings.JAMAA_PAGE_CACHE_SECONDS = 600
    settings.JAMAA_PAGE_CACHE_RECORD_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        SubmissionReceipt.objects.create(key="k" * 64, location="/x/")
        SubmissionReceipt.objects.filter(key="k" * 64).get().delete()
    from base import page_cache

    assert cache.get(page_cache._generation_key(page_cache.GLOBAL)) is None  # noqa: SLF001
    assert cache.get(page_cache._changed_key(page_cache.GLOBAL)) is None  # noqa: SLF001


def test_expired_receipts_are_purged_by_the_daily_job(db, settings, capsys):
    settings.JAMAA_SUBMISSION_TOKEN_SECONDS = 3600
    SubmissionReceipt.objects.create(key="a" * 64, location="/old/", created_at=timezone.now() - timezone.timedelta(hours=3))
    SubmissionReceipt.objects.create(key="b" * 64, location="/recent/")
    call_command("purge_submission_receipts")
    assert list(SubmissionReceipt.objects.values_list("location", flat=True)) == ["/recent/"]
    assert "Deleted 1 expired submission receipt(s)." in capsys.readouterr().out
