"""Benchmark data of the organisations: 20,000 associations at scale 1.0 (``make_bench_data``).

Real-looking names ("Comité des fêtes de Vierzon", "Club de tennis de table de Blois"...) on the
region's real communes, sectors and sizes that vary. Re-running replaces the previous bench
associations (slugs ``bench-asso-*``). Bulk-created: no signal, no search document (associations
are not in the site search).
"""

import random

from django.db import transaction

from .models import Organisation

BASE_COUNT = 20_000
PREFIX = "bench-asso-"
NAMES = [
    ("Comité des fêtes de {c}", "leisure"), ("Club de tennis de table de {c}", "sport"),
    ("Amicale laïque de {c}", "education"), ("Les Amis de la bibliothèque de {c}", "culture"),
    ("Association des parents d'élèves de {c}", "education"),
    ("Union sportive de {c}", "sport"), ("Épicerie solidaire de {c}", "social"),
    ("Chorale À Cœur Joie de {c}", "culture"), ("Les Jardins partagés de {c}", "environment"),
    ("Club informatique de {c}", "digital"), ("Restos du cœur, antenne de {c}", "humanitarian"),
    ("Foyer rural de {c}", "leisure"), ("Secours populaire de {c}", "social"),
    ("Théâtre amateur de {c}", "culture"), ("Association de sauvegarde du patrimoine de {c}",
                                          "culture"),
    ("Repair café de {c}", "environment"), ("Aide à domicile en milieu rural de {c}", "health"),
    ("Maison des jeunes et de la culture de {c}", "education"),
    ("Entraide numérique de {c}", "digital"), ("Association d'insertion de {c}", "economy"),
]


@transaction.atomic
def generate(stdout, scale: float = 1.0) -> None:
    from assonum.territory.models import Commune

    communes = list(Commune.objects.in_region().values_list("code", "name"))
    if not communes:
        stdout.write("  organisations: no commune loaded (run load_demo first), skipped")
        return
    count = max(1, int(BASE_COUNT * scale))
    rng = random.Random(43)
    Organisation.objects.filter(slug__startswith=PREFIX).delete()
    rows = []
    for n in range(count):
        code, commune = rng.choice(communes)
        pattern, sector = rng.choice(NAMES)
        members = rng.randint(5, 400)
        rows.append(Organisation(
            kind=Organisation.Kind.ASSOCIATION, name=pattern.format(c=commune)[:200],
            slug=f"{PREFIX}{n:05d}", rna=f"W{rng.randint(10**8, 10**9 - 1)}",
            seat_commune_id=code, sector=sector, members_count=members,
            volunteers_count=rng.randint(1, max(1, members // 4)),
            employees_count=rng.choice([0, 0, 0, 1, 2, 5]),
            description=f"Association loi 1901 de {commune}.",
        ))
    Organisation.objects.bulk_create(rows, batch_size=2000)
    stdout.write(f"  organisations: {count} associations")
