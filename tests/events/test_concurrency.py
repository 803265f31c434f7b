"""The last seats under a rush: the database decides, the waiting list takes the rest."""

import pytest
from django.db import IntegrityError

from assonum.events import services
from assonum.events.models import Event, Registration

from .factories import EventFactory, RegistrationFactory


def _pending_for_last_five(n):
    event = EventFactory(capacity=20)
    for i in range(15):
        RegistrationFactory(event=event, email=f"deja{i}@exemple.org",
                            status=Registration.Status.CONFIRMED)
    Event.objects.filter(pk=event.pk).update(seats_taken=15)
    pending = [RegistrationFactory(event=event, email=f"rush{i}@exemple.org") for i in range(n)]
    return event, pending


@pytest.mark.postgres
def test_thirty_confirmations_for_the_last_five_seats(run_concurrently):
    event, pending = _pending_for_last_five(30)
    results = run_concurrently(lambda i: services.confirm(registration=pending[i]).status, n=30)
    assert [error for _status, error in results] == [None] * 30
    statuses = [status for status, _error in results]
    assert statuses.count(Registration.Status.CONFIRMED) == 5
    assert statuses.count(Registration.Status.WAITING) == 25
    event.refresh_from_db()
    assert event.seats_taken == 20
    assert event.registrations.attendees().count() == 20
    assert event.registrations.waiting_list().count() == 25


@pytest.mark.postgres
def test_thirty_signed_in_registrations_over_http(run_concurrently):
    """30 people with an account post the form at once: 5 registered, 25 waiting, no 5xx."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    event, _pending = _pending_for_last_five(0)
    users = [get_user_model().objects.create_user(email=f"membre{i}@exemple.org",
                                                  password="x-Long-passw0rd")
             for i in range(30)]
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)

    def post(i):
        response = clients[i].post(f"/agenda/{event.slug}/inscription/", {
            "name": f"Membre {i}", "email": users[i].email})
        return response.status_code

    results = run_concurrently(post, n=30)
    assert [error for _code, error in results] == [None] * 30
    assert {code for code, _error in results} == {302}
    assert event.registrations.attendees().count() == 20
    assert event.registrations.waiting_list().count() == 25
    assert Event.objects.get(pk=event.pk).seats_taken == 20


def test_the_constraint_is_the_last_line(db):
    event = EventFactory(capacity=2)
    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(seats_taken=3)


@pytest.mark.django_db(transaction=True)
def test_cancellations_at_once_promote_each_waiting_person_once(run_concurrently):
    event = EventFactory(capacity=3)
    confirmed = [services.confirm(registration=RegistrationFactory(event=event))
                 for _ in range(3)]
    waiting = [services.confirm(registration=RegistrationFactory(event=event))
               for _ in range(4)]
    assert {r.status for r in waiting} == {Registration.Status.WAITING}
    results = run_concurrently(
        lambda i: services.cancel_registration(registration=confirmed[i]).status, n=3)
    assert [error for _s, error in results] == [None] * 3
    event.refresh_from_db()
    assert event.seats_taken == 3
    promoted = Registration.objects.filter(pk__in=[r.pk for r in waiting],
                                           status=Registration.Status.CONFIRMED)
    # First come, first served: the three who waited longest.
    assert sorted(promoted.values_list("pk", flat=True)) == [r.pk for r in waiting[:3]]
