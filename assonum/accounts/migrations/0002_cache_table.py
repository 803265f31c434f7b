"""Create the database cache table ``assonum_cache`` (whatever the settings of this run).

Without Redis, production uses Django's database cache so that rate limits and other counters
are shared by every web process (a per-process memory cache lets each worker count alone).
The table is named explicitly: a database migrated with development settings (memory cache)
and then served with production ones must find it.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", "assonum_cache", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
