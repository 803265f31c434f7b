"""Figures never show a group under 5; the actor's /espace/ section; the staff moderation page."""

import pytest
from django.urls import reverse

from assonum.core.periodic import periodic_tasks
from assonum.core.plugins import statistics as all_statistics
from assonum.helprequests import services
from assonum.helprequests.models import HelpRequest, ThankYou
from assonum.helprequests.statistics import statistics
from tests.helprequests.factories import ask, login, world

pytestmark = pytest.mark.django_db


def test_small_groups_are_never_published(settings):
    w = world()
    for _ in range(5):
        ask(w)
    for _ in range(4):
        ask(w, themes=["formation"])
    figures = statistics()
    keys = {(f.key, f.department, f.group) for f in figures}
    assert ("helprequests.requests", "", "") in keys
    assert ("helprequests.requests", "36", "") in keys  # 9 requests in the Indre
    assert ("helprequests.requests", "", "theme:site-web") in keys  # 5
    assert ("helprequests.requests", "", "theme:formation") not in keys  # only 4
    assert not any(f.key == "helprequests.met_share" for f in figures)  # nobody rated yet
    assert all(f.count is None or f.count >= 5 for f in figures)
    # The observatory reads the same figures through the plug-in declaration.
    assert {f.key for f in all_statistics()} >= {"helprequests.requests",
                                                 "helprequests.answered_share"}
    answered = next(f for f in figures if f.key == "helprequests.answered_share")
    assert answered.value == 0


def test_median_time_to_first_answer(settings):
    from datetime import timedelta

    from django.utils import timezone

    w = world()
    start = timezone.now() - timedelta(days=3)
    for hours in (1, 2, 3, 10, 30):
        help_request = ask(w, now=start)
        services.take(help_request=help_request, place=w["places"]["deols"],
                      by=w["people"]["deols"], now=start + timedelta(hours=hours))
    median = next(f for f in statistics() if f.key == "helprequests.median_first_answer_hours")
    assert median.value == 3.0 and median.count == 5


def test_actor_space_lists_the_open_requests_of_its_area(client, settings):
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    help_request = ask(w)
    login(client, w["people"]["bourges"])
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Demandes ouvertes près de chez vous" in page
    assert help_request.get_absolute_url() in page
    login(client, w["people"]["orleans"])
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert help_request.get_absolute_url() not in page


def test_staff_moderates_a_thank_you_with_the_second_factor(client):
    w = world()
    help_request = ask(w)
    services.take(help_request=help_request, place=w["places"]["deols"], by=w["people"]["deols"])
    services.finish(help_request=help_request, target=HelpRequest.Status.RESOLVED,
                    by=w["people"]["deols"])
    services.rate(help_request=help_request, outcome="met", by=w["people"]["camille"],
                  thank_you="Merci pour tout !")
    thank_you = ThankYou.objects.get()
    url = reverse("helprequests:moderate_thank_you", args=[thank_you.pk])
    login(client, w["people"]["camille"])
    assert client.post(url, {"publish": "1"}).status_code == 404
    login(client, w["people"]["staff"])  # no second factor
    assert client.post(url, {"publish": "1"}).status_code == 404
    thank_you.refresh_from_db()
    assert thank_you.status == ThankYou.Status.PENDING
    staff = login(client.__class__(), w["people"]["staff"], mfa=True)
    assert "Merci pour tout !" in staff.get(reverse("helprequests:list")).content.decode()
    assert staff.post(url, {"publish": "1"}).status_code == 302
    thank_you.refresh_from_db()
    assert thank_you.status == ThankYou.Status.PUBLISHED


def test_periodic_tasks_are_declared():
    names = {task.name for task in periodic_tasks()}
    assert {"helprequests.escalate_unanswered", "helprequests.weekly_report"} <= names
