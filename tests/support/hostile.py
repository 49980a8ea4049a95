"""Hostile input for the public forms (issue 9): the strategies every plugin's
test_hostile_input.py shares, the way they are posted, and the checks that follow.

A test takes a form's valid POST data and lets Hypothesis spoil it field by field:
Arabic and mixed-direction text, zero-width and bidi controls, NUL, very long
strings, injection strings, lists for scalars, missing fields; or it posts a raw
body with invalid UTF-8 (lone surrogates, overlong forms, bytes above U+10FFFF).
Then: never a 500, and every row the request created passes the model's
full_clean, the form's own field rules, and the text rules of
participation.core.text.

Profiles (HYPOTHESIS_PROFILE): "ci" (default: derandomized, EXAMPLES inputs per
form), "dev" (a quick look), "deep" (a long hunt, e.g. before a release).
"""
import itertools
import os
from collections import Counter
from contextlib import contextmanager
from urllib.parse import quote_from_bytes

from django import forms
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from participation.core.text import BIDI_CONTROLS, BIDI_MARKS, ZERO_WIDTH, apply_text_cleaning, clean_line, clean_long_text
from tests.conftest import HOST_A

EXAMPLES = {"ci": 150, "dev": 15, "deep": 1000}
#: raw bodies: the same decoding path for every form, fewer inputs each
RAW_EXAMPLES = {"ci": 50, "dev": 5, "deep": 300}
for _name, _count in EXAMPLES.items():
    settings.register_profile(
        _name,
        max_examples=_count,
        derandomize=_name != "deep",  # CI is deterministic; a deep hunt explores
        deadline=None,  # a request renders a page: its time varies with the machine's load
        database=None,  # nothing written under .hypothesis/
        print_blob=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

#: {test: {"tried": n, "<Model> stored": n, …}} for this run, printed at the end (tests/conftest.py)
TALLY: dict[str, Counter] = {}

# --- text ------------------------------------------------------------------------------------

INVISIBLE = ZERO_WIDTH + BIDI_MARKS + BIDI_CONTROLS + "\u3164\u2800\u00ad\U000e0041\x00"
INJECTIONS = (
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "{{ request.user.password }}",
    "${7*7}#{7*7}",
    "' OR '1'='1' --",
    "'; DROP TABLE wagtailcore_page; --",
    '" OR ""="',
    "1) UNION SELECT username, password FROM auth_user --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "%s%s%s%n",
    "{0.__class__}",
    "../../../../etc/passwd",
    "\r\nBcc: victim@example.ma",
    "\u202egpj.exe",
    "²",  # a digit to str.isdigit(), not to int()
    "99999999999999999999999",  # beyond any database integer
    "-1",
    "1e3",
    "NaN",
    "سعاد\u200b\u200fالعلوي",
)
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى" + "ًٌٍَُِّْ" + "٠١٢٣٤٥٦٧٨٩" + "،؛؟ـ"
LATIN = "abcdefghijklmnopqrstuvwxyzÀÉéèçàùôABC0123456789 .,'-"
TIFINAGH = "ⴰⴱⴳⴷⴹⴻⴼⴽⵀⵃⵄⵅⵇⵉⵊⵍⵎⵏⵓⵔⵕⵖⵙⵚⵛⵜⵟⵡⵢⵣⵥⵯ"
SPACES = " \t\n\r\u00a0\u2003\u202f\u2028\u3000"
WORDS = ("سعاد العلوي", "حي الأمل", "Rue 5, Aïn Zitoune", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "2026", "١٢٣", "Hay Al Amal حي الأمل")

mixed_text = st.text(alphabet=ARABIC + LATIN + TIFINAGH + SPACES + INVISIBLE, min_size=1, max_size=60)
any_text = st.text(min_size=1, max_size=40)  # any code point Hypothesis likes (no lone surrogates: those go in raw bodies)
long_text = st.builds(lambda piece, times: piece * times, st.sampled_from((*WORDS, "ا", "x", "\u200b", "\x00")),
                      st.integers(min_value=150, max_value=12_000))
#: what a view may take for a number: other digits, signs, exponents, beyond any database integer
number_like = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(("²", "①", "١٢", "٠", "0x1F", "1e3", "1.5", " 7", "7 ", "+7", "NaN", "inf")),
)
hostile_text = st.one_of(
    number_like,
    mixed_text,
    any_text,
    st.sampled_from(INJECTIONS),
    st.text(alphabet=INVISIBLE + SPACES, min_size=1, max_size=8),
    long_text,
    st.sampled_from(WORDS),
)

