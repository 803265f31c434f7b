"""Every private URL against an anonymous visitor and a member of ANOTHER organisation.

Anonymous visitors are sent to the login page; people of another organisation get 403;
plain members may see the members list but not change anything.
"""

import html

import pytest

from assonum.organisations import services
from assonum.organisations.models import Membership
from tests.organisations.factories import (
    MembershipFactory,
    organisation_with_admin,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    org, admin = organisation_with_admin()
    member = MembershipFactory(organisation=org)
    network, network_admin = organisation_with_admin(network=True)
    org.networks.add(network)
    _, outsider = organisation_with_admin()  # administrator of another organisation
    invitation = services.invite_member(organisation=org, email="invite@exemple.org",
                                        role="member", invited_by=admin)
    return {"org": org, "admin": admin, "member": member, "network": network,
            "network_admin": network_admin, "outsider": outsider, "invitation": invitation}


def private_urls(s):
    org, member, inv, network = s["org"], s["member"], s["invitation"], s["network"]
    return [
        # (method, url, data, may a plain member do it?)
        ("get", f"/organisations/{org.slug}/modifier/", None, False),
        ("post", f"/organisations/{org.slug}/modifier/", {"name": "Piraté"}, False),
        ("get", f"/organisations/{org.slug}/membres/", None, True),
        ("post", f"/organisations/{org.slug}/membres/inviter/",
         {"email": "intrus@exemple.org", "role": "admin"}, False),
        ("post", f"/organisations/{org.slug}/membres/{member.pk}/role/", {"role": "admin"}, False),
        ("post", f"/organisations/{org.slug}/membres/{member.pk}/retirer/", {}, False),
        ("post", f"/organisations/{org.slug}/invitations/{inv.pk}/annuler/", {}, False),
        ("get", f"/organisations/{org.slug}/quitter/", None, True),
        ("post", f"/organisations/{network.slug}/reseau/{org.pk}/retirer/", {}, False),
    ]


def _call(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


def test_anonymous_visitors_are_sent_to_login(client, setup):
    for method, url, data, _ in private_urls(setup) + [
        ("get", "/organisations/nouvelle/", None, True),
        ("get", "/espace/", None, True),
        ("get", "/espace/mes-donnees/", None, True),
        ("get", "/espace/mes-donnees/telecharger/", None, True),
        ("get", "/espace/supprimer-mon-compte/", None, True),
        ("post", "/espace/supprimer-mon-compte/", {"password": "x", "confirm": "on"}, True),
    ]:
        response = _call(client, method, url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/compte/login/"), url
    _assert_nothing_changed(setup)


def test_members_of_another_organisation_get_403(client, setup):
    client.force_login(setup["outsider"])
    for method, url, data, _ in private_urls(setup):
        assert _call(client, method, url, data).status_code == 403, url
    _assert_nothing_changed(setup)


def test_plain_members_cannot_manage(client, setup):
    client.force_login(setup["member"].user)
    for method, url, data, member_may in private_urls(setup):
        status = _call(client, method, url, data).status_code
        if member_may:
            assert status == 200, url
        else:
            assert status == 403, url
    _assert_nothing_changed(setup)


def test_network_admin_may_only_remove_from_own_network(client, setup):
    other_network, other_admin = organisation_with_admin(network=True)
    client.force_login(other_admin)
    url = f"/organisations/{setup['network'].slug}/reseau/{setup['org'].pk}/retirer/"
    assert client.post(url).status_code == 403
    # Their own network does not list the organisation: 404.
    url = f"/organisations/{other_network.slug}/reseau/{setup['org'].pk}/retirer/"
    assert client.post(url).status_code == 404
    client.force_login(setup["network_admin"])
    url = f"/organisations/{setup['network'].slug}/reseau/{setup['org'].pk}/retirer/"
    assert client.post(url).status_code == 302
    assert not setup["org"].networks.exists()


def test_ids_of_another_organisation_are_404(client, setup):
    """An admin cannot reach another organisation's memberships through their own URL."""
    other_org, other_admin = organisation_with_admin()
    client.force_login(other_admin)
    member = setup["member"]
    url = f"/organisations/{other_org.slug}/membres/{member.pk}/retirer/"
    assert client.post(url).status_code == 404
    url = f"/organisations/{other_org.slug}/invitations/{setup['invitation'].pk}/annuler/"
    assert client.post(url).status_code == 404
    _assert_nothing_changed(setup)


def test_members_page_does_not_leak_emails_to_plain_members(client, setup):
    client.force_login(setup["member"].user)
    response = client.get(f"/organisations/{setup['org'].slug}/membres/")
    body = html.unescape(response.content.decode())
    assert setup["admin"].email not in body
    assert "invite@exemple.org" not in body


def test_public_profile_shows_only_public_fields(client, setup):
    org = setup["org"]
    body = html.unescape(client.get(f"/organisations/{org.slug}/").content.decode())
    assert org.name in body
    assert setup["admin"].email not in body
    assert setup["member"].user.email not in body
    assert "invite@exemple.org" not in body
    assert "/modifier/" not in body


def _assert_nothing_changed(s):
    s["org"].refresh_from_db()
    assert s["org"].name != "Piraté"
    assert Membership.objects.get(pk=s["member"].pk).role == "member"
    s["invitation"].refresh_from_db()
    assert s["invitation"].status == "pending"
    assert s["org"].invitations.count() == 1
    assert s["org"].networks.count() == 1
