import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from assonum.organisations.validators import validate_rna, validate_siret


@pytest.mark.parametrize("value, expected", [
    ("W451012345", "W451012345"),
    ("w451012345", "W451012345"),
    (" W 451 012 345 ", "W451012345"),
    ("W45-101-2345", "W451012345"),
    # Old prefecture file numbers, kept by associations that never filed a change since 2010.
    ("1234/5678", "1234/5678"),
    ("0451012345", "0451012345"),
    ("2/12345", "2/12345"),
])
def test_valid_rna_numbers_are_normalised(value, expected):
    assert validate_rna(value) == expected


@pytest.mark.parametrize("value, message", [
    ("W12345", "W suivie de 9 chiffres (vous en avez saisi 5)"),
    ("W4510123456", "vous en avez saisi 10"),
    ("X451012345", "il commence par W et compte 9 chiffres"),
    ("123", "il commence par W"),
    ("12/34/56", "il commence par W"),
    ("association", "il commence par W"),
])
def test_invalid_rna_numbers_get_a_french_message(value, message):
    with pytest.raises(ValidationError) as error:
        validate_rna(value)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("value", [
    "73282932000074",        # a real establishment (Luhn)
    "732 829 320 00074",
    "35600000000048",        # La Poste head office
    "35600000049837",        # a La Poste establishment: no Luhn, digit sum multiple of 5
])
def test_valid_siret(value):
    assert validate_siret(value) == value.replace(" ", "")


@pytest.mark.parametrize("value, message", [
    ("73282932000075", "Ce SIRET n'existe pas"),
    ("35600000049838", "Ce SIRET n'existe pas"),     # La Poste, wrong digit sum
    ("7328293200007", "Le SIRET compte 14 chiffres (vous en avez saisi 13)"),
    ("7328293200007A", "ne contient que des chiffres"),
])
def test_invalid_siret_gets_a_french_message(value, message):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert message in error.value.messages[0]


@given(st.text(max_size=30))
def test_validators_never_crash(value):
    for validator in (validate_rna, validate_siret):
        try:
            result = validator(value)
        except ValidationError:
            continue
        assert isinstance(result, str) and len(result) <= 14