# --- form data -------------------------------------------------------------------------------

MISSING = object()
#: what happens to a spoiled field; "replace" comes first so that a failure shrinks to it
MUTATIONS = ("replace", "append", "prepend", "wrap", "missing", "list", "empty")


def _mutate(valid, mutation: str, text: str):
    base = valid[-1] if isinstance(valid, list) and valid else valid
    base = "" if base is None else str(base)
    return {
        "replace": text,
        "append": base + text,
        "prepend": text + base,
        "wrap": text + base + text,
        "missing": MISSING,
        "list": [base, text],
        "empty": "",
    }[mutation]


def spoiled(valid: dict, *, keep: tuple = ()) -> st.SearchStrategy:
    """POST data like `valid` with some of its fields spoiled: replaced by or padded with
    hostile text, left out, sent twice, emptied. Fields in `keep` are never changed.
    Most inputs spoil a few fields only, so that many still reach the database."""
    names = [name for name in valid if name not in keep]
    change = st.tuples(st.sampled_from(names), st.sampled_from(MUTATIONS), hostile_text)
    spoil = st.one_of(
        st.lists(change, min_size=1, max_size=1),
        st.lists(change, min_size=1, max_size=len(names), unique_by=lambda item: item[0]),
    )

    def build(changes):
        data = dict(valid)
        for name, mutation, text in changes:
            data[name] = _mutate(valid[name], mutation, text)
        return {k: v for k, v in data.items() if v is not MISSING}

    return spoil.map(build)


# --- raw bodies ------------------------------------------------------------------------------

#: byte sequences that are not UTF-8: lone surrogates (as CESU-8 writes them), an overlong "/",
#: a cut sequence, a code point above U+10FFFF, stray continuation and invalid bytes
BAD_BYTES = (b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\x80", b"\xff\xfe", b"\x00")
CONTENT_TYPES = (
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data",  # no boundary
    "multipart/form-data; boundary=jamaa",  # a boundary the body does not follow
    "text/plain",
)


def _raw_value(value, bad: bytes, where: int, percent: bool) -> bytes:
    text = value[-1] if isinstance(value, list) and value else value
    data = str(text).encode("utf-8", "surrogatepass")
    where = min(where, len(data))
    data = data[:where] + bad + data[where:]
    return quote_from_bytes(data).encode() if percent else data


def raw_body(valid: dict) -> st.SearchStrategy:
    """(body bytes, content type): `valid` urlencoded with invalid UTF-8 in some of its values."""
    names = list(valid)

    def build(spoil, bads, where, percent, content_type):
        pairs = []
        for name, bad, position, flag in zip(names, itertools.cycle(bads), itertools.cycle(where), itertools.cycle(percent),
                                             strict=False):
            value = _raw_value(valid[name], bad if name in spoil else b"", position, flag)
            pairs.append(quote_from_bytes(name.encode()).encode() + b"=" + value)
        return b"&".join(pairs), content_type

    return st.builds(
        build,
        st.sets(st.sampled_from(names), min_size=1),
        st.lists(st.sampled_from(BAD_BYTES), min_size=1, max_size=4),
        st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=4),
        st.lists(st.booleans(), min_size=1, max_size=4),
        st.sampled_from(CONTENT_TYPES),
    )


# --- posting and checking --------------------------------------------------------------------


def hostile_client(host: str = HOST_A) -> Client:
    """A client that returns a server error as a response (status 500) instead of raising it."""
    return Client(HTTP_HOST=host, raise_request_exception=False)


