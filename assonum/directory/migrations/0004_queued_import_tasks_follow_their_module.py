"""The import tasks moved from ``directory.import_tasks`` to ``directory.tasks``: the rows of the
database task queue that were queued under the old path point to the new one (same functions)."""

from django.db import migrations

MOVED = {
    "assonum.directory.import_tasks.run_import": "assonum.directory.tasks.run_import",
    "assonum.directory.import_tasks.retry_stalled_imports":
        "assonum.directory.tasks.retry_stalled_imports",
}


def forwards(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        results.objects.filter(task_path=old).update(task_path=new)


def backwards(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        results.objects.filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0003_alter_place_autres_formations_labels_and_more"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
