"""Done means: an association of Issoudun asks for help with a website, end to end, real SMTP."""

import pytest
from django.urls import reverse

from assonum.core.workflow import history
from assonum.helprequests.models import HelpRequest, Recipient
from assonum.helprequests.statistics import statistics
from tests.helprequests.factories import login, world


def _figure(key, **where):
    for figure in statistics():
        if figure.key == key and all(getattr(figure, k) == v for k, v in where.items()):
            return figure
    return None


@pytest.mark.django_db(transaction=True)
def test_issoudun_website_request_from_form_to_met(client, smtp_settings, settings):
    settings.SITE_URL = "https://assonum.example.org"
    settings.HELPREQUESTS_RADIUS_KM = 40
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    people, places = w["people"], w["places"]
    # Four earlier requests exist (resolved, met), so that the figures are published (>= 5).
    from assonum.helprequests import services
    from tests.helprequests.factories import ask
    for _ in range(4):
        earlier = ask(w)
        services.take(help_request=earlier, place=places["deols"], by=people["deols"])
        services.finish(help_request=earlier, target=HelpRequest.Status.RESOLVED,
                        by=people["deols"])
        services.rate(help_request=earlier, outcome=HelpRequest.Outcome.NOT_MET,
                      by=people["camille"])
    assert _figure("helprequests.met_share") is None  # 4 ratings: under the threshold
    smtp_settings.handler.clear()

    # 1. Camille describes the need on the form (no JavaScript: a plain POST).
    login(client, people["camille"])
    response = client.post(reverse("helprequests:ask"), {
        "organisation": w["asso"].pk, "need": "Notre site web ne marche plus : nous voudrions "
        "une page simple pour annoncer nos lotos et la fête de la musique.",
        "themes": ["site-web"], "commune": "Issoudun (36)", "urgency": "normal",
        "contact_by": "email", "contact_email": "camille@exemple.org", "contact_phone": "",
    })
    help_request = HelpRequest.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == help_request.get_absolute_url()
    assert help_request.status == HelpRequest.Status.SENT

    # 2. The three nearest actors offering "site web" are emailed, nearest first.
    recipients = list(Recipient.objects.filter(request=help_request).select_related("place"))
    assert [r.place for r in recipients] == [places["deols"], places["chateauroux"],
                                             places["levroux"]]
    assert [r.distance_km for r in recipients] == sorted(r.distance_km for r in recipients)
    for key in ("deols", "chateauroux", "levroux"):
        (message,) = smtp_settings.handler.messages_to(f"{key}@exemple.org")
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert "Issoudun" in message["Subject"]
        assert f"https://assonum.example.org/mise-en-relation/demandes/{help_request.pk}/" in body
    for key in ("bourges", "orleans", "formation"):
        assert smtp_settings.handler.messages_to(f"{key}@exemple.org") == []
    assert smtp_settings.handler.messages_to("camille@exemple.org")  # acknowledgement
    smtp_settings.handler.clear()

    # 3. The second one (Châteauroux) takes it; the others are told.
    actor_client = login(client.__class__(), people["chateauroux"])
    page = actor_client.get(help_request.get_absolute_url())
    assert "Je prends en charge cette demande" in page.content.decode()
    response = actor_client.post(reverse("helprequests:take", args=[help_request.pk]))
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.TAKEN
    assert help_request.actor == places["chateauroux"]
    for key in ("deols", "levroux"):
        (message,) = smtp_settings.handler.messages_to(f"{key}@exemple.org")
        assert "autre acteur" in message["Subject"]
    (taken,) = smtp_settings.handler.messages_to("camille@exemple.org")
    assert "Atelier web de Châteauroux" in taken["Subject"]
    # Déols no longer sees the request it did not take.
    assert login(client.__class__(), people["deols"]).get(
        help_request.get_absolute_url()).status_code == 404
    smtp_settings.handler.clear()

    # 4. Two messages, each emailed to the other side.
    actor_client.post(reverse("helprequests:message", args=[help_request.pk]),
                      {"body": "Bonjour, pouvons-nous nous appeler jeudi ?"})
    client.post(reverse("helprequests:message", args=[help_request.pk]),
                {"body": "Oui, jeudi à 10 h, merci !"})
    assert [m.body for m in help_request.messages.all()] == [
        "Bonjour, pouvons-nous nous appeler jeudi ?", "Oui, jeudi à 10 h, merci !"]
    (to_association,) = smtp_settings.handler.messages_to("camille@exemple.org")
    assert "jeudi ?" in to_association.get_body(preferencelist=("plain",)).get_content()
    (to_actor,) = smtp_settings.handler.messages_to("chateauroux@exemple.org")
    assert "10 h" in to_actor.get_body(preferencelist=("plain",)).get_content()

    # 5. In progress, resolved, rated "met" with a thank-you to moderate.
    actor_client.post(reverse("helprequests:start", args=[help_request.pk]))
    actor_client.post(reverse("helprequests:finish", args=[help_request.pk]),
                      {"target": "resolved", "note": "Site en ligne."})
    response = client.post(reverse("helprequests:rate", args=[help_request.pk]),
                           {"outcome": "met", "thank_you": "Merci, notre site est en ligne !"})
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.RESOLVED
    assert help_request.outcome == HelpRequest.Outcome.MET
    assert [e.to_state for e in history(help_request)] == ["sent", "taken", "in_progress",
                                                           "resolved"]

    # 6. The figures moved: 5 requests, 5 ratings (1 met of 5 = 20 %), shown publicly.
    assert _figure("helprequests.requests", department="", group="").value == 5
    assert _figure("helprequests.met_share").value == 20
    assert _figure("helprequests.answered_share").value == 100
    assert _figure("helprequests.requests", department="36").value == 5
    assert _figure("helprequests.requests", group="theme:site-web").value == 5
    public = client.__class__().get(reverse("helprequests:index")).content.decode()
    assert "Part des besoins satisfaits" in public and "20 %" in public
