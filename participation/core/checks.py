"""System checks of the plugin contract, so a broken declaration fails at start-up."""
from django.core import checks


@checks.register()
def check_plugins(app_configs=None, **kwargs):
    from participation.core.apps import plugins

    errors = []
    for plugin in plugins():
        if not plugin.label.startswith("participation_"):
            errors.append(checks.Error(f"Plugin {plugin.name} must have a label starting with participation_.", id="jamaa.E001"))
        for model, fields in plugin.get_personal_data_models():
            names = {f.name for f in model._meta.get_fields()}
            for field in fields:
                if field not in names:
                    errors.append(checks.Error(f"{model.__name__}.{field} is declared personal but does not exist.", id="jamaa.E002"))
    return errors
