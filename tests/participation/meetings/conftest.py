"""Fixtures of the meetings tests: the meetings page of each demo commune, meetings made
to measure, and valid registration data."""
import datetime
import itertools

import pytest
from django.utils import timezone
from wagtail.models import Locale

from participation.meetings.models import MeetingIndexPage, MeetingPage

_slugs = itertools.count(1)


def index_of(site) -> MeetingIndexPage:
    page = MeetingIndexPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    if page is None:
        page = MeetingIndexPage(title="اللقاءات المواطنة", slug="meetings-test")
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.fixture
def meetings_a(demo):
    return index_of(demo.site_a)


@pytest.fixture
def meetings_b(demo):
    return index_of(demo.site_b)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root-meetings", "root-meetings@example.ma", "x")


def make_meeting(index, *, days=10, hours=0, duration=120, publish=True, **fields) -> MeetingPage:
    """A meeting under `index` starting `days` days (and `hours` hours) from now, published."""
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days, hours=hours)
    values = {
        "title": f"لقاء تجريبي {next(_slugs)}",
        "meeting_type": "workshop",
        "format": "in_person",
        "summary": "لقاء للاختبار حول تهيئة الحديقة العمومية.",
        "address": "دار الشباب، زنقة الياسمين",
        "start": start,
        "end": start + datetime.timedelta(minutes=duration),
    } | fields
    values.setdefault("slug", f"meeting-test-{next(_slugs)}")
    meeting = MeetingPage(locale=index.locale, **values)
    index.add_child(instance=meeting)
    if publish:
        meeting.save_revision().publish()
    else:
        meeting.live = False
        meeting.save()
    return MeetingPage.objects.get(pk=meeting.pk)


def translate(meeting, language="fr", **fields) -> MeetingPage:
    locale = Locale.objects.get(language_code=language)
    translation = meeting.copy_for_translation(locale, alias=False).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return MeetingPage.objects.get(pk=translation.pk)


@pytest.fixture
def meeting(meetings_a):
    return make_meeting(meetings_a)


def registration_data(n=1, **overrides) -> dict:
    data = {
        "name": f"مشارك تجريبي {n}",
        "email": f"participant{n}@example.ma",
        "phone": "0611111111",
        "gender": "woman" if n % 2 else "man",
        "association": "",
    }
    return data | overrides


CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}


def form_data(n=1, **overrides) -> dict:
    """What the registration form posts."""
    return registration_data(n) | {"consent": "on", "website": ""} | CAPTCHA | overrides
