"""Demo: the questionnaire (published as version 1) and associations with diagnostics (idempotent).

Associations with a diagnostic: two of the organisations demo (Levroux and Jeu-les-Bois in the
Indre, Tours in Indre-et-Loire) plus invented ones marked "exemple fictif", so that the Indre (6)
and Indre-et-Loire (5) pass the observatory's threshold of 5 and Loir-et-Cher has exactly 4.
Each has a first diagnostic a year ago and some a later, better one.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from assonum.organisations.models import Organisation

from . import demo_data, services
from .models import Choice, Diagnostic, Measure, Question, QuestionnaireVersion, Share, Theme

FICTIONAL = "Exemple fictif, créé pour la démonstration de la plateforme."

# slug, name, INSEE code, sector, rna
ASSOCIATIONS = [
    ("diag-ecole-musique-le-blanc", "École de musique du Blanc", "36018", "culture", "W369991001"),
    (
        "diag-amicale-laique-la-chatre",
        "Amicale laïque de La Châtre",
        "36046",
        "education",
        "W369991002",
    ),
    ("diag-restos-issoudun", "Entraide alimentaire d'Issoudun", "36088", "social", "W369991003"),
    (
        "diag-randonneurs-argenton",
        "Randonneurs d'Argenton-sur-Creuse",
        "36006",
        "sport",
        "W369991004",
    ),
    (
        "diag-patrimoine-ile-bouchard",
        "Patrimoine de L'Île-Bouchard",
        "37119",
        "culture",
        "W379991005",
    ),
    ("diag-theatre-chinon", "Théâtre en Chinonais", "37072", "culture", "W379991006"),
    ("diag-aide-domicile-loches", "Aide à domicile du Lochois", "37132", "social", "W379991007"),
    ("diag-club-foot-amboise", "Club de football d'Amboise", "37003", "sport", "W379991008"),
    ("diag-comite-fetes-vendome", "Comité des fêtes de Vendôme", "41269", "culture", "W419991009"),
    ("diag-secours-blois", "Solidarité blésoise", "41018", "social", "W419991010"),
    ("diag-tennis-romorantin", "Tennis club de Romorantin", "41194", "sport", "W419991011"),
    ("diag-nature-salbris", "Nature en Sologne (Salbris)", "41232", "environment", "W419991012"),
]
EXISTING = ["amis-mediatheque-levroux", "foyer-rural-jeu-les-bois", "jardins-partages-tours"]
EXPERT_EMAIL = "expert@assonum.localhost"


def load_questionnaire():
    """Create the draft questionnaire once (staff edit it afterwards), publish version 1."""
    if not Theme.objects.exists():
        themes = {}
        for order, (slug, label, intro, needs, services_, offers, questions) in enumerate(
            demo_data.THEMES, start=1
        ):
            theme = Theme.objects.create(
                slug=slug,
                label=label,
                intro=intro,
                order=order * 10,
                needs=needs,
                services=services_,
                offers=offers,
            )
            themes[slug] = theme
            for q_order, (text, why, kind, weight, key, choices) in enumerate(questions, start=1):
                question = Question.objects.create(
                    theme=theme,
                    order=q_order * 10,
                    text=text,
                    help_text=why,
                    kind=kind,
                    weight=weight,
                    key=key,
                )
                Choice.objects.bulk_create(
                    [
                        Choice(
                            question=question, sort_order=i, label=label_, score=score, tags=tags
                        )
                        for i, (label_, score, tags) in enumerate(choices)
                    ]
                )
        Measure.objects.bulk_create(
            [
                Measure(
                    slug=slug,
                    theme=themes[theme],
                    title=title,
                    text=text,
                    priority=priority,
                    needs=needs,
                    services=services_,
                    offers=offers,
                )
                for (slug, theme, title, text, priority, needs, services_, offers)
                in demo_data.MEASURES
            ]
        )
    if not QuestionnaireVersion.objects.exists():
        services.publish_version(note="Première version (démonstration).")
    return QuestionnaireVersion.objects.current()


def demo_answers(snapshot, rng, better=0):
    """Plausible answers; ``better`` moves each answer that many steps up (capped)."""
    answers = {}
    for theme in snapshot["themes"]:
        for question in theme["questions"]:
            choices = sorted(question["choices"], key=lambda c: c["score"])
            if rng.random() < 0.08:
                answers[str(question["id"])] = {"choices": [], "unknown": True}
                continue
            if question["kind"] == "multiple":
                picked = rng.sample(choices, k=min(len(choices), rng.randint(1, 3)))
                answers[str(question["id"])] = {
                    "choices": [c["id"] for c in picked],
                    "unknown": False,
                }
                continue
            index = min(rng.randrange(len(choices)) + better, len(choices) - 1)
            answers[str(question["id"])] = {"choices": [choices[index]["id"]], "unknown": False}
    return answers


def _diagnose(organisation, version, rng, when, better=0):
    diagnostic = services.start(organisation=organisation)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(
        answers=demo_answers(version.snapshot, rng, better), started_at=when
    )
    diagnostic.refresh_from_db()
    return services.complete(diagnostic=diagnostic, now=when)


def load(stdout=None) -> list[str]:
    from assonum.accounts.demo import demo_user
    from assonum.territory.models import Commune

    with transaction.atomic():
        version = load_questionnaire()
        communes = Commune.objects.in_bulk([row[2] for row in ASSOCIATIONS])
        organisations = list(Organisation.objects.filter(slug__in=EXISTING))
        for slug, name, insee, sector, rna in ASSOCIATIONS:
            if insee not in communes:
                continue
            organisation, _created = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "kind": "association",
                    "name": name,
                    "rna": rna,
                    "seat_commune": communes[insee],
                    "sector": sector,
                    "description": FICTIONAL,
                    "is_verified": True,
                },
            )
            organisations.append(organisation)
        now = timezone.now()
        made = 0
        for index, organisation in enumerate(organisations):
            if Diagnostic.objects.filter(organisation=organisation).exists():
                continue
            rng = random.Random(organisation.slug)
            _diagnose(organisation, version, rng, now - timedelta(days=380 - index))
            made += 1
            if index % 2 == 0:
                _diagnose(organisation, version, rng, now - timedelta(days=40 - index), better=1)
                made += 1
        expert = demo_user(EXPERT_EMAIL, first_name="Noa", last_name="Expert")
        group, _created = Group.objects.get_or_create(name="Experts")
        expert.groups.add(group)
        levroux = services.latest_summary(
            Organisation.objects.filter(slug="amis-mediatheque-levroux").first()
        )
        if levroux and not Share.objects.filter(diagnostic_id=levroux["id"]).exists():
            Share.objects.create(
                diagnostic_id=levroux["id"],
                recipient=expert,
                consent_text=services.CONSENT_TEXT % {"name": "Noa Expert"},
            )
    return [
        f"diagnostic: questionnaire version {version.number}, {made} new diagnostics; "
        f"expert : {EXPERT_EMAIL}"
    ]
