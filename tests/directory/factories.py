"""Directory factories (places, proposed changes, claims)."""

import factory

from assonum.directory.models import Place, PlaceChange, PlaceClaim
from assonum.organisations.models import Organisation


class ActorFactory(factory.django.DjangoModelFactory):
    """A digital actor (kept here so these tests do not wait for the organisations factories)."""

    class Meta:
        model = Organisation

    kind = Organisation.Kind.ACTOR
    name = factory.Sequence(lambda n: f"Acteur numérique {n}")
    slug = factory.Sequence(lambda n: f"acteur-numerique-{n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    source = "test"
    source_id = factory.Sequence(lambda n: f"lieu-{n}")
    pivot = factory.Sequence(lambda n: f"{43493312300000 + n}")
    nom = factory.Sequence(lambda n: f"Lieu numérique {n}")
    slug = factory.Sequence(lambda n: f"lieu-numerique-{n}")
    adresse = "1 rue de la République"
    code_postal = "45000"
    commune_nom = "Orléans"
    latitude = 47.9
    longitude = 1.9
    services = ["Maîtrise des outils numériques du quotidien"]
    offers = ["formation"]
    status = Place.Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Place.Status.DRAFT)
        fictional = factory.Trait(is_fictional=True)
        in_commune = factory.Trait(
            commune=factory.SubFactory("tests.territory.factories.CommuneFactory"),
            code_insee=factory.SelfAttribute("commune.code"),
            commune_nom=factory.SelfAttribute("commune.name"),
            latitude=factory.SelfAttribute("commune.latitude"),
            longitude=factory.SelfAttribute("commune.longitude"),
        )


class PlaceChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceChange

    place = factory.SubFactory(PlaceFactory)
    data = factory.LazyAttribute(lambda o: {"nom": "Nouveau nom", "horaires": "Mo-Fr 09:00-17:00"})


class PlaceClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceClaim

    place = factory.SubFactory(PlaceFactory)
    organisation = factory.SubFactory(ActorFactory)
    message = "C'est notre lieu."
