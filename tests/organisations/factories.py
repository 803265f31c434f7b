import factory

from assonum.organisations.models import Membership, Organisation
from tests.accounts.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.ASSOCIATION
    name = factory.Sequence(lambda n: f"Association test {n}")
    slug = factory.Sequence(lambda n: f"association-test-{n}")
    rna = factory.Sequence(lambda n: f"W45{n:07d}")

    class Params:
        network = factory.Trait(kind=Organisation.Kind.NETWORK)
        actor = factory.Trait(kind=Organisation.Kind.ACTOR, rna="")
        donor = factory.Trait(kind=Organisation.Kind.DONOR, rna="")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER

    class Params:
        admin = factory.Trait(role=Membership.Role.ADMIN)


def organisation_with_admin(**kwargs):
    """An organisation and its (single) administrator."""
    membership = MembershipFactory(admin=True, organisation=OrganisationFactory(**kwargs))
    return membership.organisation, membership.user
