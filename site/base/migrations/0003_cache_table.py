"""The database cache's table, when the settings use one (production without Redis: see
commune/settings/production.py), so that `migrate` alone prepares a deployment."""
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("base", "0002_settings_in_each_language")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=True)]
