"""``/espace/``: "Mes inscriptions" and, for organisers, "Mes événements"."""

from django.db.models import Count, Q
from django.utils import timezone

from assonum.organisations.perms import organisations_of

from . import perms
from .models import Event, Registration
from .services import cancellation_path


def dashboard_section(request):
    user = request.user
    now = timezone.now()
    registrations = list(
        Registration.objects.active().filter(user=user, event__end__gte=now)
        .select_related("event__commune").order_by("event__start"))
    for registration in registrations:
        registration.cancel_path = cancellation_path(registration)
    organisations = list(organisations_of(user).values_list("pk", flat=True))
    organised = list(
        Event.objects.filter(organisation_id__in=organisations, end__gte=now)
        .exclude(status=Event.Status.REJECTED)
        .annotate(confirmed=Count("registrations",
                                  filter=Q(registrations__status=Registration.Status.CONFIRMED)),
                  waiting=Count("registrations",
                                filter=Q(registrations__status=Registration.Status.WAITING)))
        .order_by("start")[:50]) if organisations else []
    can_propose = perms.can_propose(request)
    if not (registrations or organised or can_propose):
        return None
    return {"template": "events/includes/dashboard_section.html", "order": 35,
            "registrations": registrations, "organised": organised,
            "can_propose": can_propose, "can_moderate": perms.can_moderate(request)}
