"""One group per staff role.

- Wagtail's default "Moderators" merges into "Modération" and "Editors" into "Rédaction": their
  members, permissions, page and collection permissions and workflow tasks move over, then the
  defaults are deleted (two moderator groups side by side was confusing and error-prone).
- "Comité du fonds" and "Experts" (made by 0003 for apps that do not exist yet) are deleted when
  nobody is in them: the fund app will declare them in its plug-in (``staff_roles``), and the
  groups are then made after ``migrate`` like every declared role.
"""

from django.db import migrations

MERGES = {"Moderators": "Modération", "Editors": "Rédaction"}
NOT_YET = ["Comité du fonds", "Experts"]


def merge_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Task = apps.get_model("wagtailcore", "GroupApprovalTask")

    for source_name, target_name in MERGES.items():
        source = Group.objects.filter(name=source_name).first()
        if source is None:
            continue
        target, _created = Group.objects.get_or_create(name=target_name)
        for user in User.objects.filter(groups=source):
            user.groups.add(target)
        target.permissions.add(*source.permissions.all())
        for grant in GroupPagePermission.objects.filter(group=source):
            GroupPagePermission.objects.get_or_create(
                group=target, page_id=grant.page_id, permission_id=grant.permission_id)
        for grant in GroupCollectionPermission.objects.filter(group=source):
            GroupCollectionPermission.objects.get_or_create(
                group=target, collection_id=grant.collection_id,
                permission_id=grant.permission_id)
        for task in Task.objects.filter(groups=source):
            task.groups.add(target)
        source.delete()

    for name in NOT_YET:
        Group.objects.filter(name=name, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0006_rna_help_letters"),
        ("accounts", "0001_initial"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]

    operations = [migrations.RunPython(merge_groups, migrations.RunPython.noop)]
