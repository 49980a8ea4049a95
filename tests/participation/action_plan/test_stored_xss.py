"""Stored XSS in the action plan: markup and formulas in what staff enter or import are text on
the public dashboard and action page, in the open-data CSV and in the admin's export; a
javascript: address is refused wherever an address is entered (tests/support/xss.py)."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.action_plan.models import ActionLink
from participation.meetings.models import MeetingOutcome
from tests.participation.action_plan.conftest import make_action, make_axis, path_of
from tests.support import xss
from tests.support.hostile import hostile_client


def test_markup_in_an_action_is_text_everywhere(plan_a, superuser):
    axis = make_axis(plan_a, title=xss.PAYLOAD)
    action = make_action(axis, title=xss.PAYLOAD, description=xss.PAYLOAD, service=xss.PAYLOAD,
                         neighbourhood=xss.SHORT, partners=xss.PAYLOAD)
    ActionLink.objects.create(action=action, title=xss.PAYLOAD, url="https://example.ma/")
    client = hostile_client()
    page = path_of(plan_a, "action", action.pk)
    xss.check_pages(client, [path_of(plan_a), page], shown=[page])
    assert xss.assert_csv_safe(xss.csv_of(client.get(path_of(plan_a, "export_csv")))) >= 4
    staff = xss.admin_client(superuser)
    listing = reverse("participation_action_plan_action:index")
    xss.check_pages(staff, [listing], shown=[listing])
    assert xss.assert_csv_safe(xss.csv_of(staff.get(listing, {"export": "csv"}))) >= 3


@pytest.mark.parametrize("model", [ActionLink, MeetingOutcome])
@pytest.mark.parametrize("url", [xss.JAVASCRIPT_URL, "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)"])
def test_an_address_that_runs_code_is_refused(model, url):
    with pytest.raises(ValidationError) as error:
        model(title="x", url=url).clean_fields(exclude=["action", "page", "linked_page"])
    assert "url" in error.value.message_dict
