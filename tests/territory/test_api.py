import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.territory.factories import CommuneFactory, make_real_communes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes():
    return make_real_communes()


def test_search_orleans_json_shape(client):
    response = client.get("/api/v1/communes", {"q": "orleans"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data[0] == {
        "code": "45234",
        "name": "Orléans",
        "label": "Orléans (45)",
        "postal_codes": ["45000", "45100"],
        "department_code": "45",
        "department_name": "Loiret",
        "population": 116685,
        "latitude": 47.9032,
        "longitude": 1.90845,
    }


@pytest.mark.parametrize(
    ("q", "code"),
    [("orleans", "45234"), ("Orléans", "45234"), ("ORLEANS", "45234"), ("37000", "37261"),
     ("45000", "45234"), ("st jean de la", "45285"), ("saint jean de la", "45285"),
     ("chateauroux", "36044")],
)
def test_search_cases(client, q, code):
    assert client.get("/api/v1/communes", {"q": q}).json()[0]["code"] == code


def test_empty_short_and_unknown_queries(client):
    assert client.get("/api/v1/communes").json() == []
    assert client.get("/api/v1/communes", {"q": "o"}).json() == []
    assert client.get("/api/v1/communes", {"q": "zzz"}).json() == []


def test_limit_is_bounded(client):
    assert len(client.get("/api/v1/communes", {"q": "36", "limit": 2}).json()) == 2
    assert client.get("/api/v1/communes", {"q": "36", "limit": 500}).status_code == 422


def test_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        few = client.get("/api/v1/communes", {"q": "vineuil"}).json()
    for n in range(30):
        CommuneFactory(name=f"Vineuil-sur-Test {n}")
    with django_assert_num_queries(1):
        many = client.get("/api/v1/communes", {"q": "vineuil", "limit": 50}).json()
    assert len(few) == 2 and len(many) == 32


def test_in_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/communes" in paths


def test_autocomplete_script_tag_is_a_file_of_the_site():
    request = RequestFactory().get("/")
    html = Template("{% load territory_tags %}{% commune_autocomplete_script %}").render(
        Context({"request": request})
    )
    assert "nonce=" not in html
    assert "territory/commune-autocomplete.js" in html and " defer" in html


def test_commune_api_names_with_their_article(client):
    from tests.territory.factories import make_article_communes, make_real_communes

    make_real_communes()
    make_article_communes()
    data = client.get("/api/v1/communes", {"q": "le blanc"}).json()
    assert (data[0]["name"], data[0]["label"]) == ("Le Blanc", "Le Blanc (36)")
    data = client.get("/api/v1/communes", {"q": "36300"}).json()
    assert data[0]["name"] == "Le Blanc" and "Ciron" in [c["name"] for c in data]
    data = client.get("/api/v1/communes", {"q": "ile bouchard"}).json()
    assert data[0]["label"] == "L'Île-Bouchard (37)"
