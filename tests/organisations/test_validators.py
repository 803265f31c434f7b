import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from assonum.organisations.validators import validate_pivot, validate_rna, validate_siret


@pytest.mark.parametrize("value, expected", [
    ("W451012345", "W451012345"),
    ("w451012345", "W451012345"),
    (" W 451 012 345 ", "W451012345"),
    ("W45-101-2345", "W451012345"),
    # Real numbers with letters: Corsica (2A, 2B) and overseas prefectures.
    ("W2A1000123", "W2A1000123"),
    ("w2b2001234", "W2B2001234"),
    ("W9T1002867", "W9T1002867"),
    ("W9R2004567", "W9R2004567"),
    ("W9M1000012", "W9M1000012"),
    ("W974012345", "W974012345"),
    ("W011000123", "W011000123"),
    ("W953001234", "W953001234"),
    # Old prefecture file numbers, kept by associations that never filed a change since 2010.
    ("1234/5678", "1234/5678"),
    ("0451012345", "0451012345"),
    ("2/12345", "2/12345"),
])
def test_valid_rna_numbers_are_normalised(value, expected):
    assert validate_rna(value) == expected


@pytest.mark.parametrize("value, message", [
    ("W12345", "W suivie de 9 chiffres ou lettres (vous en avez saisi 5)"),
    ("W4510123456", "vous en avez saisi 10"),
    ("W2A10001", "vous en avez saisi 7"),
    ("X451012345", "il commence par W suivi de 9 chiffres ou lettres"),
    # The department part is checked: 00, 20 (Corsica is 2A / 2B), a letter in first place.
    ("W001012345", "ne commence pas par un code de département connu"),
    ("W201012345", "ne commence pas par un code de département connu"),
    ("WAB1012345", "ne commence pas par un code de département connu"),
    ("W2C1000123", "ne commence pas par un code de département connu"),
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


@pytest.mark.parametrize("value, expected", [
    ("W9T1002867", "W9T1002867"),
    ("W2A1000123", "W2A1000123"),
    ("W451012345", "W451012345"),
    ("732 829 320 00074", "73282932000074"),
    ("1000123456", "1000123456"),  # a RIDET (New Caledonia) keeps the standard's pattern
])
def test_pivot_accepts_siret_rna_and_ridet(value, expected):
    assert validate_pivot(value) == expected


@pytest.mark.parametrize("value, message", [
    ("W201012345", "code de département"),
    ("W12345", "vous en avez saisi 5"),
    ("1234/5678", "ni un SIRET"),  # an old prefecture number is no pivot of the standard
    ("12345", "ni un SIRET"),
])
def test_pivot_refuses_bad_numbers(value, message):
    with pytest.raises(ValidationError) as error:
        validate_pivot(value)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_one_rna_check_for_the_organisation_form_and_the_directory():
    """The organisation form, the place form, the Place model and the import share it."""
    from assonum.directory import importing
    from assonum.directory.models import Place
    from assonum.organisations.forms import OrganisationForm

    org_form = OrganisationForm(data={"rna": "W9T1002867"})
    org_form.is_valid()
    assert "rna" not in org_form.errors
    org_form = OrganisationForm(data={"rna": "W201012345"})
    org_form.is_valid()
    assert "code de département" in org_form.errors["rna"][0]
    field = Place._meta.get_field("pivot")
    field.run_validators("W2A1000123")
    with pytest.raises(ValidationError):
        field.run_validators("W201012345")
    outcome = importing.clean_row(2, {"id": "1", "pivot": "W9T1002867", "nom": "Lieu",
                                    "adresse": "1 rue", "commune_nom": "Tours",
                                    "code_postal": "37000", "date_maj": "2024-05-02"}, source="t")
    assert outcome.data["pivot"] == "W9T1002867" and not outcome.warnings
    outcome = importing.clean_row(2, {"id": "1", "pivot": "W201012345", "nom": "Lieu",
                                    "adresse": "1 rue", "commune_nom": "Tours",
                                    "code_postal": "37000", "date_maj": "2024-05-02"}, source="t")
    assert outcome.data["pivot"] == "" and not outcome.errors  # dropped, the place is kept
    assert "code de département" in outcome.warnings[0]["reason"]


@given(st.text(max_size=30))
def test_validators_never_crash(value):
    for validator in (validate_rna, validate_siret, validate_pivot):
        try:
            result = validator(value)
        except ValidationError:
            continue
        assert isinstance(result, str) and len(result) <= 14
