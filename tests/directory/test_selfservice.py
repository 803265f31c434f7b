"""Self-service: propose, moderate, claim, edit; emails; stale-listing reminders."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assonum.directory import services
from assonum.directory.models import Place, PlaceChange, PlaceClaim, ReviewStatus
from tests.directory.factories import PlaceFactory
from tests.directory.selfservice_helpers import login, make_actor_member, make_moderator
from tests.territory.factories import make_real_communes

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/annuaire/proposer/"


@pytest.fixture
def communes():
    return make_real_communes()


def listing_post(organisation=None, **overrides):
    data = {
        "nom": "Fab lab de Déols",
        "pivot": "",
        "presentation_resume": "Un atelier ouvert aux associations.",
        "offers": ["fablab", "formation"],
        "services": ["Loisirs et créations numériques"],
        "typologie": ["FABLAB"],
        "itinerance": ["Fixe"],
        "adresse": "2 rue de l'Atelier",
        "commune": "Déols",
        "code_postal": "",
        "telephones": "02 54 00 00 01",
        "courriels": "contact@fablab-deols.fr",
        "sites_web": "fablab-deols.fr",
        "horaires": "We 14:00-18:00; Sa 10:00-12:00",
        "frais_a_charge": ["Gratuit"],
        "modalites_acces": ["Se présenter"],
    }
    if organisation is not None:
        data["organisation"] = organisation.pk
    data.update(overrides)
    return data


def names_in_list(client, **params):
    html = client.get("/annuaire/", params).content.decode()
    return re.findall(r'<h3><a href="/annuaire/[^"]+/">([^<]+)</a></h3>', html)


def test_actor_creates_listing_staff_approves_it_goes_everywhere(
    client, communes, django_capture_on_commit_callbacks,
):
    actor, organisation = make_actor_member()
    login(client, actor)
    assert client.get(PROPOSE_URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE_URL, listing_post(organisation))
    assert response.status_code == 302
    change = PlaceChange.objects.get()
    assert change.is_creation and change.status == ReviewStatus.PENDING
    assert change.organisation == organisation and change.submitted_by == actor
    assert change.data["telephones"] == ["+33254000001"]
    assert change.data["sites_web"] == ["https://fablab-deols.fr"]
    assert change.data["code_insee"] == "36063" and change.data["code_postal"] == "36130"
    assert change.data["latitude"] == communes["36063"].latitude
    # Pending: not public anywhere.
    assert not Place.objects.exists()
    assert "Fab lab de Déols" not in names_in_list(client)
    # The dashboard shows it as pending.
    dashboard = client.get("/espace/").content.decode()
    assert "Mes fiches de l" in dashboard and "Fab lab de Déols" in dashboard

    moderator = make_moderator()
    staff = login(client.__class__(), moderator, mfa=True)
    queue = staff.get("/annuaire/moderation/")
    assert queue.status_code == 200
    assert f"/annuaire/moderation/modifications/{change.pk}/" in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/annuaire/moderation/modifications/{change.pk}/", {"action": "approve"},
        )
    assert response.status_code == 302
    place = Place.objects.get()
    assert place.status == Place.Status.PUBLISHED and place.owner == organisation
    assert place.commune_id == "36063"
    # Public: page, list, near-commune list, map data, export.
    assert client.get(place.get_absolute_url()).status_code == 200
    assert "Fab lab de Déols" in names_in_list(client)
    assert "Fab lab de Déols" in names_in_list(client, pres_de="Châteauroux", rayon="10")
    geo = client.get(reverse("directory:map_data")).json()
    assert [f["properties"]["name"] for f in geo["features"]] == ["Fab lab de Déols"]
    export = client.get("/annuaire/export.csv")
    assert export.status_code == 200
    chunks = export.streaming_content if export.streaming else [export.content]
    assert "Fab lab de Déols" in b"".join(chunks).decode()
    # The owner is told.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["membre@acteur.fr"]
    assert "est publiée" in message.subject
    assert place.get_absolute_url() in message.body


def test_site_search_after_approval(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    client.post(PROPOSE_URL, listing_post(organisation, nom="Ressourcerie informatique du Berry"))
    change = PlaceChange.objects.get()
    search = client.get("/recherche/", {"q": "ressourcerie"}).content.decode()
    assert "Ressourcerie informatique" not in search
    services.approve_change(change, by=make_moderator())
    assert "Ressourcerie informatique du Berry" in client.get(
        "/recherche/", {"q": "ressourcerie"}).content.decode()


def test_form_errors_keep_what_was_typed(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    response = client.post(PROPOSE_URL, listing_post(
        organisation, telephones="02 54\n12", courriels="pas-un-mail", horaires="lundi 9h-12h",
        commune="Nullepart", pivot="123",
    ))
    assert response.status_code == 200
    html = response.content.decode()
    assert "« 12 » n&#x27;est pas un numéro de téléphone valide" in html
    assert "« pas-un-mail » n&#x27;est pas une adresse e-mail valide" in html
    assert "Ces horaires ne sont pas au format attendu" in html
    assert "Aucune commune ne correspond à « Nullepart »" in html
    assert "« 123 » n&#x27;est ni un SIRET (14 chiffres) ni un numéro RNA" in html
    assert "lundi 9h-12h" in html and "Fab lab de Déols" in html
    assert not PlaceChange.objects.exists()


def test_postal_code_must_belong_to_the_commune(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    response = client.post(PROPOSE_URL, listing_post(organisation, code_postal="45000"))
    assert "n&#x27;est pas celui de Déols" in response.content.decode()


def test_rejected_proposal_tells_the_owner(client, communes, django_capture_on_commit_callbacks):
    actor, organisation = make_actor_member()
    login(client, actor)
    client.post(PROPOSE_URL, listing_post(organisation))
    change = PlaceChange.objects.get()
    staff = login(client.__class__(), make_moderator(), mfa=True)
    url = f"/annuaire/moderation/modifications/{change.pk}/"
    # A reason is required.
    response = staff.post(url, {"action": "reject", "reason": ""})
    assert "Indiquez le motif du refus" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url, {"action": "reject", "reason": "Adresse introuvable."})
    change.refresh_from_db()
    assert change.status == ReviewStatus.REJECTED and change.reason == "Adresse introuvable."
    assert not Place.objects.exists()
    assert len(mail.outbox) == 1 and "Adresse introuvable." in mail.outbox[0].body
    # Approving afterwards is refused by the model's guard (no crash).
    response = staff.post(url, {"action": "approve"}, follow=True)
    assert "Impossible de passer" in response.content.decode()
    assert not Place.objects.exists()


def test_owner_edit_waits_for_moderation(client, communes, django_capture_on_commit_callbacks):
    actor, organisation = make_actor_member()
    place = PlaceFactory(
        owner=organisation, commune=communes["45234"], commune_nom="Orléans", code_insee="45234",
        nom="Ancien nom", horaires="Mo-Fr 09:00-17:00", date_maj=dt.date(2024, 1, 1),
    )
    login(client, actor)
    edit_url = f"/annuaire/{place.slug}/modifier/"
    form = client.get(edit_url)
    assert form.status_code == 200
    assert 'value="Ancien nom"' in form.content.decode()
    post = listing_post(nom="Nouveau nom", commune="Orléans", adresse=place.adresse,
                        horaires="Mo-Fr 09:00-18:00")
    response = client.post(edit_url, post)
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.nom == "Ancien nom" and place.horaires == "Mo-Fr 09:00-17:00"
    change = PlaceChange.objects.get(place=place)
    assert change.data["nom"] == "Nouveau nom" and "adresse" not in change.data
    page = client.get(place.get_absolute_url()).content.decode()
    assert "Des modifications de cette fiche attendent" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_change(change, by=make_moderator())
    place.refresh_from_db()
    assert place.nom == "Nouveau nom" and place.horaires == "Mo-Fr 09:00-18:00"
    assert place.date_maj == timezone.localdate()
    assert mail.outbox[0].to == ["membre@acteur.fr"]


def test_moderator_edit_applies_at_once(client, communes):
    place = PlaceFactory(commune=communes["45234"], commune_nom="Orléans", nom="Avant")
    moderator = make_moderator()
    # Without the second factor in this session, no staff power (M1): sent to the 2FA step.
    login(client, moderator)
    response = client.post(f"/annuaire/{place.slug}/modifier/",
                           listing_post(nom="Après", commune="Orléans"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    place.refresh_from_db()
    assert place.nom == "Avant" and not PlaceChange.objects.exists()
    login(client, moderator, mfa=True)
    client.post(f"/annuaire/{place.slug}/modifier/", listing_post(nom="Après", commune="Orléans"))
    place.refresh_from_db()
    assert place.nom == "Après"
    assert PlaceChange.objects.get().status == ReviewStatus.APPROVED


def test_claim_flow(client, communes, django_capture_on_commit_callbacks):
    place = PlaceFactory(commune=communes["45234"], commune_nom="Orléans", owner=None)
    actor, organisation = make_actor_member()
    html = login(client, actor).get(place.get_absolute_url()).content.decode()
    assert "C'est votre structure ? Demandez à gérer cette fiche" in html
    claim_url = f"/annuaire/{place.slug}/revendiquer/"
    assert client.get(claim_url).status_code == 200
    response = client.post(
        claim_url, {"organisation": organisation.pk, "message": "Je dirige ce lieu."},
    )
    assert response.status_code == 302
    claim = PlaceClaim.objects.get()
    assert claim.status == ReviewStatus.PENDING and claim.user == actor
    # A second claim of the same organisation is refused with a message.
    response = client.post(claim_url, {"organisation": organisation.pk})
    assert "déjà en attente" in response.content.decode()
    # Not yet the owner: cannot edit.
    assert client.get(f"/annuaire/{place.slug}/modifier/").status_code == 403

    staff = login(client.__class__(), make_moderator(), mfa=True)
    review = staff.get(f"/annuaire/moderation/revendications/{claim.pk}/").content.decode()
    assert "Je dirige ce lieu." in review
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/annuaire/moderation/revendications/{claim.pk}/", {"action": "approve"})
    place.refresh_from_db()
    assert place.owner == organisation
    assert client.get(f"/annuaire/{place.slug}/modifier/").status_code == 200
    assert len(mail.outbox) == 1 and "Vous gérez maintenant" in mail.outbox[0].subject


def test_claim_rejected_with_reason(communes, django_capture_on_commit_callbacks):
    place = PlaceFactory(commune=communes["45234"])
    actor, organisation = make_actor_member()
    claim = services.claim_listing(user=actor, place=place, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_claim(claim, by=make_moderator(), reason="Aucun lien avec ce lieu.")
    assert claim.status == ReviewStatus.REJECTED
    place.refresh_from_db()
    assert place.owner_id is None
    assert "Aucun lien avec ce lieu." in mail.outbox[0].body


def test_confirm_up_to_date(client, communes):
    actor, organisation = make_actor_member()
    place = PlaceFactory(owner=organisation, date_maj=dt.date(2020, 1, 1))
    login(client, actor).post(f"/annuaire/{place.slug}/a-jour/")
    place.refresh_from_db()
    assert place.date_maj == timezone.localdate()


# --- freshness -------------------------------------------------------------------------------


def test_stale_reminders_are_sent_once(settings, communes, django_capture_on_commit_callbacks):
    settings.DIRECTORY_STALE_AFTER_DAYS = 365
    today = dt.date(2026, 6, 1)
    actor, organisation = make_actor_member()
    stale = PlaceFactory(
        owner=organisation, nom="Vieille fiche", date_maj=today - dt.timedelta(days=400),
    )
    PlaceFactory(owner=organisation, nom="Fiche récente", date_maj=today - dt.timedelta(days=30))
    PlaceFactory(owner=None, nom="Sans propriétaire", date_maj=today - dt.timedelta(days=800))
    PlaceFactory(owner=organisation, nom="Brouillon", status=Place.Status.DRAFT,
                 date_maj=today - dt.timedelta(days=800))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_listings(today=today) == 1
    assert len(mail.outbox) == 1
    assert "Vieille fiche" in mail.outbox[0].subject and mail.outbox[0].to == ["membre@acteur.fr"]
    assert f"/annuaire/{stale.slug}/modifier/" in mail.outbox[0].body
    # Same day again (a second scheduler, a restart): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_listings(today=today) == 0
    # Reminder days follow the update date: at 365 days, then every 30 days (395, 425...).
    # This place is 400 days old: the next one is at 425 days, 25 days later.
    for days in range(1, 25):
        with django_capture_on_commit_callbacks(execute=True):
            services.remind_stale_listings(today=today + dt.timedelta(days=days))
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_listings(today=today + dt.timedelta(days=25)) == 1
    assert len(mail.outbox) == 2
    # Once the owner updates the listing, no more reminders.
    stale.date_maj = today + dt.timedelta(days=26)
    stale.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_listings(today=today + dt.timedelta(days=55)) == 0


def test_reminder_day_missed_is_caught_up(settings):
    settings.DIRECTORY_STALE_AFTER_DAYS = 10
    actor, organisation = make_actor_member()
    PlaceFactory(owner=organisation, date_maj=dt.date(2026, 1, 1))
    assert services.remind_stale_listings(today=dt.date(2026, 1, 5)) == 0  # not stale yet
    # The task did not run on 11 January (the place's reminder day): the next run catches up.
    assert services.remind_stale_listings(today=dt.date(2026, 1, 14)) == 1
    assert services.remind_stale_listings(today=dt.date(2026, 1, 15)) == 0


def test_periodic_task_is_declared_and_runs(settings, django_capture_on_commit_callbacks):
    from assonum.core.periodic import periodic_tasks
    from assonum.directory.tasks import remind_stale_listings

    assert "directory.remind_stale_listings" in [t.name for t in periodic_tasks()]
    settings.DIRECTORY_STALE_AFTER_DAYS = 1
    actor, organisation = make_actor_member()
    PlaceFactory(owner=organisation, date_maj=timezone.localdate() - dt.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        result = remind_stale_listings.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_staff_review_queryset_puts_stale_and_incomplete_first(settings):
    settings.DIRECTORY_STALE_AFTER_DAYS = 365
    today = timezone.localdate()
    fresh_complete = PlaceFactory(nom="A fraîche", date_maj=today, horaires="24/7",
                                  telephones=["+33254000000"], in_commune=True)
    fresh_incomplete = PlaceFactory(
        nom="B incomplète", date_maj=today, horaires="", in_commune=True,
    )
    stale = PlaceFactory(nom="C ancienne", date_maj=today - dt.timedelta(days=500), horaires="24/7",
                         telephones=["+33254000000"], in_commune=True)
    PlaceFactory(nom="D archivée", status=Place.Status.ARCHIVED)
    ordered = list(services.staff_review_queryset())
    assert ordered == [stale, fresh_incomplete, fresh_complete]
    assert (ordered[0].is_stale, ordered[1].is_incomplete, ordered[2].is_incomplete) == (1, 1, 0)


@pytest.mark.parametrize("overrides, message", [
    ({"nom": "Fab lab\r\nde Déols"}, "sur une seule ligne"),
    ({"nom": "Fab lab \u202esloéD\u202c"}, "inversent le sens d'écriture"),
    ({"presentation_detail": "Atelier. " * 400_000}, "au plus 5000 caractères"),
    ({"telephones": "02 54 00 00 01\n" * 300}, "2000 au plus"),
])
def test_listing_text_is_one_line_without_overrides_and_capped(client, communes, overrides,
                                                               message):
    """Issue 17 (low): names on one line, no bidi overrides, a length cap on free text."""
    import html

    actor, organisation = make_actor_member()
    login(client, actor)
    response = client.post(PROPOSE_URL, listing_post(organisation, **overrides))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not PlaceChange.objects.exists()
