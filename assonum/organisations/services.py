"""Every write on organisations, memberships and invitations (one function per use case)."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assonum.core.emails import absolute_url, send_email
from assonum.core.workflow import transition

from .models import Invitation, Membership, Organisation

INVITATION_SALT = "assonum.organisations.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30  # 30 days


class OrganisationError(Exception):
    """A use case refused, with a message fit for the person who asked (French)."""


class LastAdministratorError(OrganisationError):
    pass


def unique_slug(name: str, *, exclude_pk=None) -> str:
    base = (slugify(name) or "organisation")[:200]
    slug, n = base, 2
    queryset = Organisation.objects.all()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(*, creator, organisation: Organisation, networks=()) -> Organisation:
    """Save a new organisation (built by a form) and make its creator its administrator."""
    if not organisation.slug:
        organisation.slug = unique_slug(organisation.name)
    organisation.is_verified = False
    organisation.save()
    if networks:
        organisation.networks.set(networks)
    Membership.objects.create(user=creator, organisation=organisation, role=Membership.Role.ADMIN)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, networks=None) -> Organisation:
    organisation.save()
    if networks is not None:
        organisation.networks.set(networks)
    return organisation


def _admin_count(organisation) -> int:
    return organisation.memberships.select_for_update().filter(role=Membership.Role.ADMIN).count()


def _lock(organisation):
    # Serialise membership changes of one organisation (PostgreSQL row lock; SQLite locks the DB).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


@transaction.atomic
def change_role(*, membership: Membership, role: str) -> Membership:
    _lock(membership.organisation)
    membership.refresh_from_db()
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise LastAdministratorError(_(
            "%(name)s est le seul administrateur de l'organisation : nommez d'abord un autre "
            "administrateur, puis changez son rôle.") % {"name": membership.user})
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    _lock(membership.organisation)
    if membership.role == Membership.Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise LastAdministratorError(_(
            "C'est le seul administrateur de l'organisation : nommez d'abord un autre "
            "administrateur."))
    membership.delete()


@transaction.atomic
def leave_organisation(*, user, organisation: Organisation) -> None:
    _lock(organisation)
    membership = Membership.objects.get(user=user, organisation=organisation)
    if membership.role == Membership.Role.ADMIN and _admin_count(organisation) <= 1:
        raise LastAdministratorError(_(
            "Vous êtes le seul administrateur de « %(org)s » : avant de partir, nommez "
            "administrateur un autre membre (ou invitez-en un).") % {"org": organisation})
    membership.delete()


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"id": invitation.pk, "email": invitation.email.lower()},
                         salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a signed link designates, or None (altered, expired or unknown)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=data.get("id"), email__iexact=data.get("email", ""))
        .first()
    )


def invitation_url(invitation: Invitation) -> str:
    return reverse("organisations:invitation", kwargs={"token": invitation_token(invitation)})


def send_invitation(invitation: Invitation) -> None:
    """Email the invitation link (after the transaction commits)."""
    send_email(
        to=[invitation.email],
        subject=_("Invitation à rejoindre %(org)s") % {"org": invitation.organisation},
        template="organisations/email/invitation",
        context={"invitation": invitation, "url": absolute_url(invitation_url(invitation)),
                 "site_name": settings.WAGTAIL_SITE_NAME},
    )


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str, invited_by) -> Invitation:
    """Invite ``email`` to join; the email leaves once the transaction is committed."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise OrganisationError(_("Cette personne est déjà membre de l'organisation."))
    if organisation.invitations.pending().filter(email__iexact=email).exists():
        raise OrganisationError(_(
            "Une invitation est déjà en attente pour cette adresse. Elle peut utiliser le lien "
            "reçu par e-mail."))
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation, email=email, role=role, invited_by=invited_by)
    except IntegrityError:
        raise OrganisationError(
            _("Une invitation est déjà en attente pour cette adresse.")) from None
    send_invitation(invitation)
    return invitation


def _response(user) -> dict:
    return {"responded_by": user if getattr(user, "pk", None) else None,
            "responded_at": timezone.now()}


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    invitation = transition(invitation, Invitation.Status.ACCEPTED, by=user, message=_(
        "Cette invitation n'est plus valable."), changes=_response(user))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role})
    if not created and invitation.role == Membership.Role.ADMIN:
        membership.role = Membership.Role.ADMIN
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def decline_invitation(*, invitation: Invitation, user) -> None:
    transition(invitation, Invitation.Status.DECLINED, by=user, message=_(
        "Cette invitation n'est plus valable."), changes=_response(user))


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by) -> None:
    transition(invitation, Invitation.Status.REVOKED, by=by, message=_(
        "Cette invitation n'est plus en attente."), changes=_response(by))


@transaction.atomic
def remove_from_network(*, network: Organisation, organisation: Organisation) -> None:
    organisation.networks.remove(network)


@transaction.atomic
def set_verified(*, organisation: Organisation, verified: bool, by) -> Organisation:
    organisation.is_verified = verified
    organisation.verified_at = timezone.now() if verified else None
    organisation.verified_by = by if verified else None
    organisation.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    return organisation


def sole_admin_organisations(user):
    """Organisations where ``user`` is the only administrator and other members remain."""
    result = []
    memberships = (
        Membership.objects.filter(user=user, role=Membership.Role.ADMIN)
        .select_related("organisation")
    )
    for membership in memberships:
        org = membership.organisation
        admins = org.memberships.filter(role=Membership.Role.ADMIN).count()
        others = org.memberships.exclude(user=user).count()
        if admins == 1 and others:
            result.append(org)
    return result
