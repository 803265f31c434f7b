"""Pages against the donor, another association, another donor and an anonymous visitor;
the give form without JavaScript; photos; query counts constant in the number of offers."""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from assonum.core.private_files import private_file_url
from assonum.donations import services
from assonum.donations.models import Offer, Photo, Reservation

from .factories import (
    ASSOCIATION_COMMUNE,
    association,
    communes,
    donor_org,
    login,
    member_of,
    moderator,
    published_offer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """The donor, the association that reserved, another association, another donor."""
    places = communes()
    donor = donor_org(name="Cabinet comptable de La Châtre")
    donor_user = member_of(donor)
    offer = published_offer(organisation=donor, user=donor_user, quantity=4)
    asso = association(commune=places[ASSOCIATION_COMMUNE])
    asso_user = member_of(asso)
    reservation = services.reserve(user=asso_user, organisation=asso,
                                   lot_id=offer.lots.get().pk, quantity=1)
    other_asso_user = member_of(association(commune=places["36044"]))
    other_donor_user = member_of(donor_org(name="Garage de L'Île-Bouchard"))
    return {"offer": offer, "reservation": reservation, "donor": donor_user,
            "association": asso_user, "other_association": other_asso_user,
            "other_donor": other_donor_user}


def client_for(cast, who):
    return Client() if who == "anonymous" else login(Client(), cast[who])


WHO = ["donor", "association", "other_association", "other_donor", "anonymous"]


@pytest.mark.parametrize("who", WHO)
def test_offer_page(cast, who):
    offer = cast["offer"]
    page = client_for(cast, who).get(offer.get_absolute_url())
    text = unescape(page.content.decode())
    assert page.status_code == 200 and offer.title in text
    assert ("Accepter" in text) == (who == "donor")  # only the donor decides
    assert ('name="quantite"' in text) == (who in ("association", "other_association"))
    assert ("Attestation de réemploi" in text) == (who == "donor")
    if who == "anonymous":
        assert "Connectez-vous pour réserver" in text


@pytest.mark.parametrize("who", WHO)
def test_pending_offer_is_seen_only_by_its_donor(cast, who):
    offer = cast["offer"]
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PENDING)
    status = client_for(cast, who).get(offer.get_absolute_url()).status_code
    assert status == (200 if who == "donor" else 404)


@pytest.mark.parametrize("who", WHO)
def test_reservation_actions(cast, who):
    reservation = cast["reservation"]
    response = client_for(cast, who).post(f"/dons/reservations/{reservation.pk}/accepter/")
    reservation.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302 and "/compte/login/" in response["Location"]
    elif who in ("other_association", "other_donor"):
        assert response.status_code == 404
    elif who == "association":  # the requester cannot accept her own request
        assert response.status_code == 302
    accepted = reservation.status == Reservation.Status.ACCEPTED
    assert accepted == (who == "donor")


@pytest.mark.parametrize("who", WHO)
def test_reserve_post(cast, who):
    offer = cast["offer"]
    lot = offer.lots.get()
    response = client_for(cast, who).post(f"/dons/offres/{offer.pk}/reserver/",
                                          {"lot": lot.pk, "quantite": "1"})
    if who == "anonymous":
        assert response.status_code == 302
    elif who in ("association", "other_association"):
        assert response.status_code == 200
        assert "Réservé : 1 ordinateur portable" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", WHO)
def test_dashboard_and_attestation(cast, who):
    client = client_for(cast, who)
    offer = cast["offer"]
    dashboard = client.get("/espace/")
    attestation = client.get(f"/dons/offres/{offer.pk}/attestation/")
    if who == "anonymous":
        assert dashboard.status_code == 302 and attestation.status_code == 302
        return
    text = unescape(dashboard.content.decode())
    assert dashboard.status_code == 200 and "Dons de matériel" in text
    assert ("Réservations à accepter ou refuser" in text) == (who == "donor")
    assert ("Réservations de mes associations" in text) == (who == "association")
    assert attestation.status_code == (200 if who == "donor" else 404)


