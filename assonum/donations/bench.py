"""Benchmark data: 10,000 lots at scale 1.0 (about 3,300 published offers on real communes).

Re-running replaces the previous bench offers (title prefix ``[bench]``).
"""

import random

from django.db import transaction
from django.utils import timezone

from .models import Condition, Handover, Kind, Lot, Offer, OperatingSystem, Wiping

BASE_LOTS = 10_000
PREFIX = "[bench] "


@transaction.atomic
def generate(stdout, scale: float = 1.0) -> None:
    from assonum.territory.models import Commune

    communes = list(Commune.objects.in_region().filter(latitude__isnull=False)
                    .values_list("code", flat=True))
    if not communes:
        stdout.write("  donations: no commune loaded (run load_demo first), skipped")
        return
    Lot.objects.filter(offer__title__startswith=PREFIX).delete()
    Offer.objects.filter(title__startswith=PREFIX).delete()
    rng = random.Random(12)
    target = int(BASE_LOTS * scale)
    now = timezone.now()
    offers = []
    count = (target + 2) // 3
    for i in range(count):
        offers.append(Offer(
            title=f"{PREFIX}Matériel de bureau n° {i}", commune_id=rng.choice(communes),
            handover=rng.choice([Handover.COLLECT, Handover.DELIVERY]),
            status=Offer.Status.PUBLISHED, published_at=now - timezone.timedelta(hours=i),
            is_fictional=True))
    Offer.objects.bulk_create(offers, batch_size=1000)
    kinds = [k for k, _label in Kind.choices]
    lots = []
    for index in range(target):
        offer = offers[index % count]
        quantity = rng.randint(1, 20)
        lots.append(Lot(offer=offer, kind=rng.choice(kinds), quantity=quantity,
                        reserved=rng.randint(0, quantity), year=rng.randint(2012, 2024),
                        condition=rng.choice(Condition.values),
                        operating_system=rng.choice(OperatingSystem.values),
                        wiping=rng.choice(Wiping.values)))
    Lot.objects.bulk_create(lots, batch_size=2000)
    stdout.write(f"  donations: {len(offers)} offers, {len(lots)} lots")
