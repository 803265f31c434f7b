"""Every link from a model of ours to a person is covered by its app's personal-data hook.

For each foreign key / one-to-one field to the user model declared by an ``assonum`` model
(Wagtail's own page fields ``owner`` / ``locked_by`` are Wagtail's), a maker below creates a row
pointing at the person and returns a value that must appear in the app's part of the export;
then the app's erase hook runs and the row must no longer point at anybody. A new field without a
maker fails the first test: add its maker (here, or in ``tests/<app>/personal_data_makers.py``
as a ``MAKERS`` dict of the same shape), its export and its erasure.
"""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from assonum.accounts.services import delete_account, export_personal_data
from assonum.core.plugins import plugins
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def user_links() -> list[tuple[str, str]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    links = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.concrete and (field.many_to_one or field.one_to_one)):
                continue
            if field.related_model is user_model and field.model.__module__.startswith("assonum"):
                links.append((model._meta.label, field.name))
    return sorted(set(links))


def _organisation(name="Familles rurales de Saint-Amand-Montrond"):
    from tests.organisations.factories import OrganisationFactory

    return OrganisationFactory(name=name)


def _change(**kwargs):
    from tests.directory.factories import PlaceChangeFactory, PlaceFactory

    return PlaceChangeFactory(place=PlaceFactory(nom="Médiathèque de Vierzon"), **kwargs)


def _claim(**kwargs):
    from tests.directory.factories import ActorFactory, PlaceClaimFactory, PlaceFactory

    return PlaceClaimFactory(place=PlaceFactory(nom="EPN de Romorantin"),
                             organisation=ActorFactory(name="Acteur de Romorantin"), **kwargs)


def _run(**kwargs):
    from assonum.directory.models import ImportRun

    return ImportRun.objects.create(file_name="lieux-du-cher.csv", source="crcvl-2021", **kwargs)


def _duplicate(user):
    from assonum.directory.models import DuplicateCandidate
    from tests.directory.factories import PlaceFactory

    return DuplicateCandidate.objects.create(
        import_run=_run(), existing_place=PlaceFactory(nom="EPN de Bourges"),
        reason=DuplicateCandidate.Reason.SAME_PIVOT, reviewed_by=user, status="ignored",
        reviewed_at=timezone.now()), "ignored"


def _invitation(**kwargs):
    from assonum.organisations.models import Invitation

    return Invitation.objects.create(organisation=_organisation(),
                                     email="invitee-blois@exemple.org", **kwargs)


def _network_request(**kwargs):
    from assonum.organisations.models import NetworkRequest

    return NetworkRequest.objects.create(organisation=_organisation(),
                                         network=_organisation("Réseau des Francas 41"), **kwargs)


def _transition(user):
    from assonum.core.models import TransitionLog
    from assonum.organisations.models import Invitation

    invitation = _invitation()
    entry = TransitionLog.objects.create(
        content_type=TransitionLog.content_type_for(Invitation), object_id=str(invitation.pk),
        from_state="pending", to_state="revoked", by=user, note="adresse erronée")
    return entry, "adresse erronée"


def _proposal(user):
    from assonum.core import demo
    from assonum.core.models import HomePage
    from assonum.stories.models import StoryIndexPage, StoryProposal
    from tests.stories.factories import make_story

    demo.load()
    index = StoryIndexPage(title="Témoignages", slug="temoignages")
    HomePage.objects.get().add_child(instance=index)
    page = make_story(index, title="Le numérique au club de Vendôme", publish=False)
    proposal = StoryProposal.objects.create(page=page, proposed_by=user,
                                            consent_at=timezone.now(), consent_text="J'accepte.")
    return proposal, "Le numérique au club de Vendôme"


MAKERS = {
    # (model, field): user -> (row, text the app's export must contain)
    ("core.TransitionLog", "by"): _transition,
    ("directory.PlaceChange", "submitted_by"): lambda u: (_change(submitted_by=u),
                                                          "Médiathèque de Vierzon"),
    ("directory.PlaceChange", "reviewed_by"): lambda u: (
        _change(reviewed_by=u, status="rejected", reviewed_at=timezone.now()), "rejected"),
    ("directory.PlaceClaim", "user"): lambda u: (_claim(user=u), "EPN de Romorantin"),
    ("directory.PlaceClaim", "reviewed_by"): lambda u: (
        _claim(reviewed_by=u, status="approved", reviewed_at=timezone.now()), "approved"),
    ("directory.ImportRun", "created_by"): lambda u: (_run(created_by=u), "lieux-du-cher.csv"),
    ("directory.DuplicateCandidate", "reviewed_by"): _duplicate,
    ("organisations.Membership", "user"): lambda u: (_membership(u),
                                                     "Familles rurales de Saint-Amand"),
    ("organisations.Invitation", "invited_by"): lambda u: (_invitation(invited_by=u),
                                                           "invitee-blois@exemple.org"),
    ("organisations.Invitation", "responded_by"): lambda u: (
        _invitation(responded_by=u, status="declined"), "invitee-blois@exemple.org"),
    ("organisations.Organisation", "verified_by"): lambda u: (
        _organisation_verified(u), "Centre social de Issoudun"),
    ("organisations.NetworkRequest", "requested_by"): lambda u: (
        _network_request(requested_by=u), "Réseau des Francas 41"),
    ("organisations.NetworkRequest", "decided_by"): lambda u: (
        _network_request(decided_by=u, status="refused"), "Réseau des Francas 41"),
    ("stories.StoryProposal", "proposed_by"): _proposal,
}


def _membership(user):
    from assonum.organisations.models import Membership

    return Membership.objects.create(user=user, organisation=_organisation())


def _organisation_verified(user):
    organisation = _organisation("Centre social de Issoudun")
    organisation.is_verified, organisation.verified_by = True, user
    organisation.verified_at = timezone.now()
    organisation.save()
    return organisation


def _app_makers() -> dict:
    """Makers that an app keeps next to its own tests: ``tests/<app>/personal_data_makers.py``."""
    import importlib
    from importlib.util import find_spec

    found = {}
    for plugin in plugins():
        dotted = f"tests.{plugin.app.rsplit('.', 1)[-1]}.personal_data_makers"
        try:
            spec = find_spec(dotted)
        except ModuleNotFoundError:  # the app has no tests/<app>/ package at all
            spec = None
        if spec is not None:
            found.update(importlib.import_module(dotted).MAKERS)
    return found


MAKERS.update(_app_makers())


def test_every_link_to_a_person_has_a_maker():
    assert set(user_links()) == set(MAKERS), "a link to the user model without its check"


@pytest.mark.parametrize("link", sorted(MAKERS), ids=lambda link: ".".join(link))
def test_the_link_is_exported_and_erased(link):
    label, field = link
    user = UserFactory(email="personne@exemple.org")
    row, marker = MAKERS[link](user)
    app_label = label.split(".")[0]
    exported = export_personal_data(user=user)
    assert app_label in exported, f"{app_label} has no personal-data export"
    assert marker in json.dumps(exported[app_label], cls=DjangoJSONEncoder, ensure_ascii=False)

    model = apps.get_model(label)
    (plugin,) = [p for p in plugins() if p.app == f"assonum.{app_label}"]
    plugin.personal_data.erase(user)  # the app's own hook cuts (or deletes) the link
    remaining = model._base_manager.filter(pk=row.pk).values_list(f"{field}_id", flat=True)
    assert list(remaining) in ([], [None])
    delete_account(user=user)  # and the whole erasure still goes through
    assert not apps.get_model(settings.AUTH_USER_MODEL).objects.filter(pk=user.pk).exists()
