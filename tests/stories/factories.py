"""Factories for the stories tests (pages are created under a real page tree)."""

import factory
from django.contrib.auth import get_user_model

from assonum.organisations.models import Membership, Organisation
from assonum.stories.models import StoryKind, StoryPage, StoryTheme
from assonum.territory.models import Commune, Department


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "37"
    name = "Indre-et-Loire"
    region_code = "24"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = "37261"
    name = "Tours"
    department = factory.SubFactory(DepartmentFactory)
    postal_codes = ["37000", "37100", "37200"]
    population = 136000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.ASSOCIATION
    name = factory.Sequence(lambda n: f"Association numéro {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")


def make_member(organisation=None, **user_kwargs):
    user = UserFactory(**user_kwargs)
    organisation = organisation or OrganisationFactory()
    Membership.objects.create(user=user, organisation=organisation)
    return user, organisation


class StoryThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryTheme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


def make_story(index, *, title="Une histoire", publish=True, themes=(), tools=(), **fields):
    fields.setdefault("summary", "Un résumé en une phrase.")
    fields.setdefault("kind", StoryKind.TESTIMONIAL)
    fields.setdefault("body", [("paragraph", "<p>Le texte du témoignage.</p>")])
    page = StoryPage(title=title, live=publish, **fields)
    page.themes.set(list(themes))
    page.tools.set(list(tools))
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page
