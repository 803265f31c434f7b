"""Twelve "Je prends en charge" clicks from three actors at the same instant, over real HTTP:
one owner, everyone else a French refusal, never an error page."""

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client

from assonum.core.workflow import history
from assonum.helprequests.models import HelpRequest
from tests.helprequests.factories import ask, world

CSRF = "a" * 32  # a CSRF secret: the cookie and the form field carry the same value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.postgres
def test_http_rush_on_take(live_server, transactional_db, settings):
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    help_request = ask(w)
    cookies = []
    for key in ("deols", "chateauroux", "levroux"):
        client = Client()
        client.force_login(w["people"][key])
        cookies.append(f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}")
    url = f"{live_server.url}/mise-en-relation/demandes/{help_request.pk}/prendre/"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF}).encode()
    opener = urllib.request.build_opener(_NoRedirect)
    barrier = threading.Barrier(12)
    answers = [None] * 12

    def click(index):
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Cookie": cookies[index % 3], "Content-Type": "application/x-www-form-urlencoded"})
        barrier.wait(timeout=30)
        try:
            response = opener.open(request, timeout=30)
            answers[index] = (response.status, response.headers.get("Location"))
        except urllib.error.HTTPError as error:
            answers[index] = (error.code, error.headers.get("Location"))

    threads = [threading.Thread(target=click, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(status == 302 for status, _location in answers), answers
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.TAKEN
    assert [e.to_state for e in history(help_request)].count("taken") == 1
    owner = ["deols", "chateauroux", "levroux"].index(
        next(k for k in ("deols", "chateauroux", "levroux")
             if w["places"][k].pk == help_request.actor_id))
    detail = f"/mise-en-relation/demandes/{help_request.pk}/"
    # The owner's clicks all land on the request page (taken, or "already yours"); the others
    # land on the page with the refusal (lost the race) or on the list (came after the commit).
    assert all(answers[i][1] == detail for i in range(owner, 12, 3))
    assert all(answers[i][1] in (detail, "/mise-en-relation/demandes/")
               for i in range(12) if i % 3 != owner)
