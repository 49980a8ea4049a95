"""Test settings with every participation plugin left out (the core stays), to prove the site works without them."""
from commune.settings.test import *  # noqa: F403
from commune.settings.test import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if not app.startswith("participation.") or app == "participation.core"]
