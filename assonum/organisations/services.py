"""Every write on organisations, memberships and invitations (one function per use case)."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from assonum.core.emails import absolute_url, send_email
from assonum.core.workflow import transition

from .models import Invitation, Membership, NetworkRequest, Organisation

INVITATION_SALT = "assonum.organisations.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30  # 30 days


WRONG_ADDRESS_MESSAGE = _lazy(
    "Cette invitation a été envoyée à une autre adresse. Connectez-vous avec le compte de cette "
    "adresse, ou ajoutez-la à votre compte et confirmez-la, puis revenez sur ce lien.")


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
        declare_networks(organisation=organisation, networks=networks, by=creator)
    Membership.objects.create(user=creator, organisation=organisation, role=Membership.Role.ADMIN)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, networks=None, by=None) -> Organisation:
    organisation.save()
    if networks is not None:
        declare_networks(organisation=organisation, networks=networks, by=by)
    return organisation


def declare_networks(*, organisation: Organisation, networks, by) -> list[NetworkRequest]:
    """The networks ``organisation`` says it belongs to: leaving one is immediate; joining one
    is a request that the network's administrators approve (nobody lists themselves under a
    network without its consent). Returns the new pending requests."""
    wanted = {n.pk: n for n in networks if n.pk != organisation.pk}
    current = set(organisation.networks.values_list("pk", flat=True))
    gone = current - set(wanted)
    if gone:
        organisation.networks.remove(*gone)
    organisation.network_requests.filter(status=NetworkRequest.Status.PENDING).exclude(
        network_id__in=list(wanted)).delete()
    pending = set(organisation.network_requests.filter(
        status=NetworkRequest.Status.PENDING).values_list("network_id", flat=True))
    created = []
    for pk, network in wanted.items():
        if pk in current or pk in pending:
            continue
        created.append(NetworkRequest.objects.create(
            organisation=organisation, network=network, requested_by=by))
    return created


@transaction.atomic
def decide_network_request(*, network_request: NetworkRequest, approve: bool, by) -> None:
    """A network administrator accepts (the organisation joins the list) or refuses."""
    network_request = transition(
        network_request,
        NetworkRequest.Status.APPROVED if approve else NetworkRequest.Status.REFUSED,
        by=by, message=_("Cette demande a déjà été traitée."),
        changes={"decided_by": by, "decided_at": timezone.now()})
    if approve:
        network_request.organisation.networks.add(network_request.network)


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
            "Vous êtes le seul administrateur de « %(org)s » : avant de partir, nommez "
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


class QuotaExceeded(OrganisationError):
    pass


def _check_invitation_quota(*, organisation: Organisation, invited_by) -> None:
    """At most ``INVITATIONS_PER_ACCOUNT_PER_DAY`` invitation emails sent on behalf of one
    account, and ``INVITATIONS_PER_ORGANISATION_PER_DAY`` on behalf of one organisation, over
    the last 24 hours (M5: nobody uses the platform to mail arbitrary addresses in bulk).

    Counted in the database under row locks on the account and the organisation (taken in
    this order, inside the caller's transaction), so concurrent requests on several workers
    cannot both take the last unit.
    """
    from django.contrib.auth import get_user_model

    since = timezone.now() - datetime.timedelta(hours=24)
    per_account = settings.INVITATIONS_PER_ACCOUNT_PER_DAY
    per_organisation = settings.INVITATIONS_PER_ORGANISATION_PER_DAY
    if invited_by is not None and per_account:
        list(get_user_model().objects.select_for_update().filter(pk=invited_by.pk)
             .values_list("pk", flat=True))
        sent = Invitation.objects.filter(invited_by=invited_by, created_at__gte=since).count()
        if sent >= per_account:
            raise QuotaExceeded(_(
                "Vous avez envoyé %(count)d invitations en 24 heures, le maximum. Réessayez "
                "demain, ou écrivez à l'équipe si vous devez inviter plus de monde.")
                % {"count": sent})
    if per_organisation:
        _lock(organisation)
        sent = organisation.invitations.filter(created_at__gte=since).count()
        if sent >= per_organisation:
            raise QuotaExceeded(_(
                "« %(org)s » a envoyé %(count)d invitations en 24 heures, le maximum. Réessayez "
                "demain.") % {"org": organisation, "count": sent})


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str, invited_by) -> Invitation:
    """Invite ``email`` to join; the email leaves once the transaction is committed."""
    email = email.strip().lower()
    _check_invitation_quota(organisation=organisation, invited_by=invited_by)
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
    from .perms import is_invited

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == Invitation.Status.PENDING and not is_invited(user, invitation):
        raise OrganisationError(WRONG_ADDRESS_MESSAGE)
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
    from .perms import is_invited

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == Invitation.Status.PENDING and not is_invited(user, invitation):
        raise OrganisationError(WRONG_ADDRESS_MESSAGE)
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
