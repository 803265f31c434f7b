import pytest
from django import forms

from assonum.territory.forms import CommuneField
from tests.territory.factories import CommuneFactory, DepartmentFactory, make_real_communes

pytestmark = pytest.mark.django_db


class PlaceForm(forms.Form):
    commune = CommuneField(label="Commune")


class OptionalForm(forms.Form):
    commune = CommuneField(label="Commune", required=False)


@pytest.fixture(autouse=True)
def communes():
    return make_real_communes()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Orléans", "45234"),
        ("orleans", "45234"),
        ("Orléans (45)", "45234"),
        ("Orléans 45000", "45234"),
        ("45000 Orléans", "45234"),
        ("45234", "45234"),
        ("45000", "45234"),
        ("37000", "37261"),
        ("Tours (37)", "37261"),
        ("saint jean de braye", "45284"),
        ("St-Jean-de-Braye (45)", "45284"),
        ("Vineuil (41)", "41295"),
        ("Vineuil (36)", "36247"),
        ("Vineuil 36110", "36247"),
        ("  Châteauroux  ", "36044"),
    ],
)
def test_valid_values(typed, code):
    form = PlaceForm(data={"commune": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"].code == code


def test_unknown_commune_message_and_value_kept():
    form = PlaceForm(data={"commune": "xyz"})
    assert not form.is_valid()
    assert form.errors["commune"] == ["Aucune commune ne correspond à « xyz » dans la région."]
    assert 'value="xyz"' in str(form["commune"])


def test_ambiguous_name_asks_for_department():
    form = PlaceForm(data={"commune": "Vineuil"})
    assert not form.is_valid()
    (message,) = form.errors["commune"]
    assert "Plusieurs communes correspondent à « Vineuil »" in message
    assert "Vineuil (36)" in message and "Vineuil (41)" in message
    assert "département" in message and "code postal" in message
    assert 'value="Vineuil"' in str(form["commune"])


def test_postal_code_shared_by_several_communes_is_ambiguous():
    form = PlaceForm(data={"commune": "36120"})  # Ardentes, Étrechet, Jeu-les-Bois
    assert not form.is_valid()
    assert "Plusieurs communes" in form.errors["commune"][0]


def test_code_both_insee_and_postal_is_ambiguous():
    # 36120 is the postal code of Ardentes (and others) and the INSEE code of Mers-sur-Indre.
    make_real_communes(["36005"])
    CommuneFactory(code="36120", name="Mers-sur-Indre", department=DepartmentFactory(code="36"),
                   postal_codes=["36230"])
    form = PlaceForm(data={"commune": "36120"})
    assert not form.is_valid()
    assert "Mers-sur-Indre (36)" in form.errors["commune"][0]
    assert "Ardentes (36)" in form.errors["commune"][0]
    form = PlaceForm(data={"commune": "Mers-sur-Indre (36)"})
    assert form.is_valid() and form.cleaned_data["commune"].code == "36120"


def test_wrong_department_is_not_found():
    form = PlaceForm(data={"commune": "Orléans (37)"})
    assert not form.is_valid()
    assert "Aucune commune" in form.errors["commune"][0]


def test_required_and_optional():
    form = PlaceForm(data={"commune": "  "})
    assert not form.is_valid()
    assert form.errors["commune"] == ["Indiquez une commune."]
    optional = OptionalForm(data={"commune": ""})
    assert optional.is_valid()
    assert optional.cleaned_data["commune"] is None


def test_commune_outside_region_is_refused(settings):
    settings.REGION_CODE = "52"
    form = PlaceForm(data={"commune": "Orléans"})
    assert not form.is_valid()


def test_initial_commune_or_code_is_displayed_as_label(communes):
    html = str(PlaceForm(initial={"commune": communes["45234"]})["commune"])
    assert 'value="Orléans (45)"' in html
    # A ModelForm gives the foreign key's value (the INSEE code) as initial.
    html = str(PlaceForm(initial={"commune": "37261"})["commune"])
    assert 'value="Tours (37)"' in html
    assert 'data-commune-autocomplete' in html
    assert 'data-source="/api/v1/communes"' in html
    assert 'autocomplete="off"' in html


def test_has_changed(communes):
    form = PlaceForm(initial={"commune": "45234"}, data={"commune": "Orléans (45)"})
    assert not form.has_changed()
    form = PlaceForm(initial={"commune": "45234"}, data={"commune": "Tours"})
    assert form.has_changed()


class NearForm(forms.Form):
    pres_de = CommuneField(label="Près de la commune", required=False, postal_code_area=True)


def test_a_shared_postal_code_means_its_area_for_a_near_search():
    # 36120: Ardentes (3,860 inhabitants), Étrechet (1,008), Jeu-les-Bois (394). An address
    # must say which commune; a "near" search looks around the most populous one.
    form = NearForm(data={"pres_de": "36120"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["pres_de"].name == "Ardentes"
    assert not PlaceForm(data={"commune": "36120"}).is_valid()


def test_a_code_that_is_also_an_insee_code_is_still_asked_for_a_near_search():
    CommuneFactory(code="36120", name="Mers-sur-Indre", department=DepartmentFactory(code="36"),
                   postal_codes=["36230"])
    form = NearForm(data={"pres_de": "36120"})
    assert not form.is_valid()
    assert "Mers-sur-Indre (36)" in form.errors["pres_de"][0]
