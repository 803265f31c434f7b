"""A small world for the fund tests: real communes, the demo questionnaire, two associations,
staff with the second factor, two committee members, an approved expert and another one."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assonum.fund import services
from assonum.fund.models import Call, Criterion, Expert
from assonum.organisations.models import Membership, Organisation
from tests.diagnostic import factories as diag
from tests.directory.factories import PlaceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="budget.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_call(**extra):
    today = timezone.localdate()
    defaults = dict(
        title="Accompagner la transition numérique 2026", slug="transition-2026",
        summary="Appel test.", opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=30), envelope=Decimal("50000"),
        diagnostic_within_months=12, max_employees=10, rural_bonus=10, small_bonus=5,
        first_bonus=5, support_kinds=["individual", "collective"],
        required_documents=["Budget prévisionnel"])
    defaults.update(extra)
    call = Call.objects.create(**defaults)
    Criterion.objects.create(call=call, label="Pertinence", weight=3,
                             descriptors=["nulle", "faible", "moyenne", "bonne", "forte"])
    Criterion.objects.create(call=call, label="Capacité", weight=1, position=1,
                             descriptors=["nulle", "faible", "moyenne", "bonne", "forte"])
    return call


@pytest.fixture
def world(db):
    communes = diag.communes()
    diag.questionnaire()
    admin, member = diag.user("presidente@foyer-jeu.fr"), diag.user("benevole@foyer-jeu.fr")
    foyer = diag.association(communes["36089"], name="Foyer rural de Jeu-les-Bois",
                             sector="leisure", member=admin, role="admin")
    Membership.objects.create(user=member, organisation=foyer, role="member")
    other_admin = diag.user("tresorier@judo-orleans.fr")
    other = diag.association(communes["45234"], name="Judo club d'Orléans", sector="sport",
                             member=other_admin, role="admin")
    staff = diag.user("equipe@fonds.fr", is_superuser=True, is_staff=True)
    committee = Group.objects.get_or_create(name="Comité du fonds")[0]
    reviewers = [diag.user(f"comite{i}@fonds.fr") for i in range(3)]
    for reviewer in reviewers:
        reviewer.groups.add(committee)
    experts = []
    for name, slug in (("Le Relais numérique", "relais"), ("Fab lab de Blois", "fablab")):
        actor = Organisation.objects.create(kind="actor", name=name, slug=slug)
        person = diag.user(f"expert@{slug}.fr")
        Membership.objects.create(user=person, organisation=actor, role="member")
        place = PlaceFactory(owner=actor, nom=name)
        experts.append(SimpleNamespace(user=person, expert=Expert.objects.create(
            place=place, approved=True)))
    call = make_call()
    return SimpleNamespace(communes=communes, admin=admin, member=member, foyer=foyer,
                           other=other, other_admin=other_admin, staff=staff,
                           reviewers=reviewers, experts=experts, call=call)


def ready_application(world, *, diagnose=True):
    """A complete draft of the Foyer rural, with its diagnostic and its required document."""
    if diagnose:
        diag.completed(world.foyer, rank=0)
    application = services.start_application(call=world.call, organisation=world.foyer,
                                              by=world.member)
    services.save_application(application=application, by=world.member, data={
        "title": "Outils partagés pour le foyer", "description": "Agenda et documents communs.",
        "support_kind": "individual", "amount_requested": Decimal("4000")})
    services.add_document(application=application, label="Budget prévisionnel", upload=pdf(),
                          by=world.member)
    return application


def granted(world, *, amount=Decimal("3000")):
    application = ready_application(world)
    services.submit(application=application, by=world.admin)
    services.open_review(application=application, by=world.staff)
    return services.decide(application=application, by=world.staff, outcome="accepted",
                           amount=amount, reason="Projet solide.")
