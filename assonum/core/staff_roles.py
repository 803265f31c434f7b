"""Staff groups from the plug-in declarations (``Plugin(staff_roles=[StaffRole(...)])``).

After every ``migrate`` (``post_migrate``, once the permissions exist) each declared group is
created if missing and given the permissions its apps declare, plus ``wagtailadmin.access_admin``
for a back-office role. Several apps may declare the same group ("Modération"): it gets the
union. Permissions are only added, never removed, so a right granted by hand in the back office
survives the next deployment; a permission that names no existing one is an error (a typo must
not leave a role silently without its right).
"""

from __future__ import annotations

from collections import defaultdict

ACCESS_ADMIN = "wagtailadmin.access_admin"


class UnknownPermission(LookupError):
    pass


def declared_roles() -> dict[str, set[str]]:
    """{group name: {"app_label.codename", ...}} over every app's declaration."""
    from .plugins import plugins

    roles: dict[str, set[str]] = defaultdict(set)
    for plugin in plugins():
        for role in plugin.staff_roles:
            roles[role.group].update(role.permissions)
            if role.back_office:
                roles[role.group].add(ACCESS_ADMIN)
    return dict(roles)


def sync_staff_roles(*, using: str = "default") -> dict[str, int]:
    """Create the declared groups and add their permissions. Returns {group: permissions added}."""
    from django.contrib.auth.models import Group, Permission

    added = {}
    for name, wanted in declared_roles().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = []
        for dotted in sorted(wanted):
            app_label, _, codename = dotted.partition(".")
            permission = Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise UnknownPermission(f"staff role {name!r}: no permission {dotted!r}")
            permissions.append(permission)
        have = set(group.permissions.values_list("pk", flat=True))
        missing = [p for p in permissions if p.pk not in have]
        group.permissions.add(*missing)
        added[name] = len(missing)
    return added


def on_post_migrate(sender, using="default", plan=None, **kwargs):
    """Run once per ``migrate`` (for the core app), after making sure every permission exists."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    if sender.name != "assonum.core":
        return
    for config in apps.get_app_configs():  # idempotent; receivers' order does not matter
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    sync_staff_roles(using=using)
