"""Who may see and change an organisation: the only place that answers it.

Other apps ask here whether a user acts for an organisation (a story proposed by an
association, a directory listing kept by a digital actor...).
"""

from .models import Membership, Organisation


def organisations_of(user, kinds=None):
    """The organisations ``user`` belongs to (optionally only of the given kinds)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    queryset = Organisation.objects.filter(memberships__user=user)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.distinct()


def is_member(user, organisation) -> bool:
    return user.is_authenticated and Membership.objects.filter(
        user=user, organisation=organisation
    ).exists()


def is_admin(user, organisation) -> bool:
    return user.is_authenticated and Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.ADMIN
    ).exists()


def can_view_members(user, organisation) -> bool:
    return user.is_authenticated and (user.is_staff or is_member(user, organisation))


def can_edit(user, organisation) -> bool:
    return user.is_authenticated and (user.is_staff or is_admin(user, organisation))
