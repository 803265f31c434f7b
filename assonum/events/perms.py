"""Who may propose, see, manage and moderate events: the only place that says.

- staff acting as staff (back office + second factor, ``acts_as_staff``) create published
  events, moderate proposals and manage every event;
- a member of a digital-actor organisation proposes events for it (moderated) and manages the
  events of that organisation: the attendee list, its export, attendance, cancellation;
- published (and cancelled) events are public; the online link only shows to people registered.
"""

from assonum.core.perms import acts_as_staff
from assonum.organisations.perms import organisations_of

from .models import Event, Registration

ACTOR_KINDS = ["actor"]


def actor_organisations(user):
    return organisations_of(user, kinds=ACTOR_KINDS)


def can_moderate(request) -> bool:
    user = request.user
    if not acts_as_staff(request):
        return False
    return (user.is_superuser or user.has_perm("events.change_event")
            or user.groups.filter(name="Modération").exists())


def can_propose(request) -> bool:
    return request.user.is_authenticated and (
        can_moderate(request) or actor_organisations(request.user).exists())


def is_organiser(user, event: Event) -> bool:
    if not user.is_authenticated or not event.organisation_id:
        return False
    return organisations_of(user).filter(pk=event.organisation_id).exists()


def can_manage(request, event: Event) -> bool:
    """See and export the attendee list, mark attendance, cancel the event."""
    return can_moderate(request) or is_organiser(request.user, event)


def can_view(request, event: Event) -> bool:
    if event.status in (Event.Status.PUBLISHED, Event.Status.CANCELLED):
        return True
    return can_manage(request, event) or (
        request.user.is_authenticated and event.created_by_id == request.user.pk)


def registration_of(user, event: Event):
    """The signed-in person's active registration (made with the account), or None."""
    if not user.is_authenticated:
        return None
    return Registration.objects.active().filter(event=event, user=user).first()


def may_see_online_link(request, event: Event, registration=None) -> bool:
    if not event.is_online or not event.online_url:
        return False
    if can_manage(request, event):
        return True
    registration = registration or registration_of(request.user, event)
    return registration is not None and registration.status == Registration.Status.CONFIRMED
