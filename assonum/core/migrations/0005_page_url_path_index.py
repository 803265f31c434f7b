"""An index on Wagtail's ``wagtailcore_page.url_path``.

``HomePage.route`` finds a page and its parent by ``url_path`` in one query; Wagtail itself
never looks a page up by it, so the column has no index and every public page request read
the whole page table (2,600 rows: 1.7 ms; it grows with the pages). Plain SQL, the same on
PostgreSQL and SQLite, since the table belongs to Wagtail.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_one_word_for_email"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS assonum_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS assonum_page_url_path",
        ),
    ]
