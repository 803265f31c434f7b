import pytest

from assonum.territory.models import Commune
from tests.territory.factories import CommuneFactory, make_real_communes

pytestmark = pytest.mark.django_db


def test_rural_rule_default_threshold_2000():
    communes = make_real_communes()
    rural = set(Commune.objects.rural().values_list("code", flat=True))
    urban = set(Commune.objects.urban().values_list("code", flat=True))
    assert rural == {"36071", "36057", "36247", "36089"}  # Étrechet, Coings, Vineuil, Jeu-les-Bois
    assert "36093" in urban  # Levroux, 2,947 inhabitants
    assert rural | urban == set(communes)
    assert communes["36089"].is_rural and not communes["45234"].is_rural


def test_threshold_is_a_setting(settings):
    communes = make_real_communes()
    settings.RURAL_POPULATION_THRESHOLD = 3000
    assert communes["36093"].is_rural
    assert "36093" in set(Commune.objects.rural().values_list("code", flat=True))
    assert "36005" not in set(Commune.objects.rural().values_list("code", flat=True))  # 3,860


def test_unknown_population_is_neither():
    commune = CommuneFactory(population=None)
    assert not commune.is_rural
    assert not Commune.objects.rural().filter(pk=commune.pk).exists()
    assert not Commune.objects.urban().filter(pk=commune.pk).exists()
