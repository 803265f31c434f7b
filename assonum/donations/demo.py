"""Demo donations (idempotent): fictional offers in every state, needs, reservations.

Runs after the territory, organisations and directory demos. Every offer is marked "exemple
fictif" (``is_fictional`` and the title). Drop-off points are the directory's demo places that
offer "Matériel informatique et reconditionnement". The donor "Imprimerie orléanaise" is not
verified, so one of its offers waits for moderation: the demo staff sees it.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assonum.core.workflow import log_creation, transition

from .listing import dropoff_points
from .models import Handover, Lot, Need, Offer, Reservation

FICTIONAL = "Exemple fictif, créé pour la démonstration de la plateforme."
TAG = " (exemple fictif)"

# title, commune, handover, target state, lots [(kind, quantity, year, condition, os, wiping)]
OFFERS = [
    ("Postes de l'atelier de l'imprimerie", "45234", Handover.COLLECT, "pending",
     [("desktop", 8, 2018, "working", "windows", "overwrite"),
      ("screen", 8, 2017, "working", "none", "removed")]),
    ("Ordinateurs portables du service comptable", "36005", Handover.COLLECT, "published",
     [("laptop", 5, 2019, "working", "windows", "overwrite")]),
    ("Écrans 24 pouces", "36044", Handover.DELIVERY, "published",
     [("screen", 6, 2020, "working", "none", "removed")]),
    ("Tablettes de l'ancienne boutique", "18033", Handover.COLLECT, "published",
     [("tablet", 4, 2021, "minor", "android", "crypto"),
      ("smartphone", 3, 2020, "working", "android", "crypto")]),
    ("Imprimantes laser", "45147", Handover.DELIVERY, "withdrawn",
     [("printer", 2, 2016, "repair", "none", "not_yet")]),
    ("Minitel et vieux modems", "45284", Handover.COLLECT, "rejected",
     [("other", 3, 1995, "parts", "none", "not_yet")]),
    ("Portables à reconditionner", "36044", Handover.DROPOFF, "published",
     [("laptop", 6, 2015, "repair", "other", "not_yet")]),
    ("Unités centrales pour le reconditionnement", "41018", Handover.DROPOFF, "received",
     [("desktop", 4, 2016, "working", "linux", "overwrite")]),
]

# offer index, association slug, quantity, final state
RESERVATIONS = [
    (1, "foyer-rural-jeu-les-bois", 2, "requested"),
    (1, "amis-mediatheque-levroux", 1, "declined"),
    (2, "amis-mediatheque-levroux", 2, "accepted"),
    (2, "jardins-partages-tours", 1, "cancelled"),
    (3, "solidarite-numerique-berry", 3, "closed"),
    (3, "foyer-rural-jeu-les-bois", 1, "expired"),
]

NEEDS = [
    ("foyer-rural-jeu-les-bois", "laptop", 3, "Club informatique des aînés du village", "36089",
     True),
    ("jardins-partages-tours", "screen", 1, "Poste d'accueil du jardin", "37261", False),
    ("amis-mediatheque-levroux", "tablet", 2, "Prêt de tablettes pour les démarches", "36093",
     False),
]


@transaction.atomic
def load(stdout=None) -> list[str]:
    from assonum.accounts.demo import STAFF_EMAIL
    from assonum.accounts.models import User
    from assonum.organisations.models import Organisation
    from assonum.territory.models import Commune

    if Offer.objects.filter(is_fictional=True, title__endswith=TAG).exists():
        return []
    communes = Commune.objects.in_bulk({row[1] for row in OFFERS} | {n[4] for n in NEEDS})
    organisations = Organisation.objects.in_bulk(
        {"imprimerie-orleanaise", *[r[1] for r in RESERVATIONS], *[n[0] for n in NEEDS]},
        field_name="slug")
    donor = organisations.get("imprimerie-orleanaise")
    donor_user = User.objects.filter(email="donateur@assonum.localhost").first()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    points = list(dropoff_points()[:2])
    if donor is None or len(communes) < len({row[1] for row in OFFERS}):
        if stdout is not None:
            stdout.write("Dons : organisations ou communes de démonstration absentes, ignoré.")
        return []
    now = timezone.now()
    offers = []
    for index, (title, insee, handover, state, lots) in enumerate(OFFERS):
        point = None
        if handover == Handover.DROPOFF:
            if not points:
                handover = Handover.COLLECT
            else:
                point = points[index % len(points)]
        offer = Offer.objects.create(
            title=title + TAG, description=FICTIONAL, donor_organisation=donor,
            created_by=donor_user, commune=communes[insee], handover=handover,
            dropoff_point=point, is_fictional=True,
            available_from=timezone.localdate(), available_until=timezone.localdate()
            + timedelta(days=60))
        Lot.objects.bulk_create([
            Lot(offer=offer, kind=kind, quantity=quantity, year=year, condition=condition,
                operating_system=os_, wiping=wiping)
            for kind, quantity, year, condition, os_, wiping in lots])
        log_creation(offer, by=donor_user)
        published = now - timedelta(days=len(OFFERS) - index)
        if state in ("published", "withdrawn", "received"):
            transition(offer, Offer.Status.PUBLISHED, by=staff, changes={"published_at": published})
        if state == "withdrawn":
            transition(offer, Offer.Status.WITHDRAWN, by=donor_user)
        if state == "received" and point is not None:
            transition(offer, Offer.Status.RECEIVED, by=None,
                       changes={"received_at": now - timedelta(days=1)})
        if state == "rejected":
            transition(offer, Offer.Status.REJECTED, by=staff,
                       changes={"moderation_note": "Matériel trop ancien pour être réemployé."})
        offers.append(offer)
    for offer_index, slug, quantity, state in RESERVATIONS:
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        lot = offers[offer_index].lots.order_by("pk").first()
        created = now - timedelta(days=30 if state == "expired" else 2)
        Lot.objects.filter(pk=lot.pk).update(reserved=lot.reserved + quantity)
        lot.refresh_from_db()
        reservation = Reservation.objects.create(lot=lot, organisation=organisation,
                                                 quantity=quantity, created_at=created)
        log_creation(reservation)
        returns = state in ("declined", "cancelled", "expired")
        if state in ("accepted", "closed"):
            transition(reservation, Reservation.Status.ACCEPTED, by=donor_user,
                       changes={"decided_at": created + timedelta(hours=3)})
        if state == "closed":
            transition(reservation, Reservation.Status.CLOSED, by=donor_user,
                       changes={"donor_confirmed_at": now - timedelta(days=1),
                                "receiver_confirmed_at": now - timedelta(days=1),
                                "closed_at": now - timedelta(days=1)})
        if returns:
            target = {"declined": Reservation.Status.DECLINED,
                      "cancelled": Reservation.Status.CANCELLED,
                      "expired": Reservation.Status.EXPIRED}[state]
            transition(reservation, target, by=None if state == "expired" else donor_user)
            Lot.objects.filter(pk=lot.pk).update(reserved=lot.reserved - quantity)
    for slug, kind, quantity, purpose, insee, notify in NEEDS:
        organisation = organisations.get(slug)
        if organisation is not None and insee in communes:
            Need.objects.create(organisation=organisation, kind=kind, quantity=quantity,
                                purpose=f"{purpose}{TAG}", commune=communes[insee],
                                notify=notify, is_fictional=True,
                                last_notified_at=now if notify else None)
    return [f"Dons : {len(offers)} offres fictives (une en attente de modération), "
            f"{len(NEEDS)} besoins, {len(points)} points de reprise."]
