"""Back office: staff list, search, filter, verify and export organisations."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from tests.accounts.factories import UserFactory
from tests.conftest import login_with_mfa
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.territory.factories import make_real_communes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = UserFactory(staff=True)
    login_with_mfa(client, staff)
    client.staff = staff
    return client


@pytest.fixture
def orgs():
    communes = make_real_communes(["45234", "37261"])
    a = OrganisationFactory(name="Alpha Loiret", seat_commune=communes["45234"], rna="W451000001")
    b = OrganisationFactory(name="Beta Touraine", seat_commune=communes["37261"], actor=True)
    MembershipFactory(organisation=a, user=UserFactory(email="membre-alpha@exemple.org"))
    return a, b


def test_staff_list_search_and_filter(staff_client, orgs):
    body = staff_client.get("/admin/organisations/").content.decode()
    assert "Alpha Loiret" in body and "Beta Touraine" in body
    body = staff_client.get("/admin/organisations/?q=W451000001").content.decode()
    assert "Alpha Loiret" in body and "Beta Touraine" not in body
    body = staff_client.get("/admin/organisations/?kind=actor").content.decode()
    assert "Beta Touraine" in body and "Alpha Loiret" not in body
    body = staff_client.get("/admin/organisations/?seat_commune__department=45").content.decode()
    assert "Alpha Loiret" in body and "Beta Touraine" not in body
    body = staff_client.get("/admin/organisations-membres/?q=membre-alpha").content.decode()
    assert "membre-alpha@exemple.org" in body or "Alpha Loiret" in body


def test_verify_action(staff_client, orgs):
    a, _ = orgs
    assert staff_client.get(f"/admin/organisations/verify/{a.pk}/").status_code == 200
    response = staff_client.post(f"/admin/organisations/verify/{a.pk}/", {"verified": "1"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.is_verified and a.verified_by == staff_client.staff and a.verified_at
    body = staff_client.get("/admin/organisations/?is_verified=true").content.decode()
    assert "Alpha Loiret" in body and "Beta Touraine" not in body
    staff_client.post(f"/admin/organisations/verify/{a.pk}/", {"verified": "0"})
    a.refresh_from_db()
    assert not a.is_verified and a.verified_by is None


def test_verify_is_for_staff_only(client, orgs):
    a, _ = orgs
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/admin/organisations/verify/{a.pk}/", {"verified": "1"})
    assert (response.status_code, response["Location"]) == (
        302, f"/compte/login/?next=/admin/organisations/verify/{a.pk}/")
    a.refresh_from_db()
    assert not a.is_verified


def test_export_xlsx_and_csv(staff_client, orgs):
    response = staff_client.get("/admin/organisations/?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert "organisations.xlsx" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Nom", "Type", "RNA", "SIRET")
    names = {row[0] for row in rows[1:]}
    assert names == {"Alpha Loiret", "Beta Touraine"}
    alpha = next(row for row in rows if row[0] == "Alpha Loiret")
    assert "45234" in alpha and "45" in alpha and "Orléans" in alpha

    response = staff_client.get("/admin/organisations/?export=csv&kind=actor")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "Nom"
    assert [r[0] for r in rows[1:]] == ["Beta Touraine"]


def test_staff_groups_exist_with_admin_access():
    for name in ("Rédaction", "Modération"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    editors = Group.objects.get(name="Rédaction")
    assert editors.page_permissions.filter(permission__codename="publish_page").exists()
    moderators = Group.objects.get(name="Modération")
    assert moderators.permissions.filter(codename="change_organisation").exists()


def test_moderator_may_verify_but_editor_may_not(client, orgs):
    a, _ = orgs
    for group_name, allowed in (("Modération", True), ("Rédaction", False)):
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        login_with_mfa(client, user)
        response = client.get(f"/admin/organisations/verify/{a.pk}/")
        assert (response.status_code == 200) is allowed, group_name