def test_reserving_more_than_left_says_so_plainly(cast):
    offer = cast["offer"]
    client = client_for(cast, "other_association")
    response = client.post(f"/dons/offres/{offer.pk}/reserver/",
                           {"lot": offer.lots.get().pk, "quantite": "9"})
    assert response.status_code == 409
    assert "Il n'en reste que 3" in unescape(response.content.decode())
    bad = client.post(f"/dons/offres/{offer.pk}/reserver/", {"lot": offer.lots.get().pk,
                                                             "quantite": "deux"})
    assert bad.status_code == 400 and "au moins 1" in unescape(bad.content.decode())


def test_an_invalid_transition_is_a_message_not_an_error(cast):
    reservation = cast["reservation"]
    donor = client_for(cast, "donor")
    donor.post(f"/dons/reservations/{reservation.pk}/refuser/")
    response = donor.post(f"/dons/reservations/{reservation.pk}/accepter/", follow=True)
    assert response.status_code == 200
    assert "n'est pas possible" in unescape(response.content.decode())
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.DECLINED
    assert reservation.lot.reserved == 0  # the declined unit went back


def _jpeg_with_exif():
    image = Image.new("RGB", (40, 30), "navy")
    exif = Image.Exif()
    exif[0x010F] = "Appareil du donateur"  # Make
    exif[0x013B] = "Claude Moreau"  # Artist
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _give_data(**extra):
    data = {
        "title": "Portables et écrans", "description": "", "organisation": "",
        "commune": "Le Blanc", "available_from": "2026-12-01", "available_until": "",
        "handover": "collect", "dropoff_point": "", "lots-TOTAL_FORMS": "1",
        "lots-INITIAL_FORMS": "0", "lots-MIN_NUM_FORMS": "1", "lots-MAX_NUM_FORMS": "10",
        "lots-0-kind": "laptop", "lots-0-quantity": "3", "lots-0-year": "2018",
        "lots-0-condition": "working", "lots-0-operating_system": "linux",
        "lots-0-wiping": "crypto", "lots-0-details": "Chargeurs fournis",
    }
    data.update(extra)
    return data


def test_add_a_lot_without_javascript_keeps_what_was_typed(cast):
    from tests.territory.factories import CommuneFactory, DepartmentFactory

    CommuneFactory(code="36018", name="Le Blanc", department=DepartmentFactory(code="36"),
                   postal_codes=["36300"], latitude=46.6339, longitude=1.0628)
    client = login(Client(), cast["other_donor"])
    page = client.post("/dons/donner/", _give_data(ajouter_lot="1"))
    text = page.content.decode()
    assert page.status_code == 200
    assert not Offer.objects.filter(title="Portables et écrans").exists()
    assert 'name="lots-1-kind"' in text and 'value="Chargeurs fournis"' in text
    assert 'value="Portables et écrans"' in text and "Lot 2" in text
    # An error on the second lot: the page says so, nothing is saved, everything is kept.
    data = _give_data(**{"lots-TOTAL_FORMS": "2", "lots-1-kind": "screen", "lots-1-quantity": "0",
                         "lots-1-condition": "working", "lots-1-operating_system": "none",
                         "lots-1-wiping": "removed", "envoyer": "1"})
    page = client.post("/dons/donner/", data)
    text = unescape(page.content.decode())
    assert page.status_code == 200 and "Lot 2, quantité : Entre 1 et 500." in text
    assert Offer.objects.filter(title="Portables et écrans").count() == 0
    # Fixed, with a photo: saved with two lots; a person alone waits for moderation.
    data["lots-1-quantity"] = "2"
    with Image.open(io.BytesIO(_jpeg_with_exif())) as original:
        assert original.getexif()[0x013B] == "Claude Moreau"
    data["photos"] = SimpleUploadedFile("portable.jpg", _jpeg_with_exif(), "image/jpeg")
    page = client.post("/dons/donner/", data)
    offer = Offer.objects.get(title="Portables et écrans")
    assert page.status_code == 302 and offer.status == Offer.Status.PENDING
    assert [(lot.kind, lot.quantity) for lot in offer.lots.all()] == [("laptop", 3), ("screen", 2)]
    photo = offer.photos.get()
    with photo.image.open("rb") as handle, Image.open(handle) as stored:
        assert not stored.getexif()  # EXIF (maker, author) stripped


