"""Public pages of the directory, through HTTP like a visitor."""

import datetime as dt
import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assonum.directory.models import Place
from tests.directory.factories import ActorFactory, PlaceFactory
from tests.territory.factories import make_real_communes

pytestmark = pytest.mark.django_db

LIST_URL = "/annuaire/"


@pytest.fixture
def communes():
    return make_real_communes()


def make_place(commune, **kwargs):
    defaults = {
        "commune": commune, "commune_nom": commune.name, "code_insee": commune.code,
        "code_postal": commune.postal_codes[0], "latitude": commune.latitude,
        "longitude": commune.longitude,
    }
    defaults.update(kwargs)
    return PlaceFactory(**defaults)


def names(response) -> list[str]:
    html = response.content.decode()
    section = html.split('id="resultats"', 1)[1]
    found = re.findall(r'<h3><a href="/annuaire/[^"]+/">([^<]+)</a></h3>', section)
    return [html_lib.unescape(name) for name in found]


def test_list_shows_published_places_only(client, communes):
    make_place(communes["45234"], nom="Fablab d'Orléans")
    make_place(communes["37261"], nom="Brouillon de Tours", status=Place.Status.DRAFT)
    make_place(communes["37261"], nom="En attente", status=Place.Status.PENDING)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names(response) == ["Fablab d'Orléans"]
    html = response.content.decode()
    assert "Orléans, Loiret (45)" in html
    assert "1 lieu" in html


def test_list_item_details(client, communes):
    make_place(
        communes["36044"], nom="Lieu fictif", is_fictional=True, itinerance=["Itinérant"],
        offers=["formation", "materiel"], horaires="24/7",
    )
    html = client.get(LIST_URL).content.decode()
    assert "exemple fictif" in html
    assert "Itinérant" in html
    assert (
        "Formation des bénévoles et salariés · Matériel informatique et reconditionnement"
        in html
    )
    assert "Ouvert maintenant" in html


def test_list_map_is_an_enhancement(client, communes):
    make_place(communes["45234"])
    html = client.get(LIST_URL + "?offre=formation").content.decode()
    # Hidden until the script reveals it; fed by the same filters as the list.
    assert re.search(r'<div class="directory-map" data-directory-map [^>]*hidden>', html)
    assert 'data-geojson-url="/annuaire/carte.geojson?offre=formation"' in html
    assert "vendor/leaflet/leaflet.js" in html and "directory/map.js" in html
    assert 'style="' not in html.split('id="contenu"', 1)[1]
    for tag in re.findall(r"<script[^>]*>", html):
        if "application/json" not in tag:
            assert 'src="/static/' in tag, tag


@pytest.mark.parametrize(
    "param, value, matching, other",
    [
        ("offre", "hebergement-libre", {"offers": ["hebergement-libre"]},
         {"offers": ["formation"]}),
        ("service", "Aide aux démarches administratives",
         {"services": ["Aide aux démarches administratives"]},
         {"services": ["Loisirs et créations numériques"]}),
        ("typologie", "FABLAB", {"typologie": ["FABLAB", "ASSO"]}, {"typologie": ["BIB"]}),
        ("frais", "Gratuit", {"frais_a_charge": ["Gratuit"]},
         {"frais_a_charge": ["Gratuit sous condition"]}),
        ("acces", "Téléphoner", {"modalites_acces": ["Se présenter", "Téléphoner"]},
         {"modalites_acces": ["Se présenter"]}),
    ],
)
def test_each_filter_narrows(client, communes, param, value, matching, other):
    make_place(communes["45234"], nom="Attendu", **matching)
    make_place(communes["45234"], nom="Autre", **other)
    assert sorted(names(client.get(LIST_URL))) == ["Attendu", "Autre"]
    response = client.get(LIST_URL, {param: value})
    assert names(response) == ["Attendu"]
    # The map data follows the same filters.
    data = client.get(reverse("directory:map_data"), {param: value}).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Attendu"]


def test_department_filter(client, communes):
    make_place(communes["36044"], nom="Dans l'Indre")
    make_place(communes["45234"], nom="Dans le Loiret")
    assert names(client.get(LIST_URL, {"departement": "36"})) == ["Dans l'Indre"]


