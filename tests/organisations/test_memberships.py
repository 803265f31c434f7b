"""Roles, invitations and the last-administrator rule, through HTTP."""

import html

import pytest

from assonum.organisations import services
from assonum.organisations.models import Invitation, Membership
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, organisation_with_admin

pytestmark = pytest.mark.django_db


def test_last_admin_cannot_leave(client):
    org, admin = organisation_with_admin()
    MembershipFactory(organisation=org)  # a plain member
    client.force_login(admin)
    response = client.post(f"/organisations/{org.slug}/quitter/")
    assert response.status_code == 400
    assert "seul administrateur" in html.unescape(response.content.decode())
    assert Membership.objects.filter(user=admin, organisation=org).exists()


def test_last_admin_cannot_be_demoted_nor_removed(client):
    org, admin = organisation_with_admin()
    own = Membership.objects.get(user=admin)
    client.force_login(admin)
    response = client.post(f"/organisations/{org.slug}/membres/{own.pk}/role/", {"role": "member"},
                           follow=True)
    assert "nommez d'abord un autre administrateur" in html.unescape(response.content.decode())
    own.refresh_from_db()
    assert own.role == "admin"
    with pytest.raises(services.LastAdministratorError):
        services.remove_member(membership=own)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_hand_over_then_leave(client):
    org, admin = organisation_with_admin()
    other = MembershipFactory(organisation=org)
    client.force_login(admin)
    client.post(f"/organisations/{org.slug}/membres/{other.pk}/role/", {"role": "admin"})
    other.refresh_from_db()
    assert other.role == "admin"
    response = client.post(f"/organisations/{org.slug}/quitter/")
    assert response.status_code == 302
    assert list(org.memberships.values_list("user_id", flat=True)) == [other.user_id]


def test_admin_removes_a_member(client):
    org, admin = organisation_with_admin()
    member = MembershipFactory(organisation=org)
    client.force_login(admin)
    response = client.post(f"/organisations/{org.slug}/membres/{member.pk}/retirer/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_member_may_leave(client):
    org, admin = organisation_with_admin()
    member = MembershipFactory(organisation=org)
    client.force_login(member.user)
    assert client.get(f"/organisations/{org.slug}/quitter/").status_code == 200
    assert client.post(f"/organisations/{org.slug}/quitter/").status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_invitation_refused_for_members_and_duplicates(client, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    org, admin = organisation_with_admin()
    member = MembershipFactory(organisation=org)
    client.force_login(admin)
    response = client.post(f"/organisations/{org.slug}/membres/inviter/",
                           {"email": member.user.email, "role": "member"})
    assert response.status_code == 400
    assert "déjà membre" in html.unescape(response.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisations/{org.slug}/membres/inviter/",
                    {"email": "new@exemple.org", "role": "admin"})
    assert len(mailoutbox) == 1
    response = client.post(f"/organisations/{org.slug}/membres/inviter/",
                           {"email": "NEW@exemple.org", "role": "member"})
    assert response.status_code == 400
    assert "déjà en attente" in html.unescape(response.content.decode())
    # What was typed is kept.
    assert 'value="NEW@exemple.org"' in html.unescape(response.content.decode())
    assert Invitation.objects.count() == 1


def test_invalid_email_is_reported(client):
    org, admin = organisation_with_admin()
    client.force_login(admin)
    response = client.post(f"/organisations/{org.slug}/membres/inviter/",
                           {"email": "pas-une-adresse", "role": "member"})
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide" in html.unescape(response.content.decode())


def test_invitation_as_admin_gives_the_admin_role_and_can_be_declined_or_revoked(client):
    org, admin = organisation_with_admin()
    invited = UserFactory()
    invitation = services.invite_member(organisation=org, email=invited.email, role="admin",
                                        invited_by=admin)
    client.force_login(invited)
    url = services.invitation_url(invitation)
    page = client.get(url)
    assert page.status_code == 200 and org.name in html.unescape(page.content.decode())
    client.post(url, {"action": "accept"})
    assert Membership.objects.get(user=invited, organisation=org).role == "admin"
    # An accepted invitation cannot be used again.
    assert client.post(url, {"action": "decline"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "accepted"

    second = services.invite_member(organisation=org, email="x@exemple.org", role="member",
                                    invited_by=admin)
    client.force_login(admin)
    client.post(f"/organisations/{org.slug}/invitations/{second.pk}/annuler/")
    second.refresh_from_db()
    assert second.status == "revoked"
    third = services.invite_member(organisation=org, email="y@exemple.org", role="member",
                                   invited_by=admin)
    someone = UserFactory(email="y@exemple.org")
    client.force_login(someone)
    client.post(services.invitation_url(third), {"action": "decline"})
    third.refresh_from_db()
    assert third.status == "declined"
    assert not Membership.objects.filter(user=someone).exists()


def test_altered_invitation_link_is_404(client):
    org, admin = organisation_with_admin()
    invitation = services.invite_member(organisation=org, email="z@exemple.org", role="member",
                                        invited_by=admin)
    url = services.invitation_url(invitation)
    assert client.get(url[:-3] + "abc/").status_code == 404
    assert client.get("/invitations/n-importe-quoi/").status_code == 404


def test_invitation_state_table_refuses_impossible_moves():
    org, admin = organisation_with_admin()
    invitation = services.invite_member(organisation=org, email="w@exemple.org", role="member",
                                        invited_by=admin)
    services.revoke_invitation(invitation=invitation, by=admin)
    invitation.refresh_from_db()
    from assonum.core.workflow import InvalidTransition, transition
    with pytest.raises(InvalidTransition, match="plus valable"):
        services.accept_invitation(invitation=invitation, user=admin)
    with pytest.raises(InvalidTransition):
        transition(invitation, Invitation.Status.ACCEPTED)
