"""Bursts of form submissions for the anti-abuse tests: `burst()` sends POSTs from one client
and counts the answers. The test runner normally records every template's context (for
`response.context`), which costs more than rendering the page itself; `plain_rendering`
turns that off so that a burst of a thousand POSTs takes seconds, not minutes."""
from collections import Counter

import pytest
from django.template.base import Template
from django.test.utils import _TestState


@pytest.fixture
def plain_rendering(monkeypatch):
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


def burst(client, url, payloads, *, refusal: str, **extra) -> Counter:
    """POST each payload; returns how many answers had each status. Every answer that is not a
    redirect (a stored submission) must show `refusal` (HTML-escaped text), never be a 500."""
    statuses = Counter()
    for data in payloads:
        response = client.post(url, data, **extra)
        statuses[response.status_code] += 1
        assert response.status_code < 500
        if response.status_code != 302:
            assert refusal in response.content.decode(), response.status_code
    return statuses
