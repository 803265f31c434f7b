"""Who may see and change an organisation: the only place that answers it.

Other apps ask here whether a user acts for an organisation (a story proposed by an
association, a directory listing kept by a digital actor...).

The public profile of an organisation is public; its members list, its invitations and its
settings are for its members (read) and its administrators (write). Staff may see and edit
every organisation once they act as staff (``assonum.core.perms``: back office AND second
factor in this session).
"""

from assonum.core.perms import user_acts_as_staff

from .models import Membership, Organisation


def organisations_of(user, kinds=None):
    """The organisations ``user`` belongs to (optionally only of the given kinds)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    queryset = Organisation.objects.filter(memberships__user=user)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.distinct()


def administered_by(user, kinds=None):
    """The organisations where ``user`` is an administrator."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    queryset = Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    )
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.distinct()


def role_of(user, organisation) -> str | None:
    """The role of ``user`` in ``organisation`` ("admin", "member") or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def is_member(user, organisation) -> bool:
    return role_of(user, organisation) is not None


def is_admin(user, organisation) -> bool:
    return role_of(user, organisation) == Membership.Role.ADMIN


def can_view_members(user, organisation) -> bool:
    return user.is_authenticated and (user_acts_as_staff(user) or is_member(user, organisation))


def can_edit(user, organisation) -> bool:
    return user.is_authenticated and (user_acts_as_staff(user) or is_admin(user, organisation))


def can_manage_members(user, organisation) -> bool:
    """Invite, change roles, remove members: the organisation's administrators only."""
    return is_admin(user, organisation)


def can_leave(user, organisation) -> bool:
    return is_member(user, organisation)


def can_create_organisation(user) -> bool:
    return user.is_authenticated


def can_declare_network(user, organisation) -> bool:
    """An association's administrators say which networks it belongs to."""
    return organisation.kind != Organisation.Kind.NETWORK and is_admin(user, organisation)


def can_decide_network_request(user, network) -> bool:
    """A network's administrators accept or refuse who appears among its members."""
    return network.kind == Organisation.Kind.NETWORK and is_admin(user, network)


def can_remove_from_network(user, network, organisation) -> bool:
    """A network's administrators may take an organisation off their list."""
    return network.kind == Organisation.Kind.NETWORK and is_admin(user, network)


def confirmed_emails(user) -> set[str]:
    """The addresses ``user`` proved they receive (verified allauth addresses), lower case."""
    if not user.is_authenticated:
        return set()
    from allauth.account.models import EmailAddress

    return {e.lower() for e in EmailAddress.objects.filter(user=user, verified=True)
            .values_list("email", flat=True)}


def is_invited(user, invitation) -> bool:
    """Is ``invitation`` addressed to one of the addresses ``user`` confirmed?"""
    return invitation.email.lower() in confirmed_emails(user)


def can_respond_to_invitation(user, invitation) -> bool:
    """The person invited: signed in with an account that confirmed the invited address.

    Holding the link is not enough (it may be forwarded, or read over someone's shoulder).
    """
    return (user.is_authenticated and invitation.status == invitation.Status.PENDING
            and is_invited(user, invitation))


def can_verify(user) -> bool:
    return user_acts_as_staff(user) and (
        user.is_superuser or user.has_perm("organisations.change_organisation")
    )
