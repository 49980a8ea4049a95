"""Themes: a theme overrides templates by recreating their path; the rest comes
from the default theme."""
import pytest
from django.template.loader import get_template

from commune import themes


def _templates_setting(settings, name):
    return [{**settings.TEMPLATES[0], "DIRS": themes.template_dirs(name)}]


def test_default_theme_header(demo, client_a):
    assert 'data-theme="default"' in client_a.get("/ar/").content.decode()


def test_second_theme_overrides_some_templates_and_falls_back_for_others(demo, client_a, settings):
    settings.TEMPLATES = _templates_setting(settings, "oasis")
    html = client_a.get("/ar/").content.decode()
    assert 'data-theme="oasis"' in html
    assert "css/oasis.css" in html
    assert 'class="oasis-nav"' in html  # the shared menu component, restyled
    # a template the theme does not override comes from the default theme
    origin = get_template("news/news_page.html").origin.name
    assert "/themes/default/" in origin


def test_unknown_theme_is_refused():
    with pytest.raises(ValueError):
        themes.template_dirs("no-such-theme")


def test_available_themes():
    assert {"default", "oasis"} <= set(themes.available_themes())
