"""Who may see and do what with a request for help: the only place that answers it.

- The **association** (any member of the organisation that asked) sees its requests, writes
  messages, closes them and gives its opinion once resolved.
- A **digital actor** acts through the places its organisations own in the directory. It sees
  the *open* requests of its area (it was sent the request, or one of its places lies within
  ``HELPREQUESTS_RADIUS_KM`` of the request's commune) unless it answered "pas pour nous", and
  the requests it took. Only the actor that took a request works on it.
- The **network staff** (``acts_as_staff``: back office and second factor) see everything,
  add actors, put a request back in the queue and moderate the thank-you notes.
"""

from django.conf import settings

from assonum.core.perms import acts_as_staff
from assonum.directory.models import Place
from assonum.organisations.models import Organisation
from assonum.organisations.perms import organisations_of
from assonum.territory.geo import haversine_km

from .models import HelpRequest


def _user(request):
    return getattr(request, "user", None)


def is_staff(request) -> bool:
    return acts_as_staff(request)


# --- Associations --------------------------------------------------------------------------


def asking_organisations(user):
    """The associations ``user`` may ask help for."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return organisations_of(user, kinds=[Organisation.Kind.ASSOCIATION]).order_by("name")


def may_ask(user) -> bool:
    return asking_organisations(user).exists()


def is_requester(user, help_request) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return organisations_of(user).filter(pk=help_request.organisation_id).exists()


# --- Digital actors ------------------------------------------------------------------------


def actor_places(user):
    """The published directory places kept by ``user``'s organisations."""
    if user is None or not user.is_authenticated:
        return Place.objects.none()
    return Place.objects.published().filter(owner__in=organisations_of(user))


def is_actor(user) -> bool:
    return actor_places(user).exists()


def declined_by(user, help_request) -> bool:
    return help_request.recipients.filter(place__in=actor_places(user),
                                          declined_at__isnull=False).exists()


def eligible_places(user, help_request, *, only_open=True) -> list:
    """``user``'s places to which the open request belongs (sent to it, or near), nearest first.

    ``only_open=False`` answers "was it offered to them?" whatever its state (to tell an actor
    who was too late that another one took it, rather than "page not found").
    """
    if only_open and not help_request.is_open:
        return []
    places = list(actor_places(user))
    if not places or declined_by(user, help_request):
        return []
    recipients = set(help_request.recipients.values_list("place_id", flat=True))
    commune = help_request.commune
    radius = settings.HELPREQUESTS_RADIUS_KM
    found = []
    for place in places:
        distance = None
        if place.has_position and commune.latitude is not None:
            distance = haversine_km(commune.latitude, commune.longitude,
                                    place.latitude, place.longitude)
        if place.pk in recipients or (distance is not None and distance <= radius):
            found.append((distance if distance is not None else radius, place.pk, place))
    return [place for _d, _pk, place in sorted(found)]


def is_taking_actor(user, help_request) -> bool:
    """Is ``user`` a member of the organisation owning the place that took the request?"""
    if user is None or not user.is_authenticated or help_request.actor_id is None:
        return False
    return Place.objects.filter(pk=help_request.actor_id,
                                owner__in=organisations_of(user)).exists()


# --- Decisions on one request ---------------------------------------------------------------


def may_view(request, help_request) -> bool:
    user = _user(request)
    if user is None or not user.is_authenticated:
        return False
    return (
        is_staff(request)
        or is_requester(user, help_request)
        or is_taking_actor(user, help_request)
        or bool(eligible_places(user, help_request))
    )


def may_take(request, help_request) -> bool:
    return help_request.is_open and bool(eligible_places(_user(request), help_request))


def may_decline(request, help_request) -> bool:
    return may_take(request, help_request)


def may_write(request, help_request) -> bool:
    """Messages: the association, the actor that took it, staff; until it is finished."""
    if help_request.is_finished:
        return False
    user = _user(request)
    return (is_staff(request) or is_requester(user, help_request)
            or (help_request.is_active and is_taking_actor(user, help_request)))


def may_start(request, help_request) -> bool:
    return (help_request.status == HelpRequest.Status.TAKEN
            and is_taking_actor(_user(request), help_request))


def may_finish(request, help_request) -> bool:
    """Mark resolved or "sans suite": the association or the taking actor (or staff)."""
    user = _user(request)
    if help_request.is_finished:
        return False
    if help_request.is_open:
        return is_requester(user, help_request) or is_staff(request)
    return (is_requester(user, help_request) or is_taking_actor(user, help_request)
            or is_staff(request))


def may_resolve(request, help_request) -> bool:
    return help_request.is_active and may_finish(request, help_request)


def may_rate(request, help_request) -> bool:
    return (help_request.status == HelpRequest.Status.RESOLVED and not help_request.outcome
            and is_requester(_user(request), help_request))


def may_manage(request) -> bool:
    """Add or reassign actors, see every request, moderate thank-you notes."""
    return is_staff(request)
