"""What the "mise en relation" holds about a person (GDPR export and erasure)."""

from assonum.accounts.services import FORMER_MEMBER

from .models import HelpRequest, Message, Recipient


def export(user) -> dict:
    return {
        "demandes": [
            {"id": r.pk, "association": r.organisation.name, "besoin": r.need,
             "themes": r.themes, "commune": r.commune.name, "etat": r.get_status_display(),
             "courriel": r.contact_email, "telephone": r.contact_phone,
             "envoyee_le": r.created_at.isoformat()}
            for r in HelpRequest.objects.filter(author=user).select_related("organisation",
                                                                             "commune")
        ],
        "messages": [
            {"demande": m.request_id, "message": m.body, "envoye_le": m.created_at.isoformat()}
            for m in Message.objects.filter(author=user)
        ],
        "prises_en_charge": [
            {"demande": r.pk, "association": r.organisation.name,
             "acteur": r.actor.nom if r.actor else "", "etat": r.get_status_display(),
             "prise_le": r.taken_at.isoformat() if r.taken_at else None}
            for r in HelpRequest.objects.filter(taken_by=user).select_related("organisation",
                                                                               "actor")
        ],
        "acteurs_ajoutes": [
            {"demande": r.request_id, "acteur": r.place.nom}
            for r in Recipient.objects.filter(added_by=user).select_related("place")
        ],
        "refus": [
            {"demande": r.request_id, "acteur": r.place.nom, "raison": r.decline_reason,
             "le": r.declined_at.isoformat() if r.declined_at else None}
            for r in Recipient.objects.filter(declined_by=user).select_related("place")
        ],
    }


def erase(user) -> None:
    """Requests belong to the association: detach the person, drop their contact details."""
    HelpRequest.objects.filter(author=user).update(author=None, author_name=str(FORMER_MEMBER),
                                                   contact_email="", contact_phone="")
    Message.objects.filter(author=user).update(author=None, author_name=str(FORMER_MEMBER))
    HelpRequest.objects.filter(taken_by=user).update(taken_by=None)
    Recipient.objects.filter(declined_by=user).update(declined_by=None)
    Recipient.objects.filter(added_by=user).update(added_by=None)
