"""Personal-data makers of the helprequests app (see tests/core/test_personal_data_coverage.py)."""

from assonum.helprequests import services
from assonum.helprequests.models import HelpRequest
from tests.helprequests.factories import actor, association, communes, make_user

NEED = "Notre site web ne s'affiche plus, nous voudrions le refaire simplement."


def _request(author=None):
    c = communes()
    author = author or make_user("camille@exemple.org", first_name="Camille")
    return services.create_request(
        organisation=association("Comité des fêtes d'Issoudun", c["36088"]), author=author,
        need=NEED, themes=["site-web"], commune=c["36088"], urgency=HelpRequest.Urgency.NORMAL,
        contact_by=HelpRequest.Contact.EMAIL, contact_email="camille@exemple.org")


def _place(name="Atelier web de Châteauroux"):
    return actor(name, communes()["36044"], ["prestation"])


def _taken(user):
    help_request = services.take(help_request=_request(), place=_place(), by=user)
    return help_request, "Atelier web de Châteauroux"


def _message(user):
    message = services.post_message(help_request=_request(), author=user, side="actor",
                                    body="Nous pouvons passer jeudi après-midi.")
    return message, "Nous pouvons passer jeudi après-midi."


def _added(user):
    recipient = services.add_recipient(help_request=_request(),
                                       place=_place("Coopérative web de Déols"), by=user)
    return recipient, "Coopérative web de Déols"


def _declined(user):
    recipient = services.decline(help_request=_request(), place=_place(), by=user,
                                 reason="Pas de disponibilité avant l'été")
    return recipient, "Pas de disponibilité avant l'été"


MAKERS = {
    ("helprequests.HelpRequest", "author"): lambda u: (_request(author=u), NEED),
    ("helprequests.HelpRequest", "taken_by"): _taken,
    ("helprequests.Message", "author"): _message,
    ("helprequests.Recipient", "added_by"): _added,
    ("helprequests.Recipient", "declined_by"): _declined,
}
