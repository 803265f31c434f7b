"""Routing, take/decline, escalation with a moved clock, weekly report, staff add/reassign."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from assonum.core.workflow import InvalidTransition, history
from assonum.helprequests import services, tasks
from assonum.helprequests.models import HelpRequest, Recipient
from tests.helprequests.factories import ask, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    settings.HELPREQUESTS_RADIUS_KM = 40
    settings.HELPREQUESTS_MAX_ACTORS = 3
    settings.HELPREQUESTS_ESCALATE_AFTER_DAYS = 5
    settings.HELPREQUESTS_STAFF_EMAILS = "reseau@exemple.org"
    return world()


def test_routing_matches_themes_radius_and_limit(w, settings):
    settings.HELPREQUESTS_MAX_ACTORS = 10
    help_request = ask(w)
    names = [r.place.nom for r in help_request.recipients.all()]
    # Nearest first; Bourges (34 km) within 40 km; Orléans (106 km) and the training-only place out.
    assert names == ["Coopérative web de Déols", "Atelier web de Châteauroux",
                     "Club web de Levroux", "Agence solidaire de Bourges"]
    training = ask(w, themes=["formation"])
    assert [r.place.nom for r in training.recipients.all()] == [
        "Espace numérique d'Issoudun", "Coopérative web de Déols"]


def test_no_matching_actor_goes_to_staff_only(w, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        help_request = ask(w, themes=["fablab"])
    assert help_request.recipients.count() == 0
    assert [m.to for m in mailoutbox] == [["camille@exemple.org"]]
    assert "l'équipe du réseau reprend votre demande" in mailoutbox[0].body


def test_take_twice_gets_a_clear_refusal(w):
    help_request = ask(w)
    services.take(help_request=help_request, place=w["places"]["deols"], by=w["people"]["deols"])
    with pytest.raises(InvalidTransition) as error:
        services.take(help_request=help_request, place=w["places"]["levroux"],
                      by=w["people"]["levroux"])
    assert "Un autre acteur vient de prendre en charge cette demande" in str(error.value)
    help_request.refresh_from_db()
    assert help_request.actor == w["places"]["deols"]


def test_decline_is_recorded_and_all_declined_tells_staff(w, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    help_request = ask(w)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("deols", "chateauroux"):
            services.decline(help_request=help_request, place=w["places"][key],
                             by=w["people"][key], reason="Pas de disponibilité")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(help_request=help_request, place=w["places"]["levroux"],
                         by=w["people"]["levroux"])
    assert Recipient.objects.filter(request=help_request, declined_at__isnull=False).count() == 3
    (message,) = mailoutbox
    assert message.to == ["reseau@exemple.org"] and "décliné" in message.subject
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.SENT


def test_escalation_after_k_days_with_a_moved_clock(w, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    start = timezone.now()
    fresh = ask(w)
    taken = ask(w)
    services.take(help_request=taken, place=w["places"]["deols"], by=w["people"]["deols"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with mock.patch("django.utils.timezone.now", return_value=start + timedelta(days=4)):
            assert tasks.escalate_unanswered.call() == 0
        later = start + timedelta(days=5, hours=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert tasks.escalate_unanswered.call() == 1
            assert tasks.escalate_unanswered.call() == 0  # once per request
    (message,) = mailoutbox
    assert message.to == ["reseau@exemple.org"]
    assert f"n° {fresh.pk}" in message.body and "5 jours" in message.subject
    fresh.refresh_from_db()
    assert fresh.escalated_at is not None
    taken.refresh_from_db()
    assert taken.escalated_at is None


def test_weekly_report_lists_unanswered_and_late(w, mailoutbox, settings,
                                                 django_capture_on_commit_callbacks):
    settings.HELPREQUESTS_LATE_AFTER_DAYS = 30
    now = timezone.now()
    assert services.send_weekly_report(now=now) is False
    old = ask(w, now=now - timedelta(days=10))
    late = ask(w, now=now - timedelta(days=40))
    services.take(help_request=late, place=w["places"]["levroux"], by=w["people"]["levroux"],
                  now=now - timedelta(days=35))
    ask(w, now=now - timedelta(days=1))  # recent: not listed
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_weekly_report(now=now) is True
    (message,) = mailoutbox
    assert f"n° {old.pk}," in message.body and f"n° {late.pk}," in message.body
    assert "Sans réponse (1)" in message.body and "En retard (1)" in message.body


def test_staff_add_and_reassign(w):
    staff = w["people"]["staff"]
    help_request = ask(w)
    services.take(help_request=help_request, place=w["places"]["deols"], by=w["people"]["deols"])
    services.add_recipient(help_request=help_request, place=w["places"]["bourges"], by=staff)
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.SENT and help_request.actor is None
    added = Recipient.objects.get(request=help_request, place=w["places"]["bourges"])
    assert added.added_by == staff
    with pytest.raises(services.RequestError, match="déjà été envoyée"):
        services.add_recipient(help_request=help_request, place=w["places"]["bourges"], by=staff)
    services.take(help_request=help_request, place=w["places"]["bourges"],
                  by=w["people"]["bourges"])
    assert [e.to_state for e in history(help_request)] == ["sent", "taken", "sent", "taken"]


def test_finished_request_refuses_messages_and_second_rating(w):
    help_request = ask(w)
    services.take(help_request=help_request, place=w["places"]["deols"], by=w["people"]["deols"])
    services.finish(help_request=help_request, target=HelpRequest.Status.RESOLVED,
                    by=w["people"]["deols"])
    with pytest.raises(services.RequestError, match="terminée"):
        services.post_message(help_request=help_request, author=w["people"]["camille"],
                              side="association", body="Encore une question")
    services.rate(help_request=help_request, outcome="partly", by=w["people"]["camille"])
    with pytest.raises(services.RequestError, match="déjà enregistré"):
        services.rate(help_request=help_request, outcome="met", by=w["people"]["camille"])
    with pytest.raises(InvalidTransition):
        services.start(help_request=help_request, by=w["people"]["deols"])


def test_thank_you_is_public_only_once_moderated(w, client):
    help_request = ask(w)
    place = w["places"]["chateauroux"]
    services.take(help_request=help_request, place=place, by=w["people"]["chateauroux"])
    services.finish(help_request=help_request, target=HelpRequest.Status.RESOLVED,
                    by=w["people"]["camille"])
    services.rate(help_request=help_request, outcome="met", by=w["people"]["camille"],
                  thank_you="Un grand merci à toute l'équipe !")
    assert "Un grand merci" not in client.get(place.get_absolute_url()).content.decode()
    services.moderate_thank_you(thank_you=help_request.thank_you, publish=True,
                                by=w["people"]["staff"])
    page = client.get(place.get_absolute_url()).content.decode()
    assert "Un grand merci à toute l&#x27;équipe !" in page
    assert "Comité des fêtes d&#x27;Issoudun" in page