def test_photos_are_served_only_for_published_offers(cast):
    offer = cast["offer"]
    photo = Photo(offer=offer)
    photo.image.save("p.png", io.BytesIO(_png()), save=True)
    url = private_file_url(photo, "photo")
    assert Client().get(url).status_code == 200
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.WITHDRAWN)
    assert Client().get(url).status_code == 404
    assert client_for(cast, "other_association").get(url).status_code == 404
    assert client_for(cast, "donor").get(url).status_code == 200


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_fake_image_is_refused(cast):
    client = login(Client(), cast["other_donor"])
    data = _give_data(envoyer="1")
    data["commune"] = "Ardentes"
    data["photos"] = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", "image/jpeg")
    page = client.post("/dons/donner/", data)
    assert page.status_code == 200 and "n'est pas accepté" in unescape(page.content.decode())
    assert not Offer.objects.filter(title="Portables et écrans").exists()


def test_moderation_needs_staff_with_second_factor(cast):
    pending = published_offer(organisation=donor_org(verified=False), quantity=2)
    assert pending.status == Offer.Status.PENDING
    staff = moderator()
    assert login(Client(), staff).get("/dons/moderation/").status_code == 404  # no 2FA
    assert client_for(cast, "donor").get("/dons/moderation/").status_code == 404
    client = login(Client(), staff, mfa=True)
    page = client.get("/dons/moderation/")
    assert page.status_code == 200 and pending.title in page.content.decode()
    client.post(f"/dons/moderation/{pending.pk}/", {"decision": "publier", "note": ""})
    pending.refresh_from_db()
    assert pending.status == Offer.Status.PUBLISHED and pending.published_at


def _make_offers(n):
    donor = donor_org()
    user = member_of(donor)
    for _ in range(n):
        published_offer(organisation=donor, user=user, quantity=2,
                        lots=[{"kind": "laptop", "quantity": 2}, {"kind": "screen", "quantity": 1}])


@pytest.mark.parametrize("path", ["/dons/", "/dons/offres/",
                                  "/dons/offres/?pres_de=D%C3%A9ols&rayon=50&type=laptop",
                                  "/dons/besoins/", "/dons/points-de-reprise/"])
def test_query_count_is_constant_in_the_number_of_offers(path, django_assert_max_num_queries):
    communes()
    _make_offers(2)
    client = Client()
    client.get(path)  # warm caches (site identity...)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    _make_offers(15)
    with django_assert_max_num_queries(len(few)):
        assert client.get(path).status_code == 200


def test_an_offer_fully_reserved_leaves_the_lists_at_the_next_request(cast):
    """The lists keep their matching offers' keys (core.listing): a reservation (a counter,
    no post_save) must still replace them."""
    client = Client()
    offer = cast["offer"]
    for path in ["/dons/", "/dons/offres/", "/dons/offres/?type=laptop"]:
        assert offer.title in unescape(client.get(path).content.decode()), path
    lot = offer.lots.get()
    services.reserve(user=cast["association"], organisation=cast["reservation"].organisation,
                     lot_id=lot.pk, quantity=lot.quantity - lot.reserved)
    for path in ["/dons/", "/dons/offres/", "/dons/offres/?type=laptop"]:
        assert offer.title not in unescape(client.get(path).content.decode()), path
