"""The fund's links to a person, for tests/core/test_personal_data_coverage.py.

Each maker creates a row pointing at the person and returns it with a text that the fund's
part of the personal-data export must contain.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assonum.fund.models import (
    Application,
    AuditEvent,
    Document,
    Expert,
    Message,
    Payment,
    Review,
    Session,
    Support,
)
from tests.diagnostic import factories as diag
from tests.directory.factories import PlaceFactory
from tests.fund.conftest import make_call


def _application(**extra):
    return Application.objects.create(call=make_call(), title="Outils partagés pour le foyer",
                                      organisation=diag.association(name="Foyer rural de Jeu"),
                                      **extra)


def _created(user):
    return _application(created_by=user), "Foyer rural de Jeu"


def _decided(user):
    application = _application(status=Application.Status.REFUSED, decided_by=user,
                               decided_at=timezone.now(), decision_reason="Hors du territoire.")
    return application, application.reference


def _audit(user):
    event = AuditEvent.objects.create(application=_application(), user=user,
                                      action=AuditEvent.Action.DOWNLOADED,
                                      detail="pièce téléchargée : Budget prévisionnel")
    return event, "pièce téléchargée : Budget prévisionnel"


def _document(user):
    document = Document.objects.create(application=_application(), label="Devis du prestataire",
                                       file="fund/2026/01/devis.pdf", uploaded_by=user)
    return document, "Devis du prestataire"


def _expert(user):
    expert = Expert.objects.create(place=PlaceFactory(nom="Espace numérique de Lignières"),
                                   approved=True, approved_by=user, approved_at=timezone.now())
    return expert, "Espace numérique de Lignières"


def _message(user):
    message = Message.objects.create(application=_application(), author=user,
                                     body="Voici le budget révisé.")
    return message, "Voici le budget révisé."


def _payment(user):
    application = _application(status=Application.Status.ACCEPTED,
                               amount_granted=Decimal("3000"))
    payment = Payment.objects.create(application=application, payee=Payment.Payee.ASSOCIATION,
                                     amount=Decimal("1250.00"), created_by=user,
                                     due_on=timezone.localdate() + timedelta(days=30))
    return payment, "1250.00"


def _assigned(user):
    review = Review.objects.create(application=_application(status="in_review"),
                                   reviewer=diag.user("comite@fonds.fr"), assigned_by=user)
    return review, review.application.reference


def _review(user):
    review = Review.objects.create(application=_application(status="in_review"), reviewer=user,
                                   conflict=False, comment="Projet clair, budget réaliste.")
    return review, "Projet clair, budget réaliste."


def _session(user):
    call = make_call()
    support = Support.objects.create(call=call, kind="collective", title="Cohorte du Boischaut")
    session = Session.objects.create(support=support, starts_at=timezone.now(), logged_by=user,
                                     duration_minutes=90, content="Atelier agenda partagé.")
    return session, "Atelier agenda partagé."


MAKERS = {
    ("fund.Application", "created_by"): _created,
    ("fund.Application", "decided_by"): _decided,
    ("fund.AuditEvent", "user"): _audit,
    ("fund.Document", "uploaded_by"): _document,
    ("fund.Expert", "approved_by"): _expert,
    ("fund.Message", "author"): _message,
    ("fund.Payment", "created_by"): _payment,
    ("fund.Review", "assigned_by"): _assigned,
    ("fund.Review", "reviewer"): _review,
    ("fund.Session", "logged_by"): _session,
}
