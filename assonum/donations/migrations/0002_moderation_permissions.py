"""Give the "Modération" staff group the donations permissions (view everything, moderate offers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Modération"
PERMISSIONS = ["view_offer", "change_offer", "view_lot", "view_reservation", "view_need",
               "change_need"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("donations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="donations",
                                                     codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("organisations", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
