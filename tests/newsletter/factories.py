import factory
from django.utils import timezone

from assonum.newsletter.models import Subscriber, Topic
from assonum.territory.models import Department

REGION_DEPARTMENTS = [("18", "Cher"), ("28", "Eure-et-Loir"), ("36", "Indre"),
                      ("37", "Indre-et-Loire"), ("41", "Loir-et-Cher"), ("45", "Loiret")]


def region_departments():
    return [
        Department.objects.get_or_create(code=code, defaults={"name": name, "region_code": "24"})[0]
        for code, name in REGION_DEPARTMENTS
    ]


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    match_kinds = ""


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"abonne{n}@example.org")
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)
    consent_at = factory.LazyFunction(timezone.now)
    consent_source = "http://testserver/lettre/"
    consent_wording_version = "2025-01-full"
    consent_text = "J'accepte."

    class Params:
        pending = factory.Trait(status=Subscriber.Status.PENDING, confirmed_at=None)
        paused = factory.Trait(status=Subscriber.Status.PAUSED)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)
