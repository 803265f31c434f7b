"""The place-field rules shared by the form, the model, the import and the back office."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assonum.directory import rules


@pytest.mark.parametrize(("typed", "stored"), [
    ("exemple.fr", "https://exemple.fr"),
    ("www.exemple.fr/page", "https://www.exemple.fr/page"),
    ("http://exemple.fr", "http://exemple.fr"),
    (" https://exemple.fr/a?b=1 ", "https://exemple.fr/a?b=1"),
    ("exemple.fr:8080/x", "https://exemple.fr:8080/x"),
    ("", ""),
])
def test_clean_url_adds_https_and_keeps_http(typed, stored):
    assert rules.clean_url(typed) == stored


@pytest.mark.parametrize("typed", [
    "javascript:alert(1)", "mailto:contact@exemple.fr", "ftp://exemple.fr", "pas une adresse",
    "https://" + "a" * 500 + ".fr",
])
def test_clean_url_refuses_other_schemes_and_garbage(typed):
    with pytest.raises(ValidationError) as exc:
        rules.clean_url(typed)
    assert "adresse" in exc.value.messages[0]


def test_clean_email_lowercases_and_refuses_garbage():
    assert rules.clean_email(" Contact@Exemple.FR ") == "contact@exemple.fr"
    with pytest.raises(ValidationError, match="adresse e-mail valide"):
        rules.clean_email("contact@")


@pytest.mark.parametrize(("typed", "stored"), [
    ("02 48 00 00 00", "+33248000000"),
    ("02.48.00.00.00", "+33248000000"),
    ("+33 2 48 00 00 00", "+33248000000"),
    ("0033248000000", "+33248000000"),
])
def test_clean_phone_stores_e164(typed, stored):
    assert rules.clean_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "02 48 00", "+44 20 7946 0958", "abc"])
def test_clean_phone_refuses_invalid_and_foreign_numbers(typed):
    with pytest.raises(ValidationError, match="numéro de téléphone valide"):
        rules.clean_phone(typed)


def test_list_rules_dedupe_and_report_each_bad_value():
    assert rules.clean_phones(["02 48 00 00 00", "+33248000000"]) == ["+33248000000"]
    with pytest.raises(ValidationError) as exc:
        rules.clean_emails(["a@b.fr", "x", "y"])
    assert len(exc.value.messages) == 2
    assert rules.clean_urls([]) == []


def test_clean_siret_accepts_spaces_and_checks_luhn():
    assert rules.clean_siret("732 829 320 00074") == "73282932000074"
    with pytest.raises(ValidationError, match="mal recopié"):
        rules.clean_siret("73282932000075")
    with pytest.raises(ValidationError, match="14 chiffres"):
        rules.clean_siret("7328293200")


def test_clean_pivot_siret_rna_and_unknown():
    assert rules.clean_pivot("732 829 320 00074") == "73282932000074"
    assert rules.clean_pivot("W451012345") == "W451012345"
    assert rules.clean_pivot("00000000000000") == ""
    with pytest.raises(ValidationError):
        rules.clean_pivot("73282932000075")


def test_clean_postcode_and_insee():
    assert rules.clean_postcode("18 100") == "18100"
    assert rules.clean_postcode("1000") == "01000"
    with pytest.raises(ValidationError, match="5 chiffres"):
        rules.clean_postcode("ABCDE")
    assert rules.clean_insee("2a004") == "2A004"
    with pytest.raises(ValidationError, match="INSEE"):
        rules.clean_insee("20004")


def test_clean_opening_hours_delegates_to_the_parser():
    assert rules.clean_opening_hours("Mo-Fr  09:00-12:00") == "Mo-Fr 09:00-12:00"
    with pytest.raises(ValidationError, match="format attendu"):
        rules.clean_opening_hours("lundi matin")


def test_every_rule_has_a_french_label():
    assert set(rules.FIELD_RULES) <= set(rules.FIELD_LABELS)
    assert rules.field_label("telephones") == "Téléphones"
    assert rules.clean_field("code_postal", "1000") == "01000"
    assert rules.clean_field("nom", " X ") == " X "


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("telephones", ["+33248000000", "+33612345678"], "02 48 00 00 00, 06 12 34 56 78"),
    ("typologie", ["BIB", "ASSO"], "Bibliothèque / Médiathèque, Associations"),
    ("offers", ["fablab"], "Accès à un fab lab ou un atelier de fabrication"),
    ("is_fictional", True, "Oui"),
    ("is_fictional", False, "Non"),
    ("services", [], ""),
    ("date_maj", "2025-03-01", "1 mars 2025"),
    ("date_maj", dt.date(2025, 3, 1), "1 mars 2025"),
    ("status", "published", "Publié"),
    ("nom", "La Fabrique", "La Fabrique"),
])
def test_display_value_reads_as_people_read(field, value, shown):
    assert rules.display_value(field, value) == shown
