"""Every write of the "mise en relation": one transaction each, emails sent after the commit.

State changes go through :func:`assonum.core.workflow.transition`; the refusal it raises
(:class:`~assonum.core.workflow.InvalidTransition`, French message) is shown to the person.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assonum.core.concurrency import retry_when_locked
from assonum.core.emails import absolute_url, send_email
from assonum.core.french import of_name
from assonum.core.workflow import InvalidTransition, log_creation, transition
from assonum.directory.listing import json_has_any
from assonum.directory.models import Place
from assonum.organisations.models import Membership
from assonum.territory.geo import within_radius

from . import themes as theme_vocabulary
from .models import HelpRequest, Message, Recipient, ThankYou

Status = HelpRequest.Status

ALREADY_TAKEN = gettext_lazy("Un autre acteur vient de prendre en charge cette demande : elle "
                             "n'est plus disponible. Merci de votre réactivité !")


class RequestError(Exception):
    """A refusal with a French message (shown to the person)."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def _name(user) -> str:
    if user is None:
        return ""
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.email.split("@")[0]


# --- Who to tell -------------------------------------------------------------------------------


def place_emails(place) -> list[str]:
    """Where to reach a place: its organisation's members, else the listing's addresses."""
    if place.owner_id:
        emails = list(Membership.objects.filter(organisation_id=place.owner_id,
                                                user__is_active=True)
                      .order_by("user__email").values_list("user__email", flat=True))
        if emails:
            return emails
    return [email for email in (place.courriels or []) if email]


def association_emails(help_request) -> list[str]:
    emails = list(Membership.objects.filter(organisation_id=help_request.organisation_id,
                                            user__is_active=True)
                  .order_by("user__email").values_list("user__email", flat=True))
    if help_request.contact_email and help_request.contact_email not in emails:
        emails.insert(0, help_request.contact_email)
    return emails


def staff_emails() -> list[str]:
    raw = str(settings.HELPREQUESTS_STAFF_EMAILS)
    configured = [e.strip() for e in raw.split(",") if e.strip()]
    if configured:
        return configured
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, is_staff=True)
                .order_by("email").values_list("email", flat=True))


def _context(help_request, **extra):
    return {"help_request": help_request, "url": absolute_url(help_request.get_absolute_url()),
            "themes": ", ".join(help_request.theme_labels), **extra}


def _notify_recipient(recipient, *, now):
    place = recipient.place
    send_email(
        to=place_emails(place),
        subject=_("Une association %(of_commune)s cherche de l'aide") % {
            "of_commune": of_name(recipient.request.commune.name)},
        template="helprequests/emails/new_request",
        context=_context(recipient.request, place=place, can_answer=bool(place.owner_id),
                         place_url=absolute_url(place.get_absolute_url())),
    )
    Recipient.objects.filter(pk=recipient.pk).update(notified_at=now)


# --- Creating and routing ---------------------------------------------------------------------


def candidate_places(*, commune, themes, exclude=()):
    """Published places offering one of the themes, within the radius, nearest first."""
    offers = theme_vocabulary.offers_for(themes)
    if not offers or commune.latitude is None:
        return Place.objects.none()
    queryset = (Place.objects.published().filter(json_has_any("offers", offers))
                .exclude(pk__in=list(exclude)).select_related("owner"))
    return within_radius(queryset, latitude=commune.latitude, longitude=commune.longitude,
                         radius_km=settings.HELPREQUESTS_RADIUS_KM)


def route(help_request, *, now=None) -> list[Recipient]:
    """Send the request to the nearest matching places (one per organisation, at most M)."""
    now = now or timezone.now()
    taken = set(help_request.recipients.values_list("place_id", flat=True))
    chosen, owners = [], set()
    for place in candidate_places(commune=help_request.commune, themes=help_request.themes,
                                  exclude=taken):
        if place.owner_id and place.owner_id in owners:
            continue
        owners.add(place.owner_id)
        chosen.append(place)
        if len(chosen) >= settings.HELPREQUESTS_MAX_ACTORS:
            break
    recipients = [Recipient.objects.create(request=help_request, place=place,
                                           distance_km=round(place.distance_km, 1))
                  for place in chosen]
    for recipient in recipients:
        _notify_recipient(recipient, now=now)
    return recipients


@retry_when_locked
def create_request(*, organisation, author, need, themes, commune, urgency, contact_by,
                   contact_email="", contact_phone="", source="", is_fictional=False,
                   now=None) -> HelpRequest:
    now = now or timezone.now()
    with transaction.atomic():
        help_request = HelpRequest.objects.create(
            organisation=organisation, author=author, author_name=_name(author), need=need.strip(),
            themes=[t for t in theme_vocabulary.THEME_SLUGS if t in themes], commune=commune,
            urgency=urgency, contact_by=contact_by, contact_email=contact_email,
            contact_phone=contact_phone, source=source[:100], created_at=now,
            is_fictional=is_fictional,
        )
        log_creation(help_request, by=author)
        recipients = route(help_request, now=now)
        send_email(
            to=association_emails(help_request),
            subject=_("Votre demande d'aide est envoyée"),
            template="helprequests/emails/sent",
            context=_context(help_request, recipients=recipients),
        )
    return help_request


