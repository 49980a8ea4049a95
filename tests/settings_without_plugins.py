"""Test settings with the suggestions plugin left out, to prove the site works without it."""
from commune.settings.test import *  # noqa: F403
from commune.settings.test import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "participation.suggestions"]