def test_unknown_filter_value_is_an_error_not_a_crash(client, communes):
    make_place(communes["45234"], nom="Un lieu")
    response = client.get(LIST_URL, {"service": "<script>", "pres_de": "Nullepart-sur-Mer"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucune commune ne correspond" in html
    assert names(response) == ["Un lieu"]


def test_htmx_request_gets_the_results_only(client, communes):
    make_place(communes["45234"], nom="Lieu htmx")
    response = client.get(LIST_URL, {"offre": "formation"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith("<section id=\"resultats\"") or 'id="resultats"' in html[:200]
    assert "<html" not in html
    assert "Lieu htmx" in html


def test_list_is_paginated_by_20(client, communes):
    for i in range(23):
        make_place(communes["45234"], nom=f"Lieu {i:02d}")
    first = client.get(LIST_URL)
    assert len(names(first)) == 20
    assert "Page 1 sur 2" in first.content.decode()
    second = client.get(LIST_URL, {"page": 2})
    assert names(second) == ["Lieu 20", "Lieu 21", "Lieu 22"]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [LIST_URL, LIST_URL + "?offre=formation&departement=45"])
def test_list_query_count_does_not_grow(client, communes, url):
    owner = ActorFactory()
    make_place(communes["45234"], owner=owner)
    client.get(url)  # warm caches (content types, site)
    one = _count_queries(client, url)
    for i in range(29):
        make_place(communes[["45234", "45147", "37261"][i % 3]], owner=owner,
                   horaires="Mo-Fr 09:00-18:00")
    thirty = _count_queries(client, url)
    assert one == thirty
    assert thirty <= 15


def test_map_data_query_count_does_not_grow(client, communes):
    make_place(communes["45234"])
    url = reverse("directory:map_data")
    one = _count_queries(client, url)
    for _ in range(10):
        make_place(communes["37261"])
    assert _count_queries(client, url) == one


def test_map_data_geojson(client, communes):
    place = make_place(communes["45234"], nom="Sur la carte", is_fictional=True)
    make_place(communes["45234"], nom="Sans position", latitude=None, longitude=None)
    response = client.get(reverse("directory:map_data"))
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["geometry"]["coordinates"] == [
        round(place.longitude, 5), round(place.latitude, 5),
    ]
    assert feature["properties"] == {
        "name": "Sur la carte", "url": f"/annuaire/{place.slug}/", "commune": "Orléans",
        "is_fictional": True,
    }


# --- near a commune ------------------------------------------------------------------------


@pytest.fixture
def around_chateauroux(communes):
    # Distances from Châteauroux: Déols 1.8 km, Étrechet 7.9, Coings 8.6, Ardentes 12.7,
    # Jeu-les-Bois 17.2, Levroux 19.6; Orléans and Bourges are far.
    for code in ["36093", "36063", "36005", "36071", "36089", "36057", "45234", "18033"]:
        make_place(communes[code], nom=f"Lieu à {communes[code].name}")
    return communes


def test_near_chateauroux_20_km_nearest_first(client, around_chateauroux):
    response = client.get(LIST_URL, {"pres_de": "Châteauroux", "rayon": "20"})
    assert names(response) == [
        "Lieu à Déols", "Lieu à Étrechet", "Lieu à Coings", "Lieu à Ardentes",
        "Lieu à Jeu-les-Bois", "Lieu à Levroux",
    ]
    html = response.content.decode()
    assert "à moins de 20 km de Châteauroux, du plus proche au plus loin" in html
    assert re.search(r"à 1[,.]8 km", html)


def test_near_radius_10_km(client, around_chateauroux):
    response = client.get(LIST_URL, {"pres_de": "36000", "rayon": "10"})
    assert names(response) == ["Lieu à Déols", "Lieu à Étrechet", "Lieu à Coings"]
    data = client.get(reverse("directory:map_data"), {"pres_de": "36000", "rayon": "10"}).json()
    assert len(data["features"]) == 3


def test_near_a_shared_postal_code_filters_around_its_main_commune(client, around_chateauroux):
    # 36120 is Ardentes, Étrechet and Jeu-les-Bois: the list is filtered around Ardentes, the
    # most populous, not left unfiltered behind an error.
    response = client.get(LIST_URL, {"pres_de": "36120", "rayon": "10"})
    html = response.content.decode()
    assert "Plusieurs communes" not in html
    assert "à moins de 10 km d'Ardentes" in html.replace("&#x27;", "'")
    assert "Lieu à Orléans" not in names(response) and "Lieu à Ardentes" in names(response)


def test_near_combines_with_filters(client, around_chateauroux, communes):
    make_place(communes["36063"], nom="Fablab de Déols", offers=["fablab"])
    response = client.get(LIST_URL, {"pres_de": "Châteauroux", "rayon": "50", "offre": "fablab"})
    assert names(response) == ["Fablab de Déols"]


# --- place page ------------------------------------------------------------------------------


def test_place_page(client, communes):
    owner = ActorFactory(name="Numérique en Berry")
    place = make_place(
        communes["36044"], nom="Espace numérique du Berry", owner=owner,
        telephones=["+33254000000"], courriels=["contact@exemple.fr"],
        sites_web=["https://exemple.fr"], horaires="Mo-Fr 09:00-12:00,14:00-18:00",
        services=["Aide aux démarches administratives"], offers=["formation"],
        publics_specifiquement_adresses=["Seniors"], modalites_acces=["Téléphoner"],
        itinerance=["Itinérant"], is_fictional=True, date_maj=dt.date(2025, 3, 4),
        presentation_resume="Un espace pour apprendre.",
    )
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Espace numérique du Berry</h1>" in html
    assert '<a href="tel:+33254000000">02 54 00 00 00</a>' in html
    assert 'href="mailto:contact@exemple.fr"' in html
    assert "https://www.openstreetmap.org/?mlat=46.81096&amp;mlon=1.69198" in html
    assert "Mise à jour le 4 mars 2025" in html
    assert "exemple fictif" in html and "Itinérant" in html
    assert "Aide aux démarches administratives" in html
    assert "Formation des bénévoles et salariés" in html
    assert "Seniors" in html and "Téléphoner" in html
    assert f'href="/organisations/{owner.slug}/"' in html
    assert "9\u00a0h – 12\u00a0h, 14\u00a0h – 18\u00a0h" in html
    assert re.search(r"(Ouvert maintenant|Fermé)", html)
    # The small map is an enhancement, hidden without JavaScript.
    assert re.search(r'data-lat="46\.81096\d*"', html)
    # Not signed in: the claim link asks to sign in first.
    assert "Demandez à gérer cette fiche" in html


def test_place_page_invalid_opening_hours_shown_as_given(client, communes):
    place = make_place(communes["45234"], horaires="du lundi au vendredi de 9h à 17h")
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "du lundi au vendredi de 9h à 17h" in html
    assert (
        "Horaires tels qu&#x27;indiqués par le lieu." in html
        or "Horaires tels qu'indiqués" in html
    )
    # The list shows it without a status and without crashing either.
    assert client.get(LIST_URL).status_code == 200


def test_place_page_without_position_or_hours(client, communes):
    place = make_place(communes["45234"], latitude=None, longitude=None, horaires="")
    html = client.get(place.get_absolute_url()).content.decode()
    assert "data-directory-map" not in html
    assert "vendor/leaflet/leaflet.js" not in html
    assert "Horaires non renseignés" in html


def test_unpublished_place_page_is_404(client, communes):
    place = make_place(communes["45234"], status=Place.Status.PENDING)
    assert client.get(place.get_absolute_url()).status_code == 404
    assert client.get("/annuaire/nexiste-pas/").status_code == 404


# --- site hooks ------------------------------------------------------------------------------


def test_site_search_finds_published_places(client, communes):
    make_place(communes["45234"], nom="Repair café numérique")
    make_place(communes["45234"], nom="Repair café caché", status=Place.Status.DRAFT)
    response = client.get("/recherche/", {"q": "repair"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Repair café numérique" in html
    assert "Repair café caché" not in html


def test_sitemap_lists_the_list_and_published_places(client, communes):
    published = make_place(communes["45234"])
    draft = make_place(communes["45234"], status=Place.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/annuaire/</loc>" in xml
    assert f"/annuaire/{published.slug}/</loc>" in xml
    assert f"/annuaire/{draft.slug}/" not in xml


def test_navigation_and_home_section(client, demo_site):
    html = client.get("/").content.decode()
    assert '<a href="/annuaire/"' in html
    assert (
        "Trouver de l&#x27;aide près de chez vous" in html
        or "Trouver de l'aide près de chez vous" in html
    )
    assert 'action="/annuaire/"' in html
    # The commune field suggests communes as on /annuaire/ (an enhancement of a plain field).
    assert "data-commune-autocomplete" in html
    assert '<script src="/static/territory/commune-autocomplete' in html


def test_home_form_leads_to_near_results(client, around_chateauroux):
    response = client.get(LIST_URL, {"pres_de": "Châteauroux (36)", "rayon": "10"})
    assert names(response)[0] == "Lieu à Déols"


def test_digest_new_places(communes):
    from assonum.core.digest import DigestQuery
    from assonum.directory.digest import new_items

    before = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    make_place(communes["36044"], nom="Nouveau lieu", offers=["formation", "materiel"])
    make_place(communes["36044"], nom="Pas publié", status=Place.Status.DRAFT)
    items = new_items(DigestQuery(since=before))
    assert [i.title for i in items] == ["Nouveau lieu"]
    item = items[0]
    assert item.kind == "place"
    assert item.department_codes == frozenset({"36"})
    assert item.tags == frozenset({"formation", "materiel"})
    assert item.url.startswith("/annuaire/")
    from django.utils import timezone

    assert new_items(DigestQuery(since=timezone.now() + dt.timedelta(minutes=1))) == []
    # Filtered and limited in the database.
    from assonum.core.digest import TopicMatch

    make_place(communes["36044"], nom="Autre lieu", offers=["wifi"])
    assert [i.title for i in new_items(DigestQuery(since=before, topics=(
        TopicMatch(tags=frozenset({"materiel"})),)))] == ["Nouveau lieu"]
    assert new_items(DigestQuery(since=before, department_codes={"45"})) == []
    assert len(new_items(DigestQuery(since=before, department_codes={"36"}))) == 2
    assert [i.title for i in new_items(DigestQuery(since=before, limit=1))] == ["Autre lieu"]
