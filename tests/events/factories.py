"""Agenda factories and real communes around Vierzon (real INSEE codes and positions)."""

from datetime import timedelta

import factory
from django.utils import timezone

from assonum.events.models import Event, Kind, Registration
from assonum.organisations.models import Membership, Organisation
from assonum.territory.models import Commune
from tests.territory.factories import DEPARTMENTS, DepartmentFactory

# code, name, department, postal code, population, latitude, longitude
NEAR_VIERZON = [
    ("18279", "Vierzon", "18", "18100", 25903, 47.2219, 2.0686),
    ("18141", "Mehun-sur-Yèvre", "18", "18500", 6909, 47.1439, 2.2155),  # ~14 km
    ("41232", "Salbris", "41", "41300", 5207, 47.4247, 2.0514),  # ~22.6 km
    ("36018", "Le Blanc", "36", "36300", 6339, 46.6338, 1.0628),
    ("36046", "La Châtre", "36", "36400", 4198, 46.5819, 1.9877),
]


def real_communes() -> dict[str, Commune]:
    result = {}
    for code, name, dep, postal, population, lat, lon in NEAR_VIERZON:
        department = DepartmentFactory(code=dep, name=DEPARTMENTS[dep])
        result[code], _ = Commune.objects.get_or_create(code=code, defaults={
            "name": name, "department": department, "postal_codes": [postal],
            "population": population, "latitude": lat, "longitude": lon})
    return result


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.ACTOR
    name = factory.Sequence(lambda n: f"Tiers-lieu numérique {n}")
    slug = factory.Sequence(lambda n: f"tiers-lieu-numerique-{n}")


def member_of(organisation, email, role=Membership.Role.ADMIN):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email=email, password="x-Long-passw0rd")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Atelier numérique {n}")
    slug = factory.Sequence(lambda n: f"atelier-numerique-{n}")
    kind = Kind.WORKSHOP
    summary = "Découvrir les outils libres pour son association."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    address = "1 place de l'Hôtel de ville"
    capacity = 10
    status = Event.Status.PUBLISHED
    organisation = factory.SubFactory(OrganisationFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Bénévole {n}")
    email = factory.Sequence(lambda n: f"benevole{n}@exemple.org")
