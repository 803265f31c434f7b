"""Personal-data makers of the events app (see tests/core/test_personal_data_coverage.py)."""

from tests.events.factories import EventFactory, RegistrationFactory


def _event(user):
    event = EventFactory(created_by=user, title="Café numérique de Vierzon")
    return event, "Café numérique de Vierzon"


def _registration(user):
    event = EventFactory(title="Atelier logiciels libres de Salbris")
    registration = RegistrationFactory(event=event, user=user, name="Personne",
                                       email=user.email)
    return registration, "Atelier logiciels libres de Salbris"


MAKERS = {
    ("events.Event", "created_by"): _event,
    ("events.Registration", "user"): _registration,
}
