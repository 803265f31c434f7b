"""Services: expiry gives units back, matching emails at most one a day, the impact table,
transitions outside the table, the spreadsheet export, personal data, the demo."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assonum.core.workflow import InvalidTransition, history
from assonum.donations import impact, services
from assonum.donations.models import Kind, Lot, Need, Offer, Reservation

from .factories import ASSOCIATION_COMMUNE, association, communes, member_of, published_offer

pytestmark = pytest.mark.django_db


def test_every_kind_has_a_documented_factor_and_the_published_figures():
    assert set(impact.FACTORS) == set(Kind.values)
    assert all(f.source for f in impact.FACTORS.values())
    figures = {k: (f.co2e_kg, f.mass_kg) for k, f in impact.FACTORS.items() if f.co2e_kg}
    assert figures == {"laptop": (170.3, 1.65), "desktop": (202.6, 5.26),
                       "screen": (64.6, 5.73), "smartphone": (83.0, 0.171),
                       "tablet": (56.3, 0.73)}
    assert impact.impact_of([("laptop", 2), ("printer", 1)]) == impact.Impact(3, 3.3, 340.6)


def test_unanswered_reservations_expire_and_give_units_back(settings):
    settings.DONATIONS_RESERVATION_DAYS = 14
    offer = published_offer(quantity=3)
    lot = offer.lots.get()
    asso = association()
    user = member_of(asso)
    old = services.reserve(user=user, organisation=asso, lot_id=lot.pk, quantity=2)
    fresh = services.reserve(user=user, organisation=asso, lot_id=lot.pk, quantity=1)
    Reservation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=15))
    assert services.expire_stale() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    lot.refresh_from_db()
    assert (old.status, fresh.status, lot.reserved) == ("expired", "requested", 1)
    assert [log.to_state for log in history(old)] == ["requested", "expired"]
    assert services.expire_stale() == 0  # idempotent


def test_a_move_outside_the_table_is_refused_in_french():
    offer = published_offer(quantity=1)
    asso = association()
    reservation = services.reserve(user=member_of(asso), organisation=asso,
                                   lot_id=offer.lots.get().pk, quantity=1)
    with pytest.raises(InvalidTransition) as refusal:
        services.confirm_handover(reservation=reservation, by=None, side="donor")
    assert "acceptée" in refusal.value.message
    services.decide(reservation=reservation, by=None, accept=False)
    with pytest.raises(InvalidTransition) as refusal:
        services.decide(reservation=reservation, by=None, accept=True)
    assert "Refusée par le donateur" in refusal.value.message
    assert Lot.objects.get(pk=reservation.lot_id).reserved == 0


@pytest.mark.django_db(transaction=True)
def test_matching_email_at_most_once_a_day(smtp_settings):
    places = communes()
    asso = association(commune=places[ASSOCIATION_COMMUNE], name="Foyer rural de Déols")
    member_of(asso, email="secretaire@foyer-deols.example")
    need = Need.objects.create(organisation=asso, kind="laptop", quantity=2, purpose="Club",
                               commune=places[ASSOCIATION_COMMUNE], notify=True)
    Need.objects.create(organisation=asso, kind="tablet", quantity=1, purpose="Sans courriel",
                        commune=places[ASSOCIATION_COMMUNE], notify=False)
    far = published_offer(commune=places["45234"], quantity=2)  # Orléans: too far
    assert services.send_match_emails() == 0
    near = published_offer(quantity=5)  # Ardentes, 13.6 km
    assert services.send_match_emails() == 1
    assert services.send_match_emails() == 0  # the same day: nothing more
    (mail,) = smtp_settings.received
    body = mail.message.get_body(preferencelist=("plain",)).get_content()
    assert mail.rcpt_tos == ["secretaire@foyer-deols.example"]
    assert f"/dons/offres/{near.pk}/" in body and f"/dons/offres/{far.pk}/" not in body
    assert "5 ordinateurs portables à Ardentes (13,6 km)" in body
    # A day later, only offers published since the last email count.
    Offer.objects.update(published_at=timezone.now() - timedelta(days=2))
    Need.objects.filter(pk=need.pk).update(last_notified_at=timezone.now() - timedelta(days=1))
    assert services.send_match_emails() == 0
    published_offer(quantity=1)
    assert services.send_match_emails() == 1


def test_spreadsheet_export_neutralises_formulas():
    from assonum.donations.wagtail_hooks import neutralise

    assert neutralise("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise("+33 2 54") == "'+33 2 54" and neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Ordinateurs") == "Ordinateurs" and neutralise(3) == 3


def test_personal_data_export_and_erase():
    from assonum.donations import personal_data

    offer = published_offer(quantity=2)
    user = offer.created_by
    data = personal_data.export(user)
    assert data["offres"][0]["lots"] == [{"type": "Ordinateur portable", "quantite": 2}]
    personal_data.erase(user)
    offer.refresh_from_db()
    assert offer.created_by is None and Offer.objects.filter(pk=offer.pk).exists()


def test_demo_has_every_state_and_is_idempotent():
    from assonum.accounts import demo as accounts_demo
    from assonum.donations import demo
    from assonum.organisations import demo as organisations_demo

    communes()
    from tests.territory.factories import CommuneFactory, DepartmentFactory

    for code, name, dep in [("36089", "Jeu-les-Bois", "36"), ("36093", "Levroux", "36")]:
        CommuneFactory(code=code, name=name, department=DepartmentFactory(code=dep))
    accounts_demo.load()
    organisations_demo.load()
    lines = demo.load()
    assert lines and "8 offres fictives" in lines[0]
    assert demo.load() == []
    assert set(Offer.objects.values_list("status", flat=True)) >= {
        "pending", "published", "rejected", "withdrawn"}
    assert set(Reservation.objects.values_list("status", flat=True)) == {
        "requested", "accepted", "declined", "cancelled", "expired", "closed"}
    assert all("exemple fictif" in title for title in Offer.objects.values_list("title", flat=True))
    for lot in Lot.objects.all():
        live = sum(r.quantity for r in lot.reservations.all()
                   if r.status in ("requested", "accepted", "closed"))
        assert lot.reserved == live