def fuzz(strategy: st.SearchStrategy, check, *, examples: int | None = None):
    """Run `check(value)` on the strategy's values, each in a transaction rolled back
    afterwards; `examples` overrides the profile's count (a slow form, e.g. with files)."""
    run_settings = settings(max_examples=examples) if examples else settings()

    @run_settings
    @given(strategy)
    def run(value):
        tally("tried")
        with rolled_back():
            check(value)

    run()


def _tally() -> Counter:
    test = os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0]
    return TALLY.setdefault(test, Counter())


def summary() -> list[str]:
    """One line per test (what it sent, what was stored), then the totals."""
    lines = [f"{test}: " + ", ".join(f"{k} {v}" for k, v in tally.items()) for test, tally in TALLY.items()]
    totals = sum(TALLY.values(), Counter())
    return [*lines, "total: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))] if lines else []


@contextmanager
def rolled_back():
    """Each input starts from the same database: what one stored cannot make the next a
    duplicate (one answer per e-mail address…)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post(client, url, data, files=None, *, raw=None):
    """POST `data` (and `files`), or a raw (body, content type); the response must not be a
    server error."""
    if raw is not None:
        body, content_type = raw
        response = client.generic("POST", url, body, content_type=content_type)
    else:
        response = client.post(url, {**data, **(files or {})})
    assert response.status_code < 500, f"server error {response.status_code} for {data!r}"
    return response


def send(client, url, checks: dict, data=None, files=None, *, raw=None):
    """POST (see `post`), then run `checks[Model](row)` on every row of each Model created."""
    before = {model: last_pk(model) for model in checks}
    note(f"POST {url} {data!r}" if raw is None else f"POST {url} {raw!r}")
    response = post(client, url, data, files, raw=raw)
    for model, check_row in checks.items():
        for row in new_rows(model, before[model]):
            check_row(row)
    return response


def fuzz_raw(client, url, valid: dict, checks: dict):
    """`valid` sent as raw bodies with invalid UTF-8 (raw_body), checked as `send` does."""
    fuzz(raw_body(valid), lambda raw: send(client, url, checks, raw=raw), examples=RAW_EXAMPLES[PROFILE])


def new_rows(model, before: int):
    """Rows of `model` created since `before` (last_pk); counted in the summary."""
    rows = list(model._default_manager.filter(pk__gt=before).order_by("pk"))
    if rows:
        stored(model.__name__)
    return rows


def stored(what: str):
    """Count one input that stored `what` (a row, a change), for the summary."""
    tally(f"{what} stored")


def tally(what: str):
    _tally()[what] += 1


def last_pk(model) -> int:
    return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_clean_text(row, *, line_fields=(), long_fields=()):
    """Stored text is what participation.core.text makes of it: nothing invisible, no NUL."""
    for name in line_fields:
        value = getattr(row, name) or ""
        assert value == clean_line(value), f"{type(row).__name__}.{name} stored unclean: {value!r}"
    for name in long_fields:
        value = getattr(row, name) or ""
        assert value == clean_long_text(value), f"{type(row).__name__}.{name} stored unclean: {value!r}"


def assert_passes_form_fields(row, form: forms.BaseForm, *, skip=()):
    """Each stored value of a field the form has passes that field's own rules again, and
    text comes back unchanged (the form's cleaning is a fixed point of what it stored)."""
    apply_text_cleaning(form)
    for name, field in form.fields.items():
        if name in skip or not hasattr(row, name) or isinstance(field, forms.FileField):
            continue
        value = getattr(row, name)
        if isinstance(field, forms.ModelChoiceField):
            value = getattr(value, "pk", value)
        cleaned = field.clean(value)
        if isinstance(field, forms.CharField):
            assert cleaned == (value or ""), f"{type(row).__name__}.{name}: {value!r} is cleaned to {cleaned!r}"


def assert_valid_row(row, form=None, *, exclude=(), skip=(), line_fields=(), long_fields=()):
    """The row passes full_clean, the form's field rules and the text rules."""
    row.full_clean(exclude=list(exclude))
    if form is not None:
        assert_passes_form_fields(row, form, skip=skip)
    assert_clean_text(row, line_fields=line_fields, long_fields=long_fields)
