"""A partial GIN index for this app's search documents (outils, fiches): PostgreSQL only.

See assonum.core.search_postgres.type_index.
"""

from django.db import migrations

from assonum.core.search_postgres import type_index


class Migration(migrations.Migration):
    dependencies = [
        ("toolbox", "0005_french_quotes_with_no_break_spaces"),
        ("core", "0003_searchdocument"),
    ]

    operations = [type_index("outils"), type_index("fiches")]
