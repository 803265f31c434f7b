import html
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from assonum.accounts import services
from assonum.organisations import services as org_services
from assonum.organisations.models import Invitation, Membership, Organisation
from tests.accounts.factories import PASSWORD, UserFactory
from tests.organisations.factories import MembershipFactory, organisation_with_admin

pytestmark = pytest.mark.django_db


def test_export_gathers_every_app(client):
    org, admin = organisation_with_admin(name="Asso export")
    invitation = org_services.invite_member(organisation=org, email="invitee@exemple.org",
                                            role="member", invited_by=admin)
    invitee = UserFactory(email="invitee@exemple.org")
    client.force_login(invitee)
    data = json.loads(client.get("/espace/mes-donnees/telecharger/").content)
    assert data["accounts"]["account"]["email"] == "invitee@exemple.org"
    assert data["accounts"]["email_addresses"] == [
        {"email": "invitee@exemple.org", "verified": True, "primary": True}]
    assert data["organisations"]["invitations_received"][0]["organisation"] == "Asso export"
    assert data["organisations"]["memberships"] == []
    assert invitation.pk  # untouched by an export
    # Every app providing the hook is in the file.
    from assonum.core.plugins import plugins
    holders = [p.app.rsplit(".", 1)[-1] for p in plugins() if p.personal_data is not None]
    assert {"accounts", "organisations", "directory", "stories"} <= set(holders)
    for label in holders:
        assert label in data


def test_delete_needs_the_right_password_and_the_box(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/espace/supprimer-mon-compte/", {"password": "faux", "confirm": "on"})
    assert response.status_code == 400
    assert "Ce mot de passe n'est pas le bon" in html.unescape(response.content.decode())
    response = client.post("/espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert "Cochez cette case" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_delete_erases_memberships_and_invitations_but_keeps_organisations(client):
    org, admin = organisation_with_admin(name="Reste")
    member = MembershipFactory(organisation=org)
    Invitation.objects.create(organisation=org, email=member.user.email, invited_by=admin)
    sent = Invitation.objects.create(organisation=org, email="tiers@exemple.org",
                                     invited_by=member.user)
    client.force_login(member.user)
    response = client.post("/espace/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.user_id).exists()
    assert not EmailAddress.objects.filter(email=member.user.email).exists()
    assert not Invitation.objects.filter(email=member.user.email).exists()
    sent.refresh_from_db()
    assert sent.invited_by is None
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert list(org.memberships.values_list("user", flat=True)) == [admin.pk]


def test_sole_member_admin_may_delete_and_the_organisation_stays(client):
    org, admin = organisation_with_admin()
    client.force_login(admin)
    assert services.deletion_blockers(user=admin) == []
    client.post("/espace/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on"})
    assert not get_user_model().objects.filter(pk=admin.pk).exists()
    assert Organisation.objects.filter(pk=org.pk).exists()


def test_deletion_is_all_or_nothing(monkeypatch):
    """If one app's erase fails, nothing is erased."""
    org, admin = organisation_with_admin()
    import dataclasses

    from assonum.core.plugins import PersonalData, plugins

    def boom(user):
        Membership.objects.filter(user=user).delete()
        raise RuntimeError("panne")

    failing = tuple(
        dataclasses.replace(p, personal_data=PersonalData(erase=boom))
        if p.app == "assonum.organisations" else p
        for p in plugins()
    )
    monkeypatch.setattr(services, "plugins", lambda: failing)
    with pytest.raises(RuntimeError):
        services.delete_account(user=admin)
    assert get_user_model().objects.filter(pk=admin.pk).exists()
    assert Membership.objects.filter(user=admin).exists()


def test_personal_data_page(client):
    client.force_login(UserFactory())
    body = html.unescape(client.get("/espace/mes-donnees/").content.decode())
    assert "Télécharger mes données" in body and "Supprimer mon compte" in body
    assert body.count("<h1") == 1
