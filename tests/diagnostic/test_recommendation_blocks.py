"""The blocks other apps add to a diagnostic result through ``diagnostic.recommendations``:
upcoming trainings (events), the open calls of the fund, a pre-filled help request."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory
from django.utils import timezone

from assonum.core.plugins import call_each
from tests.events.factories import EventFactory, real_communes
from tests.fund.conftest import make_call

pytestmark = pytest.mark.django_db


def _summary(commune_code):
    return {"id": 1, "taken_at": timezone.now(), "url": "/diagnostic/resultats/1/", "overall": 40,
            "organisation_id": None, "commune_code": commune_code,
            "themes": [{"slug": "communication", "label": "Communication", "score": 20},
                       {"slug": "securite", "label": "Protection des données", "score": 35},
                       {"slug": "materiel", "label": "Équipement", "score": 80},
                       {"slug": "sobriete", "label": "Empreinte environnementale",
                        "score": None}]}


def _blocks(summary):
    return {block["title"]: block for block in
            call_each("diagnostic.recommendations", RequestFactory().get("/"), summary)}


def test_each_app_adds_its_block_to_a_result():
    communes = real_communes()
    EventFactory(title="Atelier sauvegarde à Vierzon", commune=communes["18279"])
    EventFactory(title="Atelier au Blanc", commune=communes["36018"])  # another department
    EventFactory(title="Webinaire RGPD", is_online=True, commune=None)
    EventFactory(title="Atelier passé", commune=communes["18279"],
                 start=timezone.now() - timedelta(days=3), end=timezone.now() - timedelta(days=3))
    make_call(title="Appel 2026 : numérique et ruralité")

    blocks = _blocks(_summary("18279"))

    trainings = [item["label"] for item in blocks["Se former près de chez vous"]["items"]]
    assert set(trainings) == {"Atelier sauvegarde à Vierzon", "Webinaire RGPD"}
    calls = [item["label"] for item in blocks["Être accompagné par le fonds"]["items"]]
    assert calls == ["Appel 2026 : numérique et ruralité"]
    asks = blocks["Être mis en relation avec un acteur du numérique"]["items"]
    # One link, for the weakest answered theme (unanswered themes left out).
    assert [item["label"] for item in asks] == ["Demander de l'aide : Communication"]
    query = parse_qs(urlsplit(asks[0]["url"]).query)
    assert urlsplit(asks[0]["url"]).path == "/mise-en-relation/demander/"
    assert query["texte"] == ["Nous aimerions être accompagnés sur : Communication."]


def test_no_block_when_nothing_fits():
    blocks = _blocks({**_summary("18279"), "themes": []})
    assert blocks == {}
