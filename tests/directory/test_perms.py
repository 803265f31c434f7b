"""Access control: every private URL of the directory against anonymous visitors and others."""

import pytest

from assonum.core.perms import PASSED_MFA_ATTRIBUTE
from assonum.directory import perms
from assonum.directory.models import Place, PlaceChange, PlaceClaim
from tests.directory.factories import PlaceFactory
from tests.directory.selfservice_helpers import (
    login,
    make_actor_member,
    make_association_member,
    make_moderator,
    make_user,
)

pytestmark = pytest.mark.django_db


def passed_mfa(user):
    """``user`` as ``request.user`` of a session that passed the second factor."""
    setattr(user, PASSED_MFA_ATTRIBUTE, True)
    return user


@pytest.fixture
def world():
    owner, owner_org = make_actor_member("owner@acteur.fr")
    other, other_org = make_actor_member("other@autre-acteur.fr")
    asso, _ = make_association_member("membre@asso.fr")
    place = PlaceFactory(owner=owner_org)
    change = PlaceChange.objects.create(place=place, data={"nom": "X"}, organisation=owner_org,
                                        submitted_by=owner)
    claim = PlaceClaim.objects.create(place=place, organisation=other_org, user=other)
    return {"owner": owner, "other": other, "asso": asso, "place": place, "change": change,
            "claim": claim, "owner_org": owner_org, "other_org": other_org}


def private_urls(world):
    slug = world["place"].slug
    return {
        "propose": "/annuaire/proposer/",
        "edit": f"/annuaire/{slug}/modifier/",
        "claim": f"/annuaire/{slug}/revendiquer/",
        "queue": "/annuaire/moderation/",
        "change": f"/annuaire/moderation/modifications/{world['change'].pk}/",
        "claim_review": f"/annuaire/moderation/revendications/{world['claim'].pk}/",
    }


def test_anonymous_is_sent_to_login_everywhere(client, world):
    for name, url in private_urls(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/compte/login/"), name
    response = client.post(f"/annuaire/{world['place'].slug}/a-jour/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    response = client.post(
        f"/annuaire/moderation/modifications/{world['change'].pk}/", {"action": "approve"},
    )
    assert response.status_code == 302
    world["change"].refresh_from_db()
    assert world["change"].status == "pending"


def test_member_of_another_organisation(client, world):
    login(client, world["other"])
    urls = private_urls(world)
    assert client.get(urls["edit"]).status_code == 403
    assert client.post(urls["edit"], {"nom": "Piraté"}).status_code == 403
    assert client.post(f"/annuaire/{world['place'].slug}/a-jour/").status_code == 403
    for name in ("queue", "change", "claim_review"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["change"], {"action": "approve"}).status_code == 403
    assert client.post(urls["claim_review"], {"action": "approve"}).status_code == 403
    world["place"].refresh_from_db()
    assert world["place"].owner == world["owner_org"]
    # But it may propose its own listing and claim this one.
    assert client.get(urls["propose"]).status_code == 200
    assert client.get(urls["claim"]).status_code == 200


def test_association_member_cannot_propose_or_claim(client, world):
    login(client, world["asso"])
    urls = private_urls(world)
    response = client.get(urls["propose"])
    assert response.status_code == 403
    assert "acteur du numérique" in response.content.decode()
    assert client.post(urls["propose"], {"nom": "X"}).status_code == 403
    assert client.get(urls["claim"]).status_code == 403
    assert client.get(urls["edit"]).status_code == 403
    assert not PlaceChange.objects.filter(submitted_by=world["asso"]).exists()


def test_owner(client, world):
    login(client, world["owner"])
    urls = private_urls(world)
    assert client.get(urls["edit"]).status_code == 200
    # It already holds the listing: nothing to claim.
    assert client.get(urls["claim"]).status_code == 403
    for name in ("queue", "change", "claim_review"):
        assert client.get(urls[name]).status_code == 403, name


def test_owner_cannot_approve_its_own_change(client, world):
    login(client, world["owner"])
    assert client.post(private_urls(world)["change"], {"action": "approve"}).status_code == 403
    world["change"].refresh_from_db()
    assert world["change"].status == "pending"


def test_staff_without_moderation_rights(client, world):
    login(client, make_user("staff@assonum.fr", is_staff=True), mfa=True)
    for name in ("queue", "change", "claim_review"):
        assert client.get(private_urls(world)[name]).status_code == 403, name


def test_moderator_needs_a_second_factor(client, world):
    moderator = make_moderator()
    login(client, moderator)
    response = client.get(private_urls(world)["queue"])
    assert response.status_code == 302 and response["Location"] == "/admin/"
    login(client, moderator, mfa=True)
    for name in ("queue", "change", "claim_review", "edit"):
        assert client.get(private_urls(world)[name]).status_code == 200, name


def test_unpublished_place_visible_to_owner_and_moderators_only(client, world):
    place = world["place"]
    place.status = Place.Status.PENDING
    place.save()
    assert client.get(place.get_absolute_url()).status_code == 404
    login(client, world["other"])
    assert client.get(place.get_absolute_url()).status_code == 404
    login(client, world["owner"])
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    assert "pas publique" in response.content.decode()


def test_perms_functions(world):
    place, owner, other, asso = world["place"], world["owner"], world["other"], world["asso"]
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert perms.can_edit(owner, place) and not perms.can_edit(other, place)
    assert not perms.can_edit(anonymous, place) and not perms.can_edit(asso, place)
    assert perms.can_claim(other, place) and not perms.can_claim(owner, place)
    assert not perms.can_claim(asso, place) and not perms.can_claim(anonymous, place)
    assert perms.can_propose(owner) and not perms.can_propose(asso)
    assert not perms.can_propose(anonymous)
    moderator = make_moderator()
    # Moderation rights are used only by a session that passed the second factor (M1).
    assert perms.has_moderation_rights(moderator) and not perms.can_moderate(moderator)
    assert perms.can_moderate(passed_mfa(moderator)) and not perms.can_moderate(passed_mfa(owner))
    superuser = make_user("root@assonum.fr", is_staff=True, is_superuser=True)
    assert not perms.can_moderate(superuser)
    superuser = passed_mfa(superuser)
    assert perms.can_moderate(superuser) and perms.can_edit(superuser, place)
    # An archived listing is no longer editable by its owner.
    place.status = Place.Status.ARCHIVED
    assert not perms.can_edit(owner, place)
    # A member of an actor organisation may claim a listing that has no owner.
    orphan = PlaceFactory(owner=None)
    assert perms.can_claim(owner, orphan)
