"""Read-only queries: the lists of requests each person sees."""

from django.conf import settings
from django.db.models import Prefetch

from assonum.organisations.perms import organisations_of
from assonum.territory.geo import within_radius

from . import perms
from .models import HelpRequest, Recipient


def _with_related(queryset):
    return queryset.select_related("organisation", "commune__department", "actor").prefetch_related(
        Prefetch("recipients", queryset=Recipient.objects.select_related("place")))


def open_for_actor(user) -> list:
    """Open requests of the actor's area (sent to one of its places, or near one), not declined."""
    places = list(perms.actor_places(user).exclude(latitude=None))
    all_places = list(perms.actor_places(user).values_list("pk", flat=True))
    if not all_places:
        return []
    ids = set(HelpRequest.objects.open().filter(recipients__place__in=all_places)
              .values_list("pk", flat=True))
    for place in places:
        near = within_radius(HelpRequest.objects.open(), latitude=place.latitude,
                             longitude=place.longitude, lat_field="commune__latitude",
                             lon_field="commune__longitude",
                             radius_km=settings.HELPREQUESTS_RADIUS_KM)
        ids.update(near.values_list("pk", flat=True))
    declined = set(Recipient.objects.filter(place__in=all_places, declined_at__isnull=False)
                   .values_list("request_id", flat=True))
    return list(_with_related(HelpRequest.objects.filter(pk__in=ids - declined))
                .order_by("-created_at"))


def taken_by_actor(user) -> list:
    if user is None or not user.is_authenticated:
        return []
    return list(_with_related(HelpRequest.objects.filter(
        actor__owner__in=organisations_of(user))).order_by("-created_at"))


def of_associations(user) -> list:
    if user is None or not user.is_authenticated:
        return []
    return list(_with_related(HelpRequest.objects.filter(
        organisation__in=perms.asking_organisations(user))).order_by("-created_at"))


def for_staff(status: str = "") -> list:
    queryset = HelpRequest.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    return list(_with_related(queryset).order_by("-created_at")[:200])
