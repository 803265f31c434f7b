"""Helpers of the diagnostic tests: the demo questionnaire, associations on real communes, answers."""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth.models import Group

from assonum.accounts.models import User
from assonum.diagnostic import demo, services
from assonum.diagnostic.models import Diagnostic
from assonum.organisations.models import Membership, Organisation
from tests.territory.factories import make_real_communes

_n = iter(range(1, 10**6))


def questionnaire():
    """The demo questionnaire (10 themes, 30 questions), published as version 1."""
    return demo.load_questionnaire()


def user(email=None, **extra):
    email = email or f"personne{next(_n)}@exemple.fr"
    return User.objects.create_user(email=email, password="x", **extra)


def association(commune=None, *, name=None, sector="culture", member=None, role="member"):
    n = next(_n)
    organisation = Organisation.objects.create(
        kind=Organisation.Kind.ASSOCIATION, name=name or f"Association {n}",
        slug=f"association-{n}", rna=f"W36{n:07d}", seat_commune=commune, sector=sector)
    if member is not None:
        Membership.objects.create(user=member, organisation=organisation, role=role)
    return organisation


def communes():
    return make_real_communes()


def expert(email=None):
    person = user(email or f"expert{next(_n)}@exemple.fr")
    person.groups.add(Group.objects.get_or_create(name="Experts")[0])
    return person


def login(client, person, *, mfa=False):
    client.force_login(person)
    if mfa:
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
        session.save()
    return client


def answers_at(snapshot, rank):
    """Answer every question with the choice of the given rank by score (0 worst, -1 best)."""
    answers = {}
    for theme in snapshot["themes"]:
        for question in theme["questions"]:
            ordered = sorted(question["choices"], key=lambda c: (c["score"], c["id"]))
            if question["kind"] == "multiple" and rank == -1:
                best = [c["id"] for c in ordered if c["score"] > 0]
                answers[str(question["id"])] = {"choices": best, "unknown": False}
                continue
            index = max(0, min(rank if rank >= 0 else len(ordered) + rank, len(ordered) - 1))
            answers[str(question["id"])] = {"choices": [ordered[index]["id"]], "unknown": False}
    return answers


def completed(organisation, *, rank=0, when=None, answers=None):
    diagnostic = services.start(organisation=organisation)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(
        answers=answers if answers is not None else answers_at(diagnostic.version.snapshot, rank))
    diagnostic.refresh_from_db()
    return services.complete(diagnostic=diagnostic, now=when)
