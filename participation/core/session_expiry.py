"""Signed-in sessions end after a period without activity (settings.SESSION_COOKIE_AGE,
JAMAA_SESSION_SECONDS: 8 hours by default), not a fixed time after signing in.

Django renews a session's expiry only when it writes the session, and
SESSION_SAVE_EVERY_REQUEST would write it on every request. Instead a signed-in session is
written again once its last write is older than settings.JAMAA_SESSION_REFRESH_SECONDS
(5 minutes by default): the expiry follows activity to within that interval, for one
write per interval.
"""
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

TOUCHED_KEY = "_jamaa_touched"
DEFAULT_REFRESH_SECONDS = 300


def refresh_seconds() -> int:
    return int(getattr(settings, "JAMAA_SESSION_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS))


class SlidingSessionMiddleware:
    """Inside SessionMiddleware: marks a signed-in session modified (so it is saved with a new
    expiry) when its last renewal is older than the refresh interval."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Without a session key (no cookie, no sign-in now) the session is left unread: anonymous pages stay cacheable.
        if session is not None and session.session_key and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(TOUCHED_KEY, 0) >= refresh_seconds():
                session[TOUCHED_KEY] = now
        return response
