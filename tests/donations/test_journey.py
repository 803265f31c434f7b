"""The issue's journey, over HTTP: 5 laptops from Ardentes (Indre), an association of Déols
(13.6 km) finds them near its commune, reserves 2, the donor accepts, both confirm, the donor
downloads the attestation and the counters of /dons/ move by the documented factors."""

import re

import pytest
from django.test import Client

from assonum.core.workflow import history
from assonum.donations import impact
from assonum.donations.models import Lot, Offer, Reservation
from assonum.donations.statistics import figures

from .factories import ASSOCIATION_COMMUNE, association, communes, donor_org, login, member_of


def counters(client):
    html = client.get("/dons/").content.decode()
    return re.findall(r"<li><strong>([^<]+)</strong>", html)[:3]


@pytest.mark.django_db(transaction=True)
def test_donor_to_association_journey(smtp_settings):
    places = communes()
    donor = donor_org(name="Menuiserie du Boischaut")
    donor_user = member_of(donor, email="gerante@menuiserie-boischaut.example")
    asso = association(commune=places[ASSOCIATION_COMMUNE], name="Les Amis du numérique de Déols")
    asso_user = member_of(asso, email="tresorier@amis-numerique-deols.example")
    anonymous = Client()
    assert counters(anonymous) == ["0", "0 kg", "0 kg CO2e"]

    # The donor gives 5 laptops from Ardentes (verified organisation: published at once).
    donor_client = login(Client(), donor_user)
    response = donor_client.post("/dons/donner/", {
        "title": "5 ordinateurs portables du bureau", "description": "Avec chargeurs.",
        "organisation": str(donor.pk), "commune": "Ardentes (36)",
        "available_from": "2026-12-01", "available_until": "", "handover": "collect",
        "dropoff_point": "", "lots-TOTAL_FORMS": "1", "lots-INITIAL_FORMS": "0",
        "lots-MIN_NUM_FORMS": "1", "lots-MAX_NUM_FORMS": "10", "lots-0-kind": "laptop",
        "lots-0-quantity": "5", "lots-0-year": "2019", "lots-0-condition": "working",
        "lots-0-operating_system": "windows", "lots-0-wiping": "overwrite", "lots-0-details": "",
        "envoyer": "1"})
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dons/offres/{offer.pk}/"
    assert offer.status == Offer.Status.PUBLISHED and offer.commune.name == "Ardentes"

    # The association finds it near Déols (20 km), not near Orléans.
    asso_client = login(Client(), asso_user)
    near = asso_client.get("/dons/offres/", {"pres_de": "Déols", "rayon": "20", "type": "laptop"})
    assert "5 ordinateurs portables du bureau" in near.content.decode()
    assert "à 13,6 km" in near.content.decode() or "à 13.6 km" in near.content.decode()
    far = asso_client.get("/dons/offres/", {"pres_de": "Orléans", "rayon": "20"})
    assert "5 ordinateurs portables du bureau" not in far.content.decode()

    # It reserves 2: the page says so plainly; the donor is emailed.
    lot = Lot.objects.get()
    response = asso_client.post(f"/dons/offres/{offer.pk}/reserver/",
                                {"lot": lot.pk, "quantite": "2"})
    assert response.status_code == 200
    assert "Réservé : 2 ordinateurs portables" in response.content.decode()
    lot.refresh_from_db()
    assert (lot.reserved, lot.available) == (2, 3)
    reservation = Reservation.objects.get()
    assert reservation.status == Reservation.Status.REQUESTED
    donor_email = "gerante@menuiserie-boischaut.example"
    assert [m.rcpt_tos for m in smtp_settings.received] == [[donor_email]]

    # The donor accepts; both confirm the hand-over.
    actions = f"/dons/reservations/{reservation.pk}"
    assert donor_client.post(f"{actions}/accepter/").status_code == 302
    assert asso_client.post(f"{actions}/accepter/").status_code == 302  # not hers: refused
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.ACCEPTED
    donor_client.post(f"{actions}/confirmer/")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.ACCEPTED and reservation.donor_confirmed_at
    assert counters(anonymous) == ["0", "0 kg", "0 kg CO2e"]  # not yet handed over
    asso_client.post(f"{actions}/confirmer/")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CLOSED
    assert [(log.from_state, log.to_state) for log in history(reservation)] == [
        ("", "requested"), ("requested", "accepted"), ("accepted", "closed")]
    last = smtp_settings.received[-1]
    assert last.rcpt_tos == ["gerante@menuiserie-boischaut.example"]
    assert f"/dons/offres/{offer.pk}/attestation/" in last.message.get_body(
        preferencelist=("plain",)).get_content()

    # The donor downloads the attestation; the association may not.
    attestation = donor_client.get(f"/dons/offres/{offer.pk}/attestation/")
    text = attestation.content.decode()
    assert attestation.status_code == 200
    assert "Les Amis du numérique de Déols" in text and "2 ordinateurs portables" in text
    assert "donations/print.css" in text
    assert asso_client.get(f"/dons/offres/{offer.pk}/attestation/").status_code == 404

    # Counters move by the documented factors: 2 × laptop.
    factor = impact.FACTORS["laptop"]
    mass, co2e = round(2 * factor.mass_kg, 1), round(2 * factor.co2e_kg)
    assert (mass, co2e) == (3.3, 341)
    assert counters(anonymous) == ["2", "3,3 kg", "341 kg CO2e"]
    stats = {(s.key, s.department): s.value for s in figures()}
    assert stats[("donations.devices", "")] == 2
    assert stats[("donations.co2e", "36")] == pytest.approx(340.6)
    assert stats[("donations.mass", "36")] == pytest.approx(3.3)
