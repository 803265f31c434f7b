"""What the agenda holds about a person: their registrations (and the events they created).

On erasure the registrations made with the account are anonymised (name and address removed,
cancelled if still to come) so that the organisers' counts stay right; events belong to their
organisation and stay, detached from the account.
"""

from django.utils import timezone

from .models import Event, Registration


def export(user) -> dict:
    registrations = Registration.objects.filter(user=user).select_related("event")
    return {
        "event_registrations": [
            {"event": r.event.title, "start": r.event.start.isoformat(), "name": r.name,
             "email": r.email, "organisation": r.organisation_name, "status": r.status,
             "registered_at": r.created_at.isoformat(), "attended": r.attended}
            for r in registrations],
        "events_created": [
            {"event": e.title, "start": e.start.isoformat(), "status": e.status,
             "organisation": e.organisation.name if e.organisation else ""}
            for e in Event.objects.filter(created_by=user).select_related("organisation")],
    }


def erase(user) -> None:
    from . import services

    now = timezone.now()
    for registration in Registration.objects.active().filter(user=user, event__start__gt=now):
        services.cancel_registration(registration=registration)
    for registration in Registration.objects.filter(user=user):
        Registration.objects.filter(pk=registration.pk).update(
            user=None, name="", email=f"supprime-{registration.pk}@invalid",
            organisation_name="")
    Event.objects.filter(created_by=user).update(created_by=None)