@retry_when_locked
def add_recipient(*, help_request, place, by) -> Recipient:
    """Staff send the request to one more place (it is put back in the queue if it was taken)."""
    with transaction.atomic():
        help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        if help_request.is_finished:
            raise RequestError(_("Cette demande est terminée : elle ne peut plus être envoyée."))
        recipient, created = Recipient.objects.get_or_create(
            request=help_request, place=place, defaults={"added_by": by})
        if not created and recipient.declined_at is None:
            raise RequestError(_("Cette demande a déjà été envoyée à « %(place)s ».")
                               % {"place": place.nom})
        if not created:
            recipient.declined_at, recipient.declined_by, recipient.added_by = None, None, by
            recipient.save(update_fields=["declined_at", "declined_by", "added_by"])
        if help_request.is_active:
            release(help_request=help_request, by=by,
                    note=_("Réattribuée à %(place)s") % {"place": place.nom})
        _notify_recipient(recipient, now=timezone.now())
    return recipient


def release(*, help_request, by, note=""):
    """Staff put a taken request back to "envoyée" (the actor is told)."""
    with transaction.atomic():
        previous = help_request.actor
        emails = place_emails(previous) if previous else []
        help_request = transition(help_request, Status.SENT, by=by, note=note,
                                  changes={"actor": None, "taken_by": None, "taken_at": None})
        send_email(to=emails, subject=_("Une demande vous a été retirée"),
                   template="helprequests/emails/released",
                   context=_context(help_request, place=previous))
    return help_request


# --- Actors' answers ----------------------------------------------------------------------------


@retry_when_locked
def take(*, help_request, place, by, now=None) -> HelpRequest:
    """One actor takes the request and owns it; the other places are told it is taken.

    Two actors at the same instant: :func:`transition` lets one conditional UPDATE win; the
    other gets :class:`InvalidTransition` with :data:`ALREADY_TAKEN`.
    """
    now = now or timezone.now()
    with transaction.atomic():
        help_request = transition(
            help_request, Status.TAKEN, by=by, expected=[Status.SENT], message=str(ALREADY_TAKEN),
            note=_("Prise en charge par %(place)s") % {"place": place.nom},
            changes={"actor": place, "taken_by": by, "taken_at": now,
                     "first_answer_at": help_request.first_answer_at or now},
        )
        Recipient.objects.get_or_create(request=help_request, place=place)
        send_email(to=association_emails(help_request),
                   subject=_("%(place)s prend en charge votre demande") % {"place": place.nom},
                   template="helprequests/emails/taken",
                   context=_context(help_request, place=place),
                   reply_to=place_emails(place)[:1])
        others = (help_request.recipients.exclude(place=place).filter(declined_at__isnull=True)
                  .select_related("place"))
        for other in others:
            send_email(to=place_emails(other.place),
                       subject=_("Demande prise en charge par un autre acteur"),
                       template="helprequests/emails/taken_by_other",
                       context=_context(help_request, place=other.place, taker=place))
    return help_request


@retry_when_locked
def decline(*, help_request, place, by, reason="") -> Recipient:
    """ "Pas pour nous": recorded for this place; the request stays open for the others."""
    with transaction.atomic():
        help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        if not help_request.is_open:
            raise InvalidTransition(help_request, help_request.status, "declined")
        recipient, _created = Recipient.objects.get_or_create(request=help_request, place=place)
        recipient.declined_at = timezone.now()
        recipient.declined_by = by
        recipient.decline_reason = reason.strip()[:300]
        recipient.save(update_fields=["declined_at", "declined_by", "decline_reason"])
        pending = help_request.recipients.filter(declined_at__isnull=True).exists()
        if not pending:
            send_email(to=staff_emails(),
                       subject=_("Tous les acteurs sollicités ont décliné une demande"),
                       template="helprequests/emails/all_declined",
                       context=_context(help_request))
    return recipient


@retry_when_locked
def start(*, help_request, by) -> HelpRequest:
    with transaction.atomic():
        return transition(help_request, Status.IN_PROGRESS, by=by)


@retry_when_locked
def finish(*, help_request, target, by, note="") -> HelpRequest:
    """Resolved or "sans suite"; the other side is told."""
    if target not in (Status.RESOLVED, Status.CLOSED):
        raise ValueError(target)
    with transaction.atomic():
        help_request = transition(help_request, target, by=by, note=note.strip(),
                                  changes={"finished_at": timezone.now()})
        to = association_emails(help_request)
        if help_request.actor_id:
            to += place_emails(help_request.actor)
        send_email(to=[e for e in to if e != getattr(by, "email", None)],
                   subject=(_("Demande résolue") if target == Status.RESOLVED
                            else _("Demande classée sans suite")),
                   template="helprequests/emails/finished", context=_context(help_request))
    return help_request


