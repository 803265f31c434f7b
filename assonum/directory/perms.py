"""Who may see, propose, edit, claim and moderate directory listings: the only place that says.

- a signed-in member of a digital-actor organisation proposes listings and claims existing ones;
- the members of the organisation that owns a listing edit it (through moderation);
- staff with moderation rights (superusers, the "Modération" group, or whoever holds the
  ``directory.change_place`` permission) approve or reject, and edit without moderation, once
  they act as staff (``assonum.core.perms``: back office AND second factor in this session).
"""

from assonum.core.perms import may_use_back_office, user_acts_as_staff
from assonum.organisations.perms import organisations_of

from .models import Place

ACTOR_KINDS = ["actor"]
MODERATORS_GROUP = "Modération"


def actor_organisations(user):
    """The digital-actor organisations ``user`` belongs to (a QuerySet)."""
    return organisations_of(user, kinds=ACTOR_KINDS)


def has_moderation_rights(user) -> bool:
    """Holds the moderation rights (whether or not this session passed the second factor)."""
    if not may_use_back_office(user):
        return False
    if user.is_superuser or user.has_perm("directory.change_place"):
        return True
    return user.groups.filter(name=MODERATORS_GROUP).exists()


def can_moderate(user) -> bool:
    """Moderation rights, used by someone acting as staff (second factor passed)."""
    return user_acts_as_staff(user) and has_moderation_rights(user)


def can_propose(user) -> bool:
    return user.is_authenticated and (can_moderate(user) or actor_organisations(user).exists())


def owner_ids(user) -> set[int]:
    """Ids of every organisation ``user`` belongs to (owners may be of any kind)."""
    return set(organisations_of(user).values_list("pk", flat=True))


def is_owner(user, place: Place) -> bool:
    return bool(user.is_authenticated and place.owner_id and place.owner_id in owner_ids(user))


def can_edit(user, place: Place) -> bool:
    """Owners (their edits are moderated) and moderators (applied at once)."""
    if not user.is_authenticated:
        return False
    if place.status == Place.Status.ARCHIVED and not can_moderate(user):
        return False
    return can_moderate(user) or is_owner(user, place)


def edits_need_review(user) -> bool:
    return not can_moderate(user)


def can_claim(user, place: Place) -> bool:
    """A member of an actor organisation that does not already own this published listing."""
    if not user.is_authenticated or place.status != Place.Status.PUBLISHED:
        return False
    organisations = actor_organisations(user)
    if place.owner_id:
        organisations = organisations.exclude(pk=place.owner_id)
    return organisations.exists()


def claimable_organisations(user, place: Place):
    organisations = actor_organisations(user)
    if place.owner_id:
        organisations = organisations.exclude(pk=place.owner_id)
    return organisations


def can_view(user, place: Place) -> bool:
    """Published listings are public; others only for their owners and moderators."""
    if place.status == Place.Status.PUBLISHED:
        return True
    return can_moderate(user) or is_owner(user, place)
