"""Benchmark data of the directory: 5,000 published places at scale 1.0 (``make_bench_data``).

Places sit on the region's real communes (loaded by the territory demo), a few hundred metres from
the commune's position; values vary like a real file. Re-running replaces the previous bench places
(source ``assonum-bench``). Then indexed for the site search in bulk.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import vocabularies as voc
from .models import Place

SOURCE = "assonum-bench"
BASE_COUNT = 5000
KINDS = ["Espace public numérique", "Médiathèque", "Fab lab", "Tiers-lieu", "Centre social",
         "Point numérique", "Atelier de réemploi", "Association numérique", "France Services",
         "Maison des associations"]
HOURS = ["Mo-Fr 09:00-12:00,14:00-17:30", "Tu,Th 14:00-18:00; Sa 09:00-12:00",
         "We 14:00-19:00; Sa 10:00-17:00", "Mo-Fr 09:00-17:00; PH off", ""]


def _pick(rng, values, low=1, high=3):
    return rng.sample(values, rng.randint(low, min(high, len(values))))


@transaction.atomic
def generate(stdout, scale: float = 1.0) -> None:
    from assonum.territory.models import Commune

    communes = list(
        Commune.objects.in_region().filter(latitude__isnull=False)
        .values_list("code", "name", "postal_codes", "latitude", "longitude")
    )
    if not communes:
        stdout.write("  directory: no commune loaded (run load_demo first), skipped")
        return
    count = max(1, int(BASE_COUNT * scale))
    rng = random.Random(42)
    Place.objects.filter(source=SOURCE).delete()
    today = timezone.localdate()
    places = []
    for n in range(count):
        code, name, postal_codes, lat, lon = rng.choice(communes)
        kind = rng.choice(KINDS)
        nom = f"{kind} {name} {n}"
        places.append(Place(
            source=SOURCE, source_id=f"bench-{n:05d}", status=Place.Status.PUBLISHED,
            nom=nom, slug=f"bench-{n:05d}", pivot=f"{99990000000000 + n}",
            adresse=f"{rng.randint(1, 120)} rue de la République",
            code_postal=(postal_codes or ["00000"])[0],
            commune_nom=name, code_insee=code, commune_id=code,
            latitude=round(lat + rng.uniform(-0.01, 0.01), 6),
            longitude=round(lon + rng.uniform(-0.01, 0.01), 6),
            typologie=_pick(
                rng, ["EPN", "BIB", "ASSO", "TIERS_LIEUX", "FABLAB", "MUNI", "CS"], 1, 2,
            ),
            offers=_pick(rng, voc.OFFER_SLUGS, 1, 3),
            services=_pick(rng, voc.SERVICES, 1, 4),
            frais_a_charge=_pick(rng, voc.FRAIS_A_CHARGE, 1, 1),
            modalites_acces=_pick(rng, voc.MODALITES_ACCES[:4], 1, 2),
            modalites_accompagnement=_pick(rng, voc.MODALITES_ACCOMPAGNEMENT, 1, 2),
            horaires=rng.choice(HOURS), telephones=[f"+33261910{n % 1000:03d}"],
            courriels=[f"contact-{n}@bench.assonum.example"],
            presentation_resume=(
                f"{kind} : ateliers, accompagnement et accès au numérique à {name}."
            ),
            date_maj=today - timedelta(days=rng.randint(0, 900)),
            is_fictional=True,
        ))
    Place.objects.bulk_create(places, batch_size=1000)
    try:
        from wagtail.search.backends import get_search_backend

        get_search_backend().add_bulk(Place, list(Place.objects.filter(source=SOURCE)))
    except Exception as exc:  # the search index is a bonus for the bench, never a blocker
        stdout.write(f"  directory: search indexing skipped ({exc})")
    stdout.write(f"  directory: {count} places")


FILL_SOURCE = "assonum-bench-fill"
# Words of the places' texts, most common first (a Zipf-like draw gives common and rare words).
VOCABULARY = (
    "atelier numérique accompagnement démarches administratives ordinateur formation internet "
    "initiation tablette smartphone courriel bureautique médiation inclusion emploi jeunes seniors "
    "familles permanence gratuite rendez-vous impression scanner photocopie wifi accès libre "
    "visioconférence sécurité mots-de-passe arnaques réseaux sociaux photos retouche vidéo montage "
    "programmation robotique imprimante 3D découpe laser couture électronique soudure réparation "
    "réemploi reconditionnement don collecte prêt matériel médiathèque ludothèque jeux vidéo "
    "école collège lycée devoirs parentalité handicap malvoyants sourds traduction français langue "
    "écrivain public impôts CAF retraite santé ameli mutuelle logement mobilité permis code "
    "cartographie OpenStreetMap Wikipédia logiciels libres Linux Ubuntu LibreOffice Nextcloud "
    "généalogie archives patrimoine radio podcast musique assistance dépannage cybersécurité"
).split()


def _zipf_text(rng, n: int) -> str:
    size = len(VOCABULARY)
    return " ".join(VOCABULARY[min(size - 1, int(rng.paretovariate(1.1)) - 1)]
                    if rng.random() < 0.7 else rng.choice(VOCABULARY) for _ in range(n))


def fill(stdout, count: int) -> int:
    """Bulk-create ``count`` more published places (``make_bench_data --documents``) with varied
    texts, and write their search documents (not Wagtail's index: the back office's search does
    not list them). Re-running replaces the previous fill."""
    from assonum.core.models import SearchDocument
    from assonum.core.search import add_bulk, search_types
    from assonum.territory.models import Commune

    communes = list(Commune.objects.in_region().filter(latitude__isnull=False)
                    .values_list("code", "name", "postal_codes", "latitude", "longitude"))
    if not communes or count <= 0:
        return 0
    rng = random.Random(44)
    old = Place.objects.filter(source=FILL_SOURCE)
    replaced, _ = SearchDocument.objects.filter(
        type_key="lieux", object_id__in=old.values("pk")).delete()
    count += replaced  # ``count`` was measured with the previous fill's documents
    old.delete()
    today = timezone.localdate()
    batch = []
    created = 0
    search_type = next(t for t in search_types() if t.key == "lieux")
    for n in range(count):
        code, name, postal_codes, lat, lon = rng.choice(communes)
        kind = rng.choice(KINDS)
        batch.append(Place(
            source=FILL_SOURCE, source_id=f"fill-{n:06d}", status=Place.Status.PUBLISHED,
            nom=f"{kind} {name} {n}", slug=f"bench-fill-{n:06d}", pivot=f"{98000000000000 + n}",
            adresse=f"{rng.randint(1, 120)} rue de la République",
            code_postal=(postal_codes or ["00000"])[0], commune_nom=name, code_insee=code,
            commune_id=code, latitude=round(lat + rng.uniform(-0.01, 0.01), 6),
            longitude=round(lon + rng.uniform(-0.01, 0.01), 6),
            typologie=["EPN"], offers=_pick(rng, voc.OFFER_SLUGS, 1, 2),
            services=_pick(rng, voc.SERVICES, 1, 2), horaires=rng.choice(HOURS),
            presentation_resume=f"{kind} à {name} : {_zipf_text(rng, 8)}.",
            presentation_detail=_zipf_text(rng, rng.randint(20, 60)).capitalize() + ".",
            date_maj=today - timedelta(days=rng.randint(0, 900)), is_fictional=True,
        ))
        if len(batch) == 5000 or n == count - 1:
            with transaction.atomic():
                Place.objects.bulk_create(batch, batch_size=1000)
                created += add_bulk(search_type, Place.objects.filter(
                    source=FILL_SOURCE, source_id__in=[p.source_id for p in batch]))
            batch = []
    stdout.write(f"  directory: {created} more places (fill, search documents only)")
    return created
