"""The editors ("Rédaction") keep the diagnostic's questionnaire and publish its versions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Rédaction"
CODENAMES = [f"{action}_{model}" for model in ("theme", "question", "choice", "measure")
             for action in ("add", "change", "delete", "view")] + [
    "add_questionnaireversion", "view_questionnaireversion"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("diagnostic")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="diagnostic",
                                                     codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0001_initial"),
        ("organisations", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
