"""Routes of the petitions page (mixed into PetitionIndexPage). To be written."""
from participation.core.routes import PluginPageRoutes

TEMPLATES = "participation_petitions/"


class PetitionRoutes(PluginPageRoutes):
    templates = TEMPLATES
