"""What the donations app holds about a person: offers they made, reservations they asked for,
equipment needs they posted and offers whose reception they confirmed.

Erasure keeps the offers and reservations (they are the trace of a gift, often an
organisation's) but detaches the person (``SET_NULL`` fields emptied).
"""

from .models import Need, Offer, Reservation


def export(user) -> dict:
    return {
        "offres": [
            {"titre": o.title, "commune": o.commune.name, "statut": o.get_status_display(),
             "creee_le": o.created_at.isoformat(),
             "lots": [{"type": lot.get_kind_display(), "quantite": lot.quantity}
                      for lot in o.lots.all()]}
            for o in Offer.objects.filter(created_by=user).select_related("commune")
            .prefetch_related("lots")
        ],
        "reservations": [
            {"quantite": r.quantity, "type": r.lot.get_kind_display(),
             "association": r.organisation.name, "statut": r.get_status_display(),
             "demandee_le": r.created_at.isoformat()}
            for r in Reservation.objects.filter(requested_by=user)
            .select_related("lot", "organisation")
        ],
        "besoins": [
            {"association": n.organisation.name, "type": n.get_kind_display(),
             "quantite": n.quantity, "pour_quoi_faire": n.purpose, "commune": n.commune.name,
             "en_cours": n.is_active, "cree_le": n.created_at.isoformat()}
            for n in Need.objects.filter(created_by=user).select_related("organisation",
                                                                          "commune")
        ],
        "receptions_confirmees": [
            {"offre": o.title, "commune": o.commune.name,
             "recue_le": o.received_at.isoformat() if o.received_at else None}
            for o in Offer.objects.filter(received_by=user).select_related("commune")
        ],
    }


def erase(user) -> None:
    Offer.objects.filter(created_by=user).update(created_by=None)
    Offer.objects.filter(received_by=user).update(received_by=None)
    Reservation.objects.filter(requested_by=user).update(requested_by=None)
    Need.objects.filter(created_by=user).update(created_by=None)
