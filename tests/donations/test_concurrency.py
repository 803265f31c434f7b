"""Never a unit given twice: real concurrent connections, and a rush over HTTP."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from html import unescape

import pytest
from django.db import IntegrityError, connection

from assonum.donations import services
from assonum.donations.models import Lot, Reservation

from .factories import association, bare_lot, member_of


def _rush(run_concurrently, n, *, quantity_left=1):
    lot = bare_lot(quantity=quantity_left)
    organisations = [association(name=f"Association pressée {i}") for i in range(n)]
    users = [member_of(org) for org in organisations]

    def attempt(index):
        try:
            services.reserve(user=users[index], organisation=organisations[index],
                             lot_id=lot.pk, quantity=1)
            return "reserved"
        except services.NothingLeft as refusal:
            return refusal.message

    results = run_concurrently(attempt, n=n)
    errors = [error for _result, error in results if error is not None]
    assert errors == []
    answers = [result for result, _error in results]
    lot.refresh_from_db()
    return lot, answers


@pytest.mark.postgres
def test_fifty_connections_rush_for_the_last_unit_ten_times(run_concurrently):
    for _round in range(10):
        lot, answers = _rush(run_concurrently, 50)
        assert answers.count("reserved") == 1
        assert answers.count("Il n'en reste plus : quelqu'un a réservé juste avant vous.") == 49
        assert (lot.reserved, lot.quantity) == (1, 1)
        assert Reservation.objects.filter(lot=lot).count() == 1


def test_sqlite_or_postgres_rush_ends_cleanly(run_concurrently):
    """The same rush with fewer threads runs on the embedded SQLite too: one winner, no error."""
    lot, answers = _rush(run_concurrently, 8, quantity_left=3)
    assert answers.count("reserved") == 3
    assert lot.reserved == 3 and Reservation.objects.filter(lot=lot).count() == 3


@pytest.mark.django_db
def test_the_database_refuses_more_reserved_than_quantity():
    lot = bare_lot(quantity=2)
    with pytest.raises(IntegrityError):
        Lot.objects.filter(pk=lot.pk).update(reserved=3)
    connection.needs_rollback = False


class Session:
    """A browser-like HTTP session (cookies, CSRF) with urllib, for the rush against a server."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def csrf(self, path):
        _status, html = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path, data, referer_path=None):
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={
            "Referer": self.base + (referer_path or path)})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, email, password):
        token = self.csrf("/compte/login/")
        status, _html = self.post("/compte/login/", {
            "csrfmiddlewaretoken": token, "login": email, "password": password})
        assert status == 200
        return self


def http_rush(base, logins, offer_pk, lot_pk):
    """Every session posts "reserve 1" at the same instant; returns the HTTP statuses."""
    tokens = [session.csrf(f"/dons/offres/{offer_pk}/") for session in logins]
    barrier = threading.Barrier(len(logins))
    results = [None] * len(logins)

    def worker(index):
        barrier.wait(timeout=60)
        results[index] = logins[index].post(
            f"/dons/offres/{offer_pk}/reserver/",
            {"csrfmiddlewaretoken": tokens[index], "lot": lot_pk, "quantite": "1"},
            referer_path=f"/dons/offres/{offer_pk}/")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(logins))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_http_rush_against_the_live_server(live_server):
    """PostgreSQL only: on SQLite, pytest-django's live server shares ONE in-memory connection
    between its request threads ("cannot open savepoint - SQL statements in progress"), which
    no real deployment does. The SQLite rush runs in tests/e2e/test_donations.py against
    gunicorn on the demo's SQLite file."""
    from tests.accounts.factories import PASSWORD

    lot = bare_lot(quantity=1)
    sessions = []
    for i in range(12):
        user = member_of(association(name=f"Association du rush {i}"),
                         email=f"rush{i}@association-rush.example")
        sessions.append(Session(live_server.url).login(user.email, PASSWORD))
    results = http_rush(live_server.url, sessions, lot.offer_id, lot.pk)
    statuses = [status for status, _html in results]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(200) == 1 and statuses.count(409) == 11, statuses
    winner = next(html for status, html in results if status == 200)
    assert "Réservé : 1 ordinateur portable" in winner
    assert all("Il n'en reste plus : quelqu'un a réservé juste avant vous." in unescape(html)
               for status, html in results if status == 409)
    lot.refresh_from_db()
    assert lot.reserved == 1 and Reservation.objects.filter(lot=lot).count() == 1
