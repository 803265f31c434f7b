import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assonum.organisations.models import Organisation
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    organisation_with_admin,
)
from tests.territory.factories import make_real_communes

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def test_list_query_count_does_not_grow(client):
    communes = make_real_communes(["45234", "37261"])
    OrganisationFactory(seat_commune=communes["45234"])
    client.get("/organisations/")  # warm the per-process caches (site, settings)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/organisations/").status_code == 200
    for i in range(25):
        OrganisationFactory(seat_commune=communes["37261" if i % 2 else "45234"])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/organisations/")
    assert len(many) == len(one)
    assert response.context["page_obj"].paginator.count == 26
    assert len(response.context["page_obj"]) == 20  # paginated


def test_list_filters_by_kind_and_department(client):
    communes = make_real_communes(["45234", "37261"])
    OrganisationFactory(name="Asso Loiret", seat_commune=communes["45234"])
    OrganisationFactory(name="Asso Touraine", seat_commune=communes["37261"])
    OrganisationFactory(name="Fab lab", actor=True, seat_commune=communes["37261"])
    body = text(client.get("/organisations/?departement=37"))
    assert "Asso Touraine" in body and "Fab lab" in body and "Asso Loiret" not in body
    body = text(client.get("/organisations/?type=actor&departement=37"))
    assert "Fab lab" in body and "Asso Touraine" not in body
    # Unknown values are ignored, not errors.
    assert client.get("/organisations/?type=zzz&departement=99&page=abc").status_code == 200


def test_detail_shows_verified_badge_and_network_members(client):
    network = OrganisationFactory(network=True, name="Réseau régional")
    member = OrganisationFactory(name="Asso membre", is_verified=True)
    member.networks.add(network)
    body = text(client.get(f"/organisations/{network.slug}/"))
    assert "Asso membre" in body and "Organisations membres du réseau" in body
    body = text(client.get(f"/organisations/{member.slug}/"))
    assert "vérifiée" in body and "Réseau régional" in body
    assert client.get("/organisations/inconnue/").status_code == 404


def test_association_admin_declares_its_networks(client):
    network, network_admin = organisation_with_admin(network=True, name="Fédération")
    org, admin = organisation_with_admin(name="Asso")
    client.force_login(admin)
    page = client.get(f"/organisations/{org.slug}/modifier/")
    assert "Fédération" in text(page)
    response = client.post(f"/organisations/{org.slug}/modifier/", {
        "name": "Asso renommée", "rna": org.rna, "siret": "", "seat_commune": "",
        "sector": "", "description": "", "members_count": "", "volunteers_count": "",
        "employees_count": "", "website": "", "public_email": "", "public_phone": "",
        "networks": [network.pk],
    })
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Asso renommée"
    # The network consents first (issue 17): a pending request, not yet on its list.
    assert list(org.networks.all()) == []
    assert "Asso renommée" not in text(client.get(f"/organisations/{network.slug}/"))
    assert "En attente de l'accord du réseau" in text(client.get(f"/organisations/{org.slug}/"))
    request = org.network_requests.get()
    # Only the network's administrators decide.
    assert client.post(f"/organisations/{network.slug}/reseau/demandes/{request.pk}/",
                       {"action": "approve"}).status_code == 403
    client.force_login(network_admin)
    assert "demande à figurer parmi les membres" in text(client.get("/espace/"))
    client.post(f"/organisations/{network.slug}/reseau/demandes/{request.pk}/",
                {"action": "approve"})
    assert list(org.networks.all()) == [network]
    assert "Asso renommée" in text(client.get(f"/organisations/{network.slug}/"))


def test_association_needs_rna_or_siret_but_actor_does_not(client):
    _, user = organisation_with_admin()
    client.force_login(user)
    base = {"name": "Sans numéro", "rna": "", "siret": "", "seat_commune": "",
            "sector": "", "public_phone": ""}
    response = client.post("/organisations/nouvelle/", {**base, "kind": "association"})
    assert response.status_code == 200
    assert "l'un des deux suffit" in text(response)
    response = client.post("/organisations/nouvelle/", {**base, "kind": "association",
                                                        "siret": "35600000049837"})
    assert response.status_code == 302
    response = client.post("/organisations/nouvelle/", {**base, "kind": "actor",
                                                        "name": "Tiers-lieu"})
    assert response.status_code == 302
    assert Organisation.objects.get(name="Tiers-lieu").kind == "actor"
    assert Organisation.objects.filter(slug__startswith="sans-numero").count() == 1


def test_bad_commune_and_phone_are_reported(client):
    make_real_communes(["36247", "41295"])  # two communes named Vineuil
    _, user = organisation_with_admin()
    client.force_login(user)
    response = client.post("/organisations/nouvelle/", {
        "kind": "association", "name": "X", "rna": "W451012345", "seat_commune": "Vineuil",
        "public_phone": "12"})
    body = text(response)
    assert "Plusieurs communes correspondent" in body
    assert "numéro de téléphone n'est pas valide" in body
    response = client.post("/organisations/nouvelle/", {
        "kind": "association", "name": "X", "rna": "W451012345", "seat_commune": "Vineuil (41)"})
    assert response.status_code == 302
    assert Organisation.objects.get(name="X").seat_commune_id == "41295"


def test_sitemap_lists_the_list_and_each_organisation(client):
    org = OrganisationFactory()
    body = client.get("/sitemap.xml").content.decode()
    assert "/organisations/</loc>" in body
    assert f"/organisations/{org.slug}/</loc>" in body


def test_dashboard_shows_my_organisations_with_role(client):
    org, admin = organisation_with_admin(name="Mon asso")
    MembershipFactory(user=admin, organisation=OrganisationFactory(name="Autre asso"))
    client.force_login(admin)
    body = text(client.get("/espace/"))
    assert "Mon asso" in body and "administrateur" in body
    assert "Autre asso" in body and "membre" in body
