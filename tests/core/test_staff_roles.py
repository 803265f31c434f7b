"""Staff groups come from the plug-in declarations (StaffRole) and are made after migrate."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from assonum.core.staff_roles import UnknownPermission, declared_roles, sync_staff_roles
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")}


def test_the_declared_groups_exist_after_migrate_with_their_permissions():
    moderation = Group.objects.get(name="Modération")
    assert {"wagtailadmin.access_admin", "core.view_transitionlog", "directory.view_place",
            "organisations.change_organisation"} <= codenames(moderation)
    assert "organisations.view_organisation" in codenames(Group.objects.get(name="Rédaction"))
    # One moderators group: Wagtail's defaults are merged away.
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    # The fund declares its two groups; the committee uses the back office, experts do not.
    assert "fund.view_application" in codenames(Group.objects.get(name="Comité du fonds"))
    assert "wagtailadmin.access_admin" not in codenames(Group.objects.get(name="Experts"))


def test_several_apps_declaring_a_group_give_it_the_union():
    roles = declared_roles()
    assert {"core.view_transitionlog", "directory.view_placeclaim",
            "organisations.view_membership"} <= roles["Modération"]


def test_a_new_app_gets_its_group_and_rights_granted_by_hand_survive():
    moderation = Group.objects.get(name="Modération")
    by_hand = Permission.objects.get(codename="delete_place")
    moderation.permissions.add(by_hand)
    with override_settings(ASSONUM_APPS=[*settings.ASSONUM_APPS, "tests.plugin_app"]):
        added = sync_staff_roles()
    greffon = Group.objects.get(name="Greffon")
    assert codenames(greffon) == {"wagtailadmin.access_admin"}
    assert added["Greffon"] == 1 and added["Modération"] == 0
    assert by_hand in moderation.permissions.all()


def test_a_misspelt_permission_is_an_error(monkeypatch):
    from assonum.core import staff_roles

    monkeypatch.setattr(staff_roles, "declared_roles",
                        lambda: {"Modération": {"directory.change_plaec"}})
    with pytest.raises(UnknownPermission, match="directory.change_plaec"):
        sync_staff_roles()


BEFORE = [("organisations", "0006_rna_help_letters")]
AFTER = [("organisations", "0007_one_group_per_role")]


@pytest.mark.django_db(transaction=True)
def test_wagtail_default_groups_merge_into_ours_with_members_and_review_tasks():
    from wagtail.models import GroupApprovalTask

    from assonum.accounts.models import User

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # only organisations moves back: the other tables are unchanged
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    fund, _ = Group.objects.get_or_create(name="Comité du fonds")
    Group.objects.get_or_create(name="Experts")
    UserFactory(email="alice@exemple.org").groups.add(moderators)
    UserFactory(email="bruno@exemple.org").groups.add(editors)
    UserFactory(email="chloe@exemple.org").groups.add(fund)  # somebody is in it: kept
    task = GroupApprovalTask.objects.create(name="Relecture ancienne")
    task.groups.add(moderators)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    assert list(User.objects.get(email="alice@exemple.org").groups.values_list(
        "name", flat=True)) == ["Modération"]
    assert list(User.objects.get(email="bruno@exemple.org").groups.values_list(
        "name", flat=True)) == ["Rédaction"]
    assert list(GroupApprovalTask.objects.get(name="Relecture ancienne").groups.values_list(
        "name", flat=True)) == ["Modération"]
    assert not Group.objects.filter(name__in=["Moderators", "Editors", "Experts"]).exists()
    assert Group.objects.filter(name="Comité du fonds").exists()
