"""The permission matrix of the consultations admin: each demo group × each action ×
own commune / other commune, plus the superuser and an anonymous visitor.

Roles (ConsultationsConfig.role_permissions): the participation officer sees the answers,
exports the written answers and moderates comments; the editor sees answers and comments;
the information officer and the bureau have no access.

Outcomes:
- listed / unlisted: 200, the record is / is not in the listing;
- ok: 200 (the answer's page, the CSV of written answers);
- done: the moderation went through (redirect, the comment changed);
- denied: no permission: Wagtail's redirect to the dashboard, or 403; nothing changed;
- hidden: another commune's record: 404, nothing changed;
- login: anonymous, sent to the admin login.
"""
import pytest
from django.urls import reverse

from participation.consultations import services
from participation.consultations.models import SectionComment
from tests.participation.consultations.conftest import make_consultation, valid_answers
from tests.participation.matrix import client_for, matrix_cases

MATRIX = """
action         editor          participation   information     bureau          admin           anonymous
list           listed/unlisted listed/unlisted denied/denied   denied/denied   listed/listed   login/login
inspect        ok/hidden       ok/hidden       denied/denied   denied/denied   ok/ok           login/login
export_texts   denied/denied   ok/hidden       denied/denied   denied/denied   ok/ok           login/login
queue          listed/unlisted listed/unlisted denied/denied   denied/denied   listed/listed   login/login
approve        denied/denied   done/hidden     denied/denied   denied/denied   done/done       login/login
reject         denied/denied   done/hidden     denied/denied   denied/denied   done/done       login/login
"""

RESPONSES = "participation_consultations_response"
COMMENTS = "participation_consultations_sectioncomment"


@pytest.fixture
def pages(demo):
    return make_consultation(demo.site_a), make_consultation(demo.site_b)


def _records(page, tag):
    response = services.submit_response(
        page, services.ResponseData(email=f"{tag}@example.ma", answers=valid_answers(page) | {}),
    )
    comment = services.post_comment(
        page, page.sections[0][0], services.CommentData("ناصر", f"{tag}@example.ma", f"تعليق {tag}")
    )
    services.confirm_comment(comment)
    return response, SectionComment.objects.get(pk=comment.pk)


def _act(client, action, page, response, comment):
    if action == "list":
        return client.get(reverse(f"{RESPONSES}:index"), {"q": response.reference})
    if action == "inspect":
        return client.get(reverse(f"{RESPONSES}:inspect", args=[response.pk]))
    if action == "export_texts":
        return client.get(reverse(f"{RESPONSES}:export_texts", args=[page.pk]))
    if action == "queue":
        return client.get(reverse(f"{COMMENTS}:index"))
    return client.post(reverse(f"{COMMENTS}:moderate", args=[comment.pk, action]))


@pytest.mark.parametrize(("username", "action", "which", "expected"), list(matrix_cases(MATRIX)))
def test_permission_matrix(username, action, which, expected, pages):
    page_a, page_b = pages
    own, other = (page_b, page_a) if username.startswith("b_") else (page_a, page_b)
    page = own if which == "own" else other
    tag = f"{username}-{action}-{which}".replace("_", "-")
    response, comment = _records(page, tag)
    client = client_for(username)

    result = _act(client, action, page, response, comment)
    comment_after = SectionComment.objects.get(pk=comment.pk)
    body = result.content.decode() if result.status_code == 200 else ""

    if expected in ("listed", "unlisted"):
        assert result.status_code == 200
        marker = response.reference if action == "list" else f"تعليق {tag}"
        if action == "list":  # references are numbered per commune: the listing of the other commune may hold the same one
            assert (f"/inspect/{response.pk}/" in body) is (expected == "listed")
        else:
            assert (marker in body) is (expected == "listed")
    elif expected == "ok":
        assert result.status_code == 200
        if action == "export_texts":
            assert result["Content-Type"].startswith("text/csv") and "أقترح لقاءات في الأحياء." in body
            assert f"{tag}@example.ma" not in body  # never the e-mail address
    elif expected == "done":
        assert result.status_code == 302
        assert comment_after.is_public is (action == "approve") and comment_after.is_removed is (action == "reject")
    elif expected == "denied":
        assert result.status_code in (302, 403)
        if result.status_code == 302:
            assert "login" not in result["Location"]
    elif expected == "hidden":
        assert result.status_code == 404
    elif expected == "login":
        assert result.status_code == 302 and "login" in result["Location"]
    if expected != "done":
        assert (comment_after.is_public, comment_after.is_removed) == (False, False)


def test_the_overview_lists_the_staff_s_consultations_with_the_export_link(pages):
    page_a, page_b = pages
    html = client_for("a_participation").get(reverse(f"{RESPONSES}:overview")).content.decode()
    assert page_a.title in html and page_b.title not in html
    assert reverse(f"{RESPONSES}:export_texts", args=[page_a.pk]) in html
    assert client_for("a_information").get(reverse(f"{RESPONSES}:overview")).status_code in (302, 403)


def test_the_export_of_written_answers_is_logged(pages):
    from wagtail.models import PageLogEntry

    page_a, _page_b = pages
    client_for("a_participation").get(reverse(f"{RESPONSES}:export_texts", args=[page_a.pk]))
    assert PageLogEntry.objects.filter(page=page_a, action="participation.export_answers").exists()
