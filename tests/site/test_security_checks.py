"""Security headers on every kind of page (issue 9) and the static security scan (bandit).

`manage.py check --deploy` with the production settings: tests/site/test_settings.py."""
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
STRICT = {"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'self'", "form-action 'self'"}


def directives(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def assert_common_headers(response):
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_public_pages_have_a_strict_policy(client_a):
    for path in ("/ar/", "/fr/"):
        response = client_a.get(path)
        assert response.status_code == 200
        policy = directives(response)
        assert policy >= STRICT
        scripts = next(d for d in policy if d.startswith("script-src"))
        assert "unsafe-inline" not in scripts and "unsafe-eval" not in scripts
        assert "<script>" not in response.content.decode()  # nothing inline the policy would block
        assert_common_headers(response)


@pytest.mark.django_db
def test_a_plugin_form_page_has_the_strict_policy(client_a, demo):
    from participation.petitions.models import PetitionIndexPage

    page = PetitionIndexPage.objects.live().descendant_of(demo.site_a.root_page).filter(locale__language_code="ar").first()
    response = client_a.get(page.relative_url(demo.site_a) + page.reverse_subpage("start"))
    assert response.status_code == 200 and b"<form" in response.content
    assert directives(response) >= STRICT
    assert_common_headers(response)


@pytest.mark.django_db
def test_the_admin_is_left_out_of_the_strict_policy_and_still_not_framed(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response  # Wagtail's admin runs inline scripts
    assert response["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


def test_bandit_finds_nothing_of_medium_severity_or_more():
    bandit = Path(sys.executable).with_name("bandit")
    if not bandit.exists():
        pytest.skip("bandit is not installed (requirements-dev.txt)")
    result = subprocess.run([str(bandit), "-r", "site", "participation", "-ll", "-q"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-5000:]
