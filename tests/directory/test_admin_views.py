"""Back office "Annuaire > Lieux": a status changed in the edit form goes through the workflow."""

import pytest
from django.contrib.auth import get_user_model

from assonum.core.models import TransitionLog
from assonum.directory.models import Place
from tests.conftest import login_with_mfa

from .factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser(
        email="admin@example.org", password="x-Secret-42",
    )
    login_with_mfa(client, user)
    return user


def _form_data(place, **changes):
    data = {
        "nom": place.nom, "status": place.status, "pivot": place.pivot, "adresse": place.adresse,
        "complement_adresse": "", "code_postal": place.code_postal,
        "commune_nom": place.commune_nom, "code_insee": "", "latitude": place.latitude,
        "longitude": place.longitude, "telephones": "02 48 00 00 00", "courriels": "",
        "sites_web": "", "contact_name": "", "horaires": "", "prise_rdv": "",
        "fiche_acces_libre": "", "presentation_resume": "", "presentation_detail": "",
        "structure_parente": "", "date_maj": place.date_maj.isoformat(), "services": place.services,
        "offers": place.offers, "autres_formations_labels": "", "collected_by": "",
        "source": place.source, "source_id": place.source_id,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _edit(client, place, **changes):
    return client.post(f"/admin/annuaire/lieux/edit/{place.pk}/", _form_data(place, **changes))


def test_a_status_change_in_the_edit_form_is_logged_with_the_staff_user(client, staff):
    place = PlaceFactory()
    response = _edit(client, place, status=Place.Status.ARCHIVED, nom="Nouveau nom")
    assert response.status_code == 302, response.content.decode()[:2000]
    place.refresh_from_db()
    assert place.status == Place.Status.ARCHIVED
    assert place.nom == "Nouveau nom"
    assert place.telephones == ["+33248000000"]  # the edit form applies the place-field rules
    log = TransitionLog.objects.for_object(place).get()
    assert (log.from_state, log.to_state, log.by) == ("published", "archived", staff)


def test_saving_without_a_status_change_writes_no_log(client, staff):
    place = PlaceFactory()
    assert _edit(client, place, nom="Autre nom").status_code == 302
    place.refresh_from_db()
    assert place.nom == "Autre nom"
    assert not TransitionLog.objects.for_object(place).exists()


def test_a_move_the_table_refuses_is_shown_on_the_form_and_saves_nothing(client, staff):
    place = PlaceFactory()  # published: going back to draft is not in Place.TRANSITIONS
    response = _edit(client, place, status=Place.Status.DRAFT, nom="Jamais enregistré")
    assert response.status_code == 200
    place.refresh_from_db()
    assert (place.status, place.nom) != (Place.Status.DRAFT, "Jamais enregistré")
    assert place.status == Place.Status.PUBLISHED and place.nom != "Jamais enregistré"
    assert not TransitionLog.objects.for_object(place).exists()
    assert "Publié" in response.content.decode()
