import pytest

from assonum.territory.models import Commune, normalize_name
from assonum.territory.search import search_communes
from tests.territory.factories import CommuneFactory, make_real_communes

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return make_real_communes()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Orléans", "orleans"),
        ("Saint-Jean-de-Braye", "st jean de braye"),
        ("Sainte-Maure-de-Touraine", "ste maure de touraine"),
        ("L'Île-Bouchard", "l ile bouchard"),
        ("  ST-JEAN  de la Ruelle ", "st jean de la ruelle"),
        ("Saintes", "saintes"),
        ("Œuilly", "oeuilly"),
    ],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


def test_search_name_is_filled_on_save():
    commune = CommuneFactory(name="Sainte-Lizaigne", postal_codes=["36260"])
    commune.refresh_from_db()
    assert commune.search_name == "ste lizaigne"
    assert commune.postal_codes_search == " 36260 "


@pytest.mark.parametrize("q", ["orleans", "Orléans", "ORLEANS", "orléans", "Orlé"])
def test_search_by_name_ignores_accents_and_case(communes, q):
    results = search_communes(q)
    assert results[0].code == "45234"


@pytest.mark.parametrize("q", ["st jean", "saint jean", "Saint-Jean", "ST-JEAN"])
def test_saint_and_st_are_the_same(communes, q):
    codes = [c.code for c in search_communes(q)]
    # Both Saint-Jean communes, the bigger one first.
    assert codes == ["45284", "45285"]


def test_several_words_all_must_match(communes):
    assert [c.code for c in search_communes("jean ruelle")] == ["45285"]


def test_prefix_ranked_before_contains(communes):
    # "bo": Bourges starts with it; Jeu-les-Bois has a word starting with it; "Chambon" only
    # contains it (and is given the biggest population, to show the rank comes first).
    chambon = CommuneFactory(name="Chambon", population=500000)
    codes = [c.code for c in search_communes("bo")]
    assert codes == ["18033", "36089", chambon.code]


def test_bigger_population_first_among_equals(communes):
    codes = [c.code for c in search_communes("vineuil")]
    assert codes == ["41295", "36247"]  # 7,815 inhabitants before 1,228


@pytest.mark.parametrize(("q", "code"), [("37000", "37261"), ("37100", "37261"), ("45000", "45234"),
                                         ("45100", "45234"), ("45234", "45234")])
def test_search_by_postal_or_insee_code(communes, q, code):
    assert search_communes(q)[0].code == code


def test_postal_code_prefix(communes):
    codes = {c.code for c in search_communes("361")}
    assert codes == {"36093", "36247", "36005", "36063", "36071", "36057", "36089"}


def test_nothing_found_and_too_short(communes):
    assert search_communes("xyzzy") == []
    assert search_communes("o") == []
    assert search_communes("") == []


def test_limit(communes):
    assert len(search_communes("e", limit=3)) == 0  # too short
    assert len(search_communes("36", limit=3)) == 3


def test_only_the_configured_region(communes, settings):
    settings.REGION_CODE = "52"
    assert search_communes("orleans") == []
    assert Commune.objects.in_region().count() == 0


def test_search_is_one_query(communes, django_assert_num_queries):
    with django_assert_num_queries(1):
        results = search_communes("st jean")
        [c.department.name for c in results]


# --- communes whose name has an article (INSEE type_nom) ---------------------------------------


@pytest.fixture
def article_communes():
    make_real_communes()
    from tests.territory.factories import make_article_communes

    return make_article_communes()


@pytest.mark.parametrize("q", ["le blanc", "Le Blanc", "LE-BLANC", "blanc", "36300"])
def test_le_blanc_first(article_communes, q):
    # Saint-Jean-le-Blanc has more inhabitants; Le Blanc is still the first answer.
    results = search_communes(q)
    assert results[0].code == "36018"
    assert results[0].label == "Le Blanc (36)"
    if q != "36300":
        assert "45286" in [c.code for c in results]


@pytest.mark.parametrize(
    ("q", "code"),
    [("la chatre", "36046"), ("La Châtre", "36046"), ("chatre", "36046"),
     ("les aix d'angillon", "18003"), ("aix-d'angillon", "18003"),
     ("l'ile-bouchard", "37119"), ("ile bouchard", "37119"), ("L'Île-Bouchard", "37119"),
     ("la riche", "37195")],
)
def test_names_with_article_found_with_or_without_it(article_communes, q, code):
    assert search_communes(q)[0].code == code


def test_la_chatre_before_la_chatre_langlin(article_communes):
    assert [c.code for c in search_communes("la chatre")][:2] == ["36046", "36047"]
