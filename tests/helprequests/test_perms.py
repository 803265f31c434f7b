"""Every private page against: the association, another association, the actor of the area, an
actor of another area, an actor who declined, the actor who took it, staff (2FA) and anonymous."""

import pytest
from django.urls import reverse

from assonum.helprequests import services
from tests.helprequests.factories import ask, login, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(settings):
    settings.HELPREQUESTS_RADIUS_KM = 40
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    help_request = ask(w)
    services.decline(help_request=help_request, place=w["places"]["levroux"],
                     by=w["people"]["levroux"])
    return w, help_request


def _status(client, user, url, *, mfa=False, method="get", data=None):
    if user is not None:
        login(client, user, mfa=mfa)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize("who, expected", [
    ("camille", 200),       # the association
    ("rival", 404),         # another association
    ("deols", 200),         # an actor it was sent to
    ("bourges", 200),       # an actor of the area (34 km) it was not sent to
    ("orleans", 404),       # an actor of another area
    ("levroux", 404),       # an actor who declined
    ("staff", 404),         # back-office user without the second factor this session
])
def test_open_request_page(client, setup, who, expected):
    w, help_request = setup
    assert _status(client, w["people"][who], help_request.get_absolute_url()) == expected


def test_anonymous_is_sent_to_login(client, setup):
    _w, help_request = setup
    for url in (help_request.get_absolute_url(), reverse("helprequests:list")):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"]
    response = client.post(reverse("helprequests:take", args=[help_request.pk]))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    help_request.refresh_from_db()
    assert help_request.is_open


def test_staff_with_second_factor_sees_everything_and_the_log(client, setup):
    w, help_request = setup
    login(client, w["people"]["staff"], mfa=True)
    page = client.get(help_request.get_absolute_url()).content.decode()
    assert "Journal" in page and "Envoyer aussi à cet acteur" in page
    assert "Pas de disponibilité" not in page and "pas pour nous" in page  # Levroux declined
    listing = client.get(reverse("helprequests:list")).content.decode()
    assert help_request.get_absolute_url() in listing


def test_after_the_take_only_the_owner_and_the_association_see_it(client, setup):
    w, help_request = setup
    services.take(help_request=help_request, place=w["places"]["chateauroux"],
                  by=w["people"]["chateauroux"])
    url = help_request.get_absolute_url()
    assert _status(client.__class__(), w["people"]["chateauroux"], url) == 200
    assert _status(client.__class__(), w["people"]["camille"], url) == 200
    for who in ("deols", "bourges", "orleans", "levroux", "rival"):
        assert _status(client.__class__(), w["people"][who], url) == 404, who


def test_actions_refused_to_the_wrong_people(client, setup):
    w, help_request = setup
    take = reverse("helprequests:take", args=[help_request.pk])
    for who in ("rival", "orleans", "levroux", "camille"):
        assert _status(client.__class__(), w["people"][who], take, method="post") == 404, who
    help_request.refresh_from_db()
    assert help_request.is_open
    # Another association may not write, close or rate; an actor may not close an open one.
    message = reverse("helprequests:message", args=[help_request.pk])
    assert _status(client.__class__(), w["people"]["rival"], message, method="post",
                   data={"body": "Bonjour"}) == 404
    finish = reverse("helprequests:finish", args=[help_request.pk])
    assert _status(client.__class__(), w["people"]["deols"], finish, method="post",
                   data={"target": "closed"}) == 404
    add = reverse("helprequests:add_recipient", args=[help_request.pk])
    assert _status(client.__class__(), w["people"]["staff"], add, method="post",
                   data={"place": w["places"]["orleans"].pk}) == 404  # staff without 2FA
    assert help_request.messages.count() == 0 and help_request.recipients.count() == 3


def test_lists_show_each_person_their_requests(client, setup):
    w, help_request = setup
    url = help_request.get_absolute_url()
    for who, shown in (("camille", True), ("deols", True), ("bourges", True), ("orleans", False),
                       ("levroux", False), ("rival", False)):
        login(client, w["people"][who])
        page = client.get(reverse("helprequests:list")).content.decode()
        assert (url in page) is shown, who
        client.logout()


def test_list_query_count_does_not_grow_with_requests(client, setup, django_assert_max_num_queries):
    w, _help_request = setup
    login(client, w["people"]["deols"])
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("helprequests:list"))
    for _ in range(5):
        ask(w)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("helprequests:list"))
    assert page.content.decode().count("/mise-en-relation/demandes/") >= 6
