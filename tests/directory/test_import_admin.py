"""Back office: upload an import, follow its status, read its report, review duplicates."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from assonum.directory.models import DuplicateCandidate, ImportRun, Place
from tests.conftest import login_with_mfa
from tests.territory.factories import make_real_communes

from .factories import PlaceFactory

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db


def _login(client, user):
    return login_with_mfa(client, user)


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser(
        email="admin@example.org", password="x-Secret-42",
    )
    return _login(client, user)


def upload(client, name="region.csv", content=None, **extra):
    if content is None:
        content = (FIXTURES / "region-centre-2021-v0.csv").read_bytes()
    data = {
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        "source": "crcvl-2021",
    }
    data.update(extra)
    return client.post("/admin/annuaire/imports/", data)


def test_upload_runs_in_background_and_shows_the_report(staff, django_capture_on_commit_callbacks):
    make_real_communes()
    page = staff.get("/admin/annuaire/imports/")
    assert page.status_code == 200
    assert "Lancer l'import" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(staff)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    # before the worker ran: a status page that refreshes itself
    queued = staff.get(response["Location"])
    assert 'http-equiv="refresh"' in queued.content.decode()
    assert not Place.objects.exists()
    for callback in callbacks:  # the worker runs the task
        callback()
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    assert bytes(run.upload) == b""
    assert Place.objects.count() == 10
    html = staff.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "Lignes refusées" in html
    assert "Champ obligatoire manquant." in html
    assert "hors de la région" in html
    assert html.count("<tr><td>") >= 9


def test_upload_dry_run_and_binary_file_refused(staff, django_capture_on_commit_callbacks):
    make_real_communes()
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff, dry_run="on")
    assert ImportRun.objects.get().dry_run is True
    assert not Place.objects.exists()
    response = upload(staff, name="image.png", content=b"\x89PNG\r\n\x1a\n\x00\x00")
    assert response.status_code == 200
    assert "fichier binaire" in response.content.decode()
    assert ImportRun.objects.count() == 1


def test_duplicate_review_in_the_back_office(staff, django_capture_on_commit_callbacks):
    make_real_communes()
    existing = PlaceFactory(pivot="21370261700019", source="autre", nom="EPN des Halles")
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff)
    candidate = DuplicateCandidate.objects.get()
    html = staff.get("/admin/annuaire/doublons/").content.decode()
    assert "Espace public numérique des Halles" in html and "EPN des Halles" in html
    assert "même pivot" in html
    # POST only
    assert staff.get(f"/admin/annuaire/doublons/{candidate.pk}/ignore/").status_code == 405
    staff.post(f"/admin/annuaire/doublons/{candidate.pk}/keep_both/")
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.KEPT_BOTH
    assert candidate.created_place.source_id == "crcvl-0001"
    assert existing.pk != candidate.created_place_id
    # acting twice is refused with a message, not an error
    response = staff.post(f"/admin/annuaire/doublons/{candidate.pk}/merge/", follow=True)
    assert response.status_code == 200
    assert "Impossible de passer" in response.content.decode()


def test_place_edit_form_in_the_back_office(staff):
    place = PlaceFactory(services=["Loisirs et créations numériques"], telephones=["+33247000000"])
    html = staff.get(f"/admin/annuaire/lieux/edit/{place.pk}/").content.decode()
    assert 'type="checkbox"' in html and "Loisirs et créations numériques" in html
    assert "+33247000000" in html
    assert staff.get("/admin/annuaire/lieux/").status_code == 200


def test_other_users_cannot_import_or_review(client):
    user = get_user_model().objects.create_user(email="editor@example.org", password="x-Secret-42")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    _login(client, user)
    # Wagtail turns the refusal into a redirect to the admin home with a message.
    for response in (client.get("/admin/annuaire/imports/"),
                     client.get("/admin/annuaire/doublons/"),
                     client.post("/admin/annuaire/doublons/1/ignore/")):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    anonymous = client.__class__()
    response = anonymous.get("/admin/annuaire/imports/")
    assert response.status_code == 302 and "/login" in response["Location"]