# --- Messages, follow-up -----------------------------------------------------------------------


@retry_when_locked
def post_message(*, help_request, author, side, body, now=None) -> Message:
    now = now or timezone.now()
    body = body.strip()
    if not body:
        raise RequestError(_("Écrivez votre message."))
    with transaction.atomic():
        help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        if help_request.is_finished:
            raise RequestError(_("Cette demande est terminée : on ne peut plus y écrire."))
        message = Message.objects.create(request=help_request, author=author,
                                         author_name=_name(author), side=side, body=body,
                                         created_at=now)
        if side == Message.Side.ACTOR and help_request.first_answer_at is None:
            HelpRequest.objects.filter(pk=help_request.pk).update(first_answer_at=now)
        if side == Message.Side.ASSOCIATION:
            to = place_emails(help_request.actor) if help_request.actor_id else staff_emails()
        else:
            to = association_emails(help_request)
        if side == Message.Side.STAFF and help_request.actor_id:
            to += place_emails(help_request.actor)
        send_email(to=[e for e in to if e != author.email],
                   subject=_("Nouveau message sur la demande n° %(pk)s") % {"pk": help_request.pk},
                   template="helprequests/emails/message",
                   context=_context(help_request, message=message))
    return message


@retry_when_locked
def rate(*, help_request, outcome, by, thank_you="") -> HelpRequest:
    """The association says whether its need was met, and may leave a public thank-you."""
    if outcome not in HelpRequest.Outcome.values:
        raise RequestError(_("Choisissez une réponse."))
    with transaction.atomic():
        help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        if help_request.status != Status.RESOLVED or help_request.outcome:
            raise RequestError(_("Votre avis sur cette demande est déjà enregistré."))
        HelpRequest.objects.filter(pk=help_request.pk).update(outcome=outcome,
                                                              outcome_at=timezone.now())
        help_request.refresh_from_db()
        text = " ".join(thank_you.split())
        if text and help_request.actor_id:
            ThankYou.objects.create(request=help_request, place=help_request.actor,
                                    organisation_name=help_request.organisation.name,
                                    text=text[:400])
            send_email(to=staff_emails(), subject=_("Un remerciement à relire"),
                       template="helprequests/emails/thank_you_pending",
                       context=_context(help_request, text=text,
                                        admin_url=absolute_url("/admin/")))
    return help_request


@retry_when_locked
def moderate_thank_you(*, thank_you, publish: bool, by) -> ThankYou:
    with transaction.atomic():
        target = ThankYou.Status.PUBLISHED if publish else ThankYou.Status.REJECTED
        return transition(thank_you, target, by=by)


# --- Periodic work -------------------------------------------------------------------------------


def escalate_unanswered(*, now=None) -> int:
    """Tell the staff about the requests nobody took within K days (once per request)."""
    now = now or timezone.now()
    days = settings.HELPREQUESTS_ESCALATE_AFTER_DAYS
    cutoff = now - timedelta(days=days)
    count = 0
    for pk in HelpRequest.objects.open().filter(created_at__lte=cutoff, escalated_at__isnull=True,
                                                ).values_list("pk", flat=True):
        with transaction.atomic():
            marked = HelpRequest.objects.filter(pk=pk, status=Status.SENT,
                                                escalated_at__isnull=True).update(escalated_at=now)
            if not marked:  # another run did it, or it was taken meanwhile
                continue
            help_request = HelpRequest.objects.select_related("organisation", "commune").get(pk=pk)
            send_email(to=staff_emails(),
                       subject=_("Demande sans réponse depuis %(days)s jours") % {"days": days},
                       template="helprequests/emails/escalated",
                       context=_context(help_request, days=days, recipients=list(
                           help_request.recipients.select_related("place"))))
            count += 1
    return count


def late_requests(*, now=None) -> dict:
    """Unanswered (open past K days) and late (active for more than L days) requests."""
    now = now or timezone.now()
    waited = timedelta(days=settings.HELPREQUESTS_ESCALATE_AFTER_DAYS)
    unanswered = list(HelpRequest.objects.open().filter(created_at__lte=now - waited)
                      .select_related("organisation", "commune").order_by("created_at"))
    late = list(HelpRequest.objects.active()
                .filter(taken_at__lte=now - timedelta(days=settings.HELPREQUESTS_LATE_AFTER_DAYS))
                .select_related("organisation", "commune", "actor").order_by("taken_at"))
    return {"unanswered": unanswered, "late": late}


def send_weekly_report(*, now=None) -> bool:
    """Email the staff the list of unanswered and late requests (nothing when there are none)."""
    lists = late_requests(now=now)
    if not lists["unanswered"] and not lists["late"]:
        return False
    with transaction.atomic():
        send_email(to=staff_emails(),
                   subject=_("Mise en relation : demandes en attente cette semaine"),
                   template="helprequests/emails/weekly",
                   context={**lists, "list_url": absolute_url(reverse("helprequests:list"))})
    return True
