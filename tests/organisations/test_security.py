"""Issue 17: invitations tied to the invited address (M2) and throttled (M5)."""

import html

import pytest
from allauth.account.models import EmailAddress

from assonum.organisations import services
from assonum.organisations.models import Invitation, Membership
from tests.accounts.factories import UserFactory
from tests.organisations.factories import organisation_with_admin

pytestmark = pytest.mark.django_db


def test_an_invitation_is_accepted_only_by_the_invited_address(client):
    org, admin = organisation_with_admin(name="Familles rurales de La Châtre")
    invitation = services.invite_member(organisation=org, email="tresoriere@exemple.org",
                                        role="admin", invited_by=admin)
    url = services.invitation_url(invitation)
    intruder = UserFactory(email="quelquun@exemple.org")  # holds the forwarded link
    client.force_login(intruder)
    page = html.unescape(client.get(url).content.decode())
    assert "une adresse que votre compte n'a pas confirmée" in page
    assert "Accepter" not in page
    response = client.post(url, {"action": "accept"}, follow=True)
    assert "envoyée à une autre adresse" in html.unescape(response.content.decode())
    assert not Membership.objects.filter(user=intruder, organisation=org).exists()
    client.post(url, {"action": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    # The service refuses too (whatever the view).
    with pytest.raises(services.OrganisationError):
        services.accept_invitation(invitation=invitation, user=intruder)


def test_an_unconfirmed_address_does_not_count_but_a_confirmed_second_one_does(client):
    org, admin = organisation_with_admin()
    invitation = services.invite_member(organisation=org, email="benevole@exemple.org",
                                        role="member", invited_by=admin)
    url = services.invitation_url(invitation)
    user = UserFactory(email="principal@exemple.org")
    address = EmailAddress.objects.create(user=user, email="benevole@exemple.org",
                                          verified=False)
    client.force_login(user)
    client.post(url, {"action": "accept"})
    assert not Membership.objects.filter(user=user).exists()
    address.verified = True
    address.save()
    client.post(url, {"action": "accept"})
    assert Membership.objects.get(user=user, organisation=org).role == "member"


def test_invitations_are_limited_per_account_and_per_organisation(client, settings):
    settings.INVITATIONS_PER_ACCOUNT_PER_DAY = 3
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 4
    org, admin = organisation_with_admin()
    client.force_login(admin)
    for n in range(3):
        response = client.post(f"/organisations/{org.slug}/membres/inviter/",
                               {"email": f"personne{n}@exemple.org", "role": "member"})
        assert response.status_code == 302
    response = client.post(f"/organisations/{org.slug}/membres/inviter/",
                           {"email": "une-de-trop@exemple.org", "role": "member"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "3 invitations en 24 heures, le maximum" in page
    assert 'value="une-de-trop@exemple.org"' in page  # what was typed is kept
    assert org.invitations.count() == 3
    # A second administrator may send one more for the organisation, then the organisation
    # is at its own limit.
    other_admin = UserFactory()
    Membership.objects.create(user=other_admin, organisation=org, role="admin")
    services.invite_member(organisation=org, email="quatre@exemple.org", role="member",
                           invited_by=other_admin)
    with pytest.raises(services.QuotaExceeded, match="4 invitations"):
        services.invite_member(organisation=org, email="cinq@exemple.org", role="member",
                               invited_by=other_admin)
    assert org.invitations.count() == 4


# --- Low items: names on one line, no direction overrides, length caps -----------------------


def _edit(client, org, **overrides):
    data = {"name": org.name, "rna": org.rna, "siret": "", "seat_commune": "", "sector": "",
            "description": "", "members_count": "", "volunteers_count": "",
            "employees_count": "", "website": "", "public_email": "", "public_phone": ""}
    data.update(overrides)
    return client.post(f"/organisations/{org.slug}/modifier/", data)


@pytest.mark.parametrize("name, message", [
    ("Asso de Vierzon\r\nBcc: tout-le-monde@exemple.org", "sur une seule ligne"),
    ("Asso\tde Vierzon", "sur une seule ligne"),
    ("Asso \u202eeuqilbup\u202c de Vierzon", "inversent le sens d'écriture"),
    ("Asso \u2066de\u2069 Vierzon", "inversent le sens d'écriture"),
])
def test_names_with_line_breaks_or_direction_overrides_are_refused(client, name, message):
    org, admin = organisation_with_admin(name="Asso de Vierzon")
    client.force_login(admin)
    response = _edit(client, org, name=name)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    org.refresh_from_db()
    assert org.name == "Asso de Vierzon"


def test_a_three_megabyte_description_is_refused_in_french(client):
    org, admin = organisation_with_admin(name="Asso de Romorantin")
    client.force_login(admin)
    response = _edit(client, org, description="Présentation. " * 220_000)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "au plus 5000 caractères" in body
    assert "Asso de Romorantin" in body  # the form keeps what was typed
    org.refresh_from_db()
    assert org.description == ""


def test_an_old_name_with_a_line_break_does_not_break_the_invitation_email(
        client, mailoutbox, django_capture_on_commit_callbacks):
    from assonum.organisations.models import Organisation

    org, admin = organisation_with_admin(name="Asso de Bourges")
    Organisation.objects.filter(pk=org.pk).update(name="Asso de\r\nBourges")  # saved long ago
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(organisation=org, email="nouvelle@exemple.org", role="member",
                               invited_by=admin)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.endswith("Invitation à rejoindre Asso de Bourges")


def test_an_association_cannot_list_itself_under_a_network_without_its_consent(client):
    from assonum.organisations.models import NetworkRequest

    network, network_admin = organisation_with_admin(network=True,
                                                     name="Fédération des foyers ruraux")
    org, admin = organisation_with_admin(name="Foyer rural de L'Île-Bouchard")
    client.force_login(admin)
    response = _edit(client, org, networks=[network.pk])
    assert response.status_code == 302
    assert not network.member_organisations.exists()
    request = NetworkRequest.objects.get(organisation=org, network=network)
    assert request.status == "pending"
    # Editing again with the network still ticked does not duplicate the request.
    _edit(client, org, networks=[network.pk])
    assert NetworkRequest.objects.filter(organisation=org).count() == 1
    # The network's administrator refuses: the association stays off the list.
    client.force_login(network_admin)
    client.post(f"/organisations/{network.slug}/reseau/demandes/{request.pk}/",
                {"action": "refuse"})
    request.refresh_from_db()
    assert request.status == "refused" and request.decided_by == network_admin
    assert not network.member_organisations.exists()
    page = html.unescape(client.get(f"/organisations/{network.slug}/").content.decode())
    assert "Aucune organisation n'a encore déclaré en faire partie" in page
    assert "Demandes à traiter" not in page
