"""The public page, the form (no JavaScript, keeps what was typed, pre-filled), the draft."""

import pytest
from django.urls import reverse

from assonum.helprequests.models import HelpRequest
from tests.helprequests.factories import login, make_user, world

pytestmark = pytest.mark.django_db


def test_public_page_explains_and_hides_small_figures(client, settings):
    page = client.get(reverse("helprequests:index"))
    text = page.content.decode()
    assert page.status_code == 200 and text.count("<h1") == 1
    assert "Décrire mon besoin" in text and "Les chiffres s'afficheront dès 5 demandes" in text


def test_form_keeps_what_was_typed_with_french_errors(client, settings):
    w = world()
    login(client, w["people"]["camille"])
    response = client.post(reverse("helprequests:ask"), {
        "organisation": w["asso"].pk, "need": "Un site web pour nos lotos et nos fêtes, simple.",
        "themes": [], "commune": "Sainte-Introuvable", "urgency": "urgent",
        "contact_by": "phone", "contact_email": "", "contact_phone": "",
    })
    text = response.content.decode()
    assert response.status_code == 200
    assert "Cochez au moins un thème." in text
    assert "Indiquez un numéro de téléphone pour être appelé." in text
    assert "Un site web pour nos lotos et nos fêtes, simple." in text
    assert 'value="Sainte-Introuvable"' in text
    assert 'value="urgent" required id="id_urgency_2" checked' in text or \
        'value="urgent"' in text and "checked" in text
    assert HelpRequest.objects.count() == 0


def test_form_is_prefilled_from_a_diagnostic_priority(client):
    w = world()
    login(client, w["people"]["camille"])
    text = client.get(reverse("helprequests:ask"), {
        "theme": "prestation", "texte": "Créer un site pour annoncer nos activités"}
    ).content.decode()
    assert 'value="site-web" id="id_themes_0" checked' in text or \
        ('value="site-web"' in text and "checked" in text)
    assert "Créer un site pour annoncer nos activités</textarea>" in text
    assert 'name="source" value="diagnostic"' in text
    assert 'value="Issoudun (36)"' in text  # the association's seat


def test_visitor_draft_waits_in_the_session_then_is_sent(client, settings):
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    data = {"need": "Former nos bénévoles à un tableur partagé en ligne, sans frais.",
            "themes": ["formation"], "commune": "36100", "urgency": "low",
            "contact_by": "site", "contact_email": "", "contact_phone": ""}
    response = client.post(reverse("helprequests:ask"), data)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    assert HelpRequest.objects.count() == 0
    # Signs in as a person without an association: the draft is kept, the page says why.
    stranger = make_user("nouvelle@exemple.org")
    client.force_login(stranger)
    page = client.get(reverse("helprequests:ask"))
    assert page.status_code == 403 and "Ce que vous avez écrit est gardé" in page.content.decode()
    # A member of the association: the draft fills the form, then it is sent.
    client.force_login(w["people"]["camille"])
    session = client.session
    session["helprequests_draft"] = {**data, "themes": ["formation"]}
    session.save()
    text = client.get(reverse("helprequests:ask")).content.decode()
    assert "Nous avons gardé ce que vous aviez écrit" in text
    assert "error-summary" not in text  # the kept draft is complete: no error shown
    assert "Former nos bénévoles à un tableur partagé en ligne, sans frais." in text
    response = client.post(reverse("helprequests:ask"), {**data, "organisation": w["asso"].pk})
    help_request = HelpRequest.objects.get()
    assert help_request.themes == ["formation"] and help_request.commune.name == "Issoudun"
    assert "helprequests_draft" not in client.session


def test_taken_request_shows_a_french_refusal_not_an_error(client, settings):
    from assonum.helprequests import services
    from tests.helprequests.factories import ask

    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    help_request = ask(w)
    login(client, w["people"]["deols"])
    page = client.get(help_request.get_absolute_url())
    assert page.status_code == 200
    services.take(help_request=help_request, place=w["places"]["chateauroux"],
                  by=w["people"]["chateauroux"])
    response = client.post(reverse("helprequests:take", args=[help_request.pk]), follow=True)
    assert "Un autre acteur vient de prendre en charge cette demande" in \
        response.content.decode().replace("&#x27;", "'")
