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
