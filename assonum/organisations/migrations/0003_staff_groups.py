"""Staff roles as groups: editors, moderators, the fund committee and experts.

Permissions are created here (post_migrate has not run yet inside the migration), then each
group gets what its role needs in Wagtail's admin. Re-running is harmless.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Rédaction"
MODERATORS = "Modération"
FUND_COMMITTEE = "Comité du fonds"
EXPERTS = "Experts"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    MODERATORS: ["change_page", "publish_page"],
}
COLLECTION_PERMISSIONS = {
    EDITORS: [("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
              ("wagtailimages", "choose_image"), ("wagtaildocs", "add_document"),
              ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document")],
    MODERATORS: [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")],
}
MODEL_PERMISSIONS = {
    EDITORS: [("organisations", "view_organisation")],
    MODERATORS: [("organisations", "view_organisation"), ("organisations", "change_organisation"),
                 ("organisations", "view_membership")],
    FUND_COMMITTEE: [("organisations", "view_organisation")],
    EXPERTS: [("organisations", "view_organisation")],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()

    access_admin = permission("wagtailadmin", "access_admin")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name in (EDITORS, MODERATORS, FUND_COMMITTEE, EXPERTS):
        group, _ = Group.objects.get_or_create(name=name)
        if access_admin:
            group.permissions.add(access_admin)
        for app_label, codename in MODEL_PERMISSIONS.get(name, []):
            perm = permission(app_label, codename)
            if perm:
                group.permissions.add(perm)
        if root_page:
            for codename in PAGE_PERMISSIONS.get(name, []):
                perm = permission("wagtailcore", codename)
                if perm:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=perm)
        if root_collection:
            for app_label, codename in COLLECTION_PERMISSIONS.get(name, []):
                perm = permission(app_label, codename)
                if perm:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[EDITORS, MODERATORS, FUND_COMMITTEE, EXPERTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_organisation_details"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
