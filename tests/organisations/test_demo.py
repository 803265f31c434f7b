import pytest
from django.contrib.auth import get_user_model

from assonum.organisations import demo
from assonum.organisations.models import Membership, Organisation
from tests.territory.factories import make_real_communes

pytestmark = pytest.mark.django_db


def test_demo_loads_every_kind_idempotently_with_real_communes():
    make_real_communes()  # Levroux and Jeu-les-Bois included; a missing commune is skipped
    lines = demo.load()
    lines_again = demo.load()
    assert lines == lines_again
    expected = "Association (administratrice) : asso@assonum.localhost"
    assert any(line.startswith(expected) for line in lines)
    assert Organisation.objects.count() == len(demo.ORGANISATIONS)
    assert set(Organisation.objects.values_list("kind", flat=True)) == {
        "association", "actor", "donor", "network"}
    departments = set(Organisation.objects.exclude(seat_commune=None)
                      .values_list("seat_commune__department_id", flat=True))
    assert len(departments) >= 4
    for org in Organisation.objects.all():
        assert "Exemple fictif" in org.description
        assert org.memberships.filter(role="admin").exists(), org
        org.full_clean()  # the demo's own numbers pass the validators
    network = Organisation.objects.get(slug="reseau-asso-numerique-centre")
    assert network.member_organisations.count() == 3
    assert get_user_model().objects.filter(email="benevole@assonum.localhost").exists()
    assert Membership.objects.get(user__email="benevole@assonum.localhost").role == "member"


def test_demo_without_territory_leaves_seats_empty():
    demo.load()
    assert Organisation.objects.filter(seat_commune__isnull=True).count() == len(demo.ORGANISATIONS)
