"""Files of the standard's schema v0.x (2021-2023 exports): every old value mapped to v1.0.2,
real commune spellings recognised, no place lost for one bad field, a report that fits a screen."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from assonum.directory import vocabularies as voc
from assonum.directory.importing import import_places
from assonum.directory.models import Place
from assonum.territory import services as territory
from assonum.territory.models import Commune

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(django_settings.BASE_DIR) / "assonum" / "directory" / "schema"
V0_SCHEMA = json.loads((SCHEMA_DIR / "lieux-mediation-numerique-0.1.1.json").read_text())
V1_SCHEMA = json.loads((SCHEMA_DIR / "lieux-mediation-numerique-1.0.2.json").read_text())
REGIONAL = Path(__file__).parent / "fixtures" / "region-centre-v0-400.csv"

HEADER = ("id;pivot;nom;commune;code_postal;code_insee;adresse;date_maj;services;"
          "publics_accueillis;conditions_acces;labels_nationaux;modalites_accompagnement")


def v0_values(name: str) -> list[str]:
    """The enumeration of a v0.1.1 field, read from its pattern ``(?:(?:^|;)(A|B))+$``."""
    field = next(f for f in V0_SCHEMA["fields"] if f["name"] == name)
    return _alternatives(field["constraints"]["pattern"])


def _alternatives(pattern: str) -> list[str]:
    """``(?:(?:^|;)(A|B))+$`` (v0.1.1) or ``(?:(?:^|\\|)(A|B))+$`` (v1.0.2) -> [A, B]."""
    body = re.search(r"\)\((.*)\)\)\+\$", pattern).group(1)
    return [re.sub(r"\\(.)", r"\1", v) for v in re.split(r"(?<!\\)\|", body)]


def v1_values(name: str) -> set[str]:
    field = next(f for f in V1_SCHEMA["fields"] if f["name"] == name)
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        return set(constraints["enum"])
    items = field.get("arrayItem", {}).get("constraints", {}).get("enum")
    if items:
        return set(items)
    return set(_alternatives(constraints["pattern"]))


# What each v0.1.1 value must become (written from the standard's change notes, independently
# of vocabularies.V0_VALUES): {v1 field: [values]}; {} = no equivalent.
PSA, PEC = "publics_specifiquement_adresses", "prise_en_charge_specifique"
DPN, FL = "dispositif_programmes_nationaux", "formations_labels"
AID, MAI = "Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"
COMP, INS = "Compréhension du monde numérique", "Insertion professionnelle via le numérique"
ACC = "Accès internet et matériel informatique"
EXPECTED = {
    "services": {
        "Devenir autonome dans les démarches administratives": {"services": [AID]},
        "Réaliser des démarches administratives avec un accompagnement": {"services": [AID]},
        "Accompagner les démarches de santé": {"services": [AID]},
        "Prendre en main un smartphone ou une tablette": {"services": [MAI]},
        "Prendre en main un ordinateur": {"services": [MAI]},
        "Utiliser le numérique au quotidien": {"services": [MAI]},
        "Approfondir ma culture numérique": {"services": [COMP]},
        "Promouvoir la citoyenneté numérique": {"services": [COMP]},
        "Favoriser mon insertion professionnelle": {"services": [INS]},
        "Créer et développer mon entreprise": {"services": [INS]},
        "Accéder à une connexion internet": {"services": [ACC]},
        "Accéder à du matériel": {"services": [ACC]},
        "S'équiper en matériel informatique":
            {"services": ["Acquisition de matériel informatique à prix solidaire"]},
        "Créer avec le numérique": {"services": ["Loisirs et créations numériques"]},
        "Soutenir la parentalité et l'éducation avec le numérique":
            {"services": ["Parentalité et éducation avec le numérique"]},
    },
    "publics_accueillis": {
        "Seniors (+ 65 ans)": {PSA: ["Seniors"]},
        "Familles/enfants": {PSA: ["Familles et/ou enfants"]},
        "Adultes": {},
        "Jeunes (16-26 ans)": {PSA: ["Jeunes"]},
        "Public langues étrangères": {PEC: ["Langues étrangères (autres)"]},
        "Déficience visuelle": {PEC: ["Déficience visuelle"]},
        "Surdité": {PEC: ["Surdité"]},
        "Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes "
        "comportementales": {PEC: ["Handicaps mentaux"]},
        "Handicaps mentaux : déficiences limitant les activités d'une personne":
            {PEC: ["Handicaps mentaux"]},
        "Uniquement femmes": {PSA: ["Femmes"]},
        "Personnes en situation d'illettrisme": {PEC: ["Illettrisme"]},
    },
    "conditions_acces": {
        "Gratuit : Je peux accéder gratuitement au lieu et à ses services":
            {"frais_a_charge": ["Gratuit"]},
        "Gratuit sous condition : La gratuité est conditionnée à des critères (situation "
        "familiale, convention avec un organisme social...)":
            {"frais_a_charge": ["Gratuit sous condition"]},
        "Payant : L'accès au lieu et/ou à ses services est payant": {"frais_a_charge": ["Payant"]},
        "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au "
        "lieu": {"frais_a_charge": ["Gratuit sous condition"]},
        "Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer":
            {"frais_a_charge": ["Payant"]},
    },
    "labels_nationaux": {
        "France Services": {DPN: ["France Services"]},
        "CNFS": {DPN: ["Conseillers numériques"]},
        "APTIC": {"autres_formations_labels": "APTIC"},
        "Aidants Connect": {DPN: ["Aidants Connect"]},
        "Fabriques de Territoire": {FL: ["Fabriques de Territoire"]},
        "Grandes écoles du numérique": {DPN: ["Grande école du numérique"]},
        "Point relais CAF": {DPN: ["Point d'accès numérique CAF"]},
        "Point numérique CAF": {DPN: ["Point d'accès numérique CAF"]},
        "Relais pôle emploi": {"autres_formations_labels": "Relais pôle emploi"},
        "French Tech": {"autres_formations_labels": "French Tech"},
        "Campus connecté": {"autres_formations_labels": "Campus connecté"},
    },
    "modalites_accompagnement": {
        "Seul : j'ai accès à du matériel et une connexion":
            {"modalites_accompagnement": ["En autonomie"]},
        "Avec de l'aide : je suis accompagné seul dans l'usage du numérique":
            {"modalites_accompagnement": ["Accompagnement individuel"]},
        "Dans un atelier : j'apprends collectivement à utiliser le numérique":
            {"modalites_accompagnement": ["Dans un atelier collectif"]},
        "A ma place : une personne habilitée fait les démarches à ma place":
            {"modalites_accompagnement": ["Accompagnement individuel"]},
    },
}
CASES = [(field, value) for field in EXPECTED for value in v0_values(field)]
LIST_FIELDS = ("services", PSA, PEC, "frais_a_charge", DPN, FL, "modalites_accompagnement")


def test_every_value_of_the_v0_enumerations_has_an_expectation():
    for field, values in EXPECTED.items():
        assert sorted(values) == sorted(v0_values(field)), field


@pytest.mark.parametrize(("field", "value"), CASES, ids=[f"{f}:{v[:30]}" for f, v in CASES])
def test_each_v0_value_is_imported_as_its_v1_equivalent(field, value):
    from tests.territory.factories import make_real_communes

    make_real_communes(["37261"])
    cells = {"id": "v0-1", "pivot": "21370261700019", "nom": "EPN des Halles",
             "commune": "Tours", "code_postal": "37000", "code_insee": "37261",
             "adresse": "12 place Gaston Paillhou", "date_maj": "2022-06-02", field: value}
    row = ";".join(f'"{cells.get(c, "")}"' for c in HEADER.split(";"))
    run = import_places(file=f"{HEADER}\n{row}\n".encode(), source="v0")
    assert (run.imported, run.rejected) == (1, 0), run.report
    place = Place.objects.get()
    expected = EXPECTED[field][value]
    for name in LIST_FIELDS:
        assert getattr(place, name) == expected.get(name, []), name
    assert place.autres_formations_labels == expected.get("autres_formations_labels", "")
    for name in LIST_FIELDS:
        assert set(getattr(place, name)) <= v1_values(name), name  # the standard's own spelling
    unknown = [w for w in run.warnings if "inconnue" in w["reason"]]
    assert unknown == []
    if not expected or "autres_formations_labels" in expected:
        # No equivalent in v1.0.2: said once, with the value.
        [note] = [w for w in run.warnings if "sans équivalent" in w["reason"]]
        assert value in note["reason"] and note["count"] == 1


@pytest.fixture
def region_24(settings):
    settings.REGION_CODE = "24"
    territory.load_territory(region_code="24")


def test_a_regional_v0_export_of_400_places(region_24, capsys):
    """Every row accounted for, nothing rejected as out of region when its postal code is in the
    region, every "Gratuit" place still free, communes named with their article."""
    import csv

    rows = list(csv.DictReader(REGIONAL.open(encoding="utf-8"), delimiter=";"))
    run = import_places(file=REGIONAL, source="cvl-v0")
    assert run.rows == len(rows) == 400
    assert run.imported + run.rejected == run.rows
    region_postcodes = {p for c in Commune.objects.in_region() for p in c.postal_codes}
    rejected_lines = {e["line"] for e in run.errors}
    assert len(rejected_lines) == run.rejected == 4  # the two without a name, the two in Paris
    for line in rejected_lines:
        assert rows[line - 2]["code_postal"] not in region_postcodes or not rows[line - 2]["nom"]
    assert run.out_of_region == 2

    places = {p.source_id: p for p in Place.objects.filter(source="cvl-v0")}
    assert len(places) == 396
    official = dict(Commune.objects.values_list("code", "name"))
    for number, row in enumerate(rows, start=2):
        if number in rejected_lines:
            continue
        place = places[row["id"]]
        assert place.commune_id, (row["commune"], row["code_postal"])  # every commune recognised
        assert place.commune_nom == official[place.commune_id]
        conditions = row["conditions_acces"]
        if conditions.startswith("Gratuit :") or ";Gratuit :" in conditions:
            assert "Gratuit" in place.frais_a_charge, row["id"]
        assert place.services and set(place.services) <= set(voc.SERVICES)
    assert sum("Gratuit" in p.frais_a_charge for p in places.values()) >= 130
    # "chambéry@accorderie.fr" is not an address: dropped with a warning, the place is kept.
    assert places["cvl-0017"].courriels == []
    assert places["cvl-0029"].telephones == []
    assert any(w["field"] == "courriels" and 18 in w["lines"] for w in run.warnings)  # row 17
    with_article = [p for p in places.values() if p.commune_nom.startswith(("Le ", "La ", "Les "))]
    assert len(with_article) >= 80

    # One screen: a few dozen grouped lines for 400 rows.
    assert len(run.warnings) <= 30, [w["reason"] for w in run.warnings]
    call_command("import_places", str(REGIONAL), "--source", "cvl-v0", "--dry-run")
    out = capsys.readouterr().out
    assert len(out.splitlines()) <= 60
    assert out.count("cle_ban") == 1  # the v0 column without equivalent, said once
    assert "sans équivalent en v1.0.2" in out


@pytest.mark.parametrize(("commune", "postal", "code"), [
    ("LA CHATRE", "36400", "36046"),
    ("Chatre (La)", "36400", "36046"),
    ("la châtre", "36400", "36046"),
    ("Le Blanc", "36300", "36018"),
    ("BLANC (LE)", "36300", "36018"),
    ("St Jean le Blanc", "45650", "45286"),
    ("Saint Jean de Braye", "45800", "45284"),
    ("L ILE BOUCHARD", "37220", "37119"),
    ("Les Aix d'Angillon", "18220", "18003"),
    ("Orléans Cedex 1", "45044", "45234"),  # a CEDEX code: the name in the department
    ("Auneau", "28700", "28015"),  # merged into Auneau-Bleury-Saint-Symphorien in 2016
    ("Joue les Tours", "37300", "37122"),
])
def test_commune_recognised_by_postal_code_and_tolerant_name(region_24, commune, postal, code):
    header = "id;nom;commune;code_postal;adresse;date_maj"
    row = f"x1;Lieu;{commune};{postal};1 rue de la Gare;2022-01-01"
    run = import_places(file=f"{header}\n{row}\n".encode(), source="t")
    assert (run.imported, run.rejected, run.out_of_region) == (1, 0, 0), run.report
    place = Place.objects.get()
    assert place.commune_id == code
    assert place.commune_nom == Commune.objects.get(code=code).name


def test_lyon_marseille_and_annecy_in_their_region(settings):
    """Region 84: Lyon by an arrondissement's postal or INSEE code; former communes of Annecy;
    names written loosely."""
    settings.REGION_CODE = "84"
    territory.load_territory(region_code="84")
    header = "id;nom;commune;code_postal;code_insee;adresse;date_maj"
    rows = [
        "a;Lieu A;Lyon;69008;;10 avenue des Frères Lumière;2023-01-01",
        "b;Lieu B;Lyon 3e;69003;69383;1 rue Garibaldi;2023-01-01",
        "c;Lieu C;Seynod;74600;;1 place de l'Hôtel-de-Ville;2023-01-01",
        "d;Lieu D;Pringy;74370;74217;1 place Georges-Boileau;2023-01-01",
        "e;Lieu E;Pont du château;63430;;1 place de la Mairie;2023-01-01",
        "f;Lieu F;LA PACAUDIERE;42310;;1 rue Centrale;2023-01-01",
        "g;Lieu G;Ardes sur couze;63420;;1 place de l'Église;2023-01-01",
        "h;Lieu H;Le Puy-en-Velay;43000;;1 place du Martouret;2023-01-01",
        "i;Lieu I;L'Arbresle;69210;;1 place de la République;2023-01-01",
    ]
    run = import_places(file=("\n".join([header, *rows]) + "\n").encode(), source="t")
    assert (run.imported, run.rejected, run.out_of_region) == (9, 0, 0), run.report
    by_id = {p.source_id: p for p in Place.objects.all()}
    assert by_id["a"].commune_id == by_id["b"].commune_id == "69123"
    assert by_id["c"].commune_id == by_id["d"].commune_id == "74010"
    assert by_id["e"].commune_nom == "Pont-du-Château"
    assert by_id["f"].commune_nom == "La Pacaudière"
    [ardes] = [c for c in Commune.objects.filter(name__startswith="Ardes")
               if "63420" in c.postal_codes]
    assert by_id["g"].commune_id == ardes.code
    assert by_id["h"].commune_nom == "Le Puy-en-Velay"
    assert by_id["i"].commune_nom == "L'Arbresle"
    assert not run.warnings or all("non reconnue" not in w["reason"] for w in run.warnings)


def test_report_of_5000_rows_fits_on_a_screen(region_24):
    """Warnings and errors are grouped (value, count, first lines), not listed row by row."""
    import io

    from assonum.directory.management.commands.import_places import write_summary

    lines = REGIONAL.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    big = [header] + [
        row.replace("cvl-", f"r{copy:02d}-", 1) for copy in range(13) for row in rows
    ][:5000]
    run = import_places(file=("\n".join(big) + "\n").encode(), source="big", dry_run=True)
    assert run.rows == 5000 and run.imported + run.rejected == 5000
    assert run.rejected == 52  # 4 per copy of the 400 rows: 12 copies, then rows 1-200 again
    assert len(run.warnings) <= 30
    adultes = next(w for w in run.warnings if "« Adultes »" in w["reason"])
    assert adultes["count"] > 500 and len(adultes["lines"]) == 5
    assert len(run.error_groups) == 2  # "no name" and "outside the region", with their counts
    assert sorted(g["count"] for g in run.error_groups) == [26, 26]
    out = io.StringIO()

    class Out:
        def write(self, text):
            out.write(text + "\n")

    write_summary(Out(), run)
    assert len(out.getvalue().splitlines()) <= 60
    assert "5000 lignes" in out.getvalue()


def test_communes_exported_with_their_article(client):
    from tests.territory.factories import make_article_communes

    make_article_communes()
    header = "id;nom;commune;code_postal;adresse;date_maj"
    rows = ["a;Lieu A;BLANC (LE);36300;1 rue de la Gare;2022-01-01",
            "b;Lieu B;La Chatre;36400;1 rue Nationale;2022-01-01",
            "c;Lieu C;ILE BOUCHARD;37220;1 place Bouchard;2022-01-01",
            "d;Lieu D;Aix d'Angillon (Les);18220;1 rue du Château;2022-01-01"]
    run = import_places(file=("\n".join([header, *rows]) + "\n").encode(), source="t")
    assert run.imported == 4, run.report
    response = client.get("/annuaire/export.csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode()
    for name in ("Le Blanc", "La Châtre", "L'Île-Bouchard", "Les Aix-d'Angillon"):
        assert f",{name}," in body or f',"{name}",' in body, name


def test_only_what_a_place_cannot_lack_rejects_it():
    from tests.territory.factories import make_article_communes

    make_article_communes()
    header = ("id;pivot;nom;commune;code_postal;code_insee;adresse;latitude;longitude;courriel;"
              "date_maj")
    rows = [
        # no commune name, but its INSEE code: imported, named from the code
        "a;;Lieu A;;;36018;1 rue de la Gare;;;;2022-01-01",
        # no address but a position; a bad e-mail, no id, no date: imported with warnings
        ";;Lieu B;La Châtre;36400;;;46,58;1,98;chambéry@accorderie.fr;",
        # nothing to place it: no address, no position
        "c;;Lieu C;La Châtre;36400;;;;;;2022-01-01",
        # no commune at all
        "d;;Lieu D;;;;2 rue Haute;;;;2022-01-01",
    ]
    run = import_places(file=("\n".join([header, *rows]) + "\n").encode(), source="t")
    assert (run.rows, run.imported, run.rejected) == (4, 2, 2), run.report
    assert {e["line"] for e in run.errors} == {4, 5}
    a = Place.objects.get(source_id="a")
    assert (a.commune_nom, a.code_postal) == ("Le Blanc", "36300")
    b = Place.objects.get(nom="Lieu B")
    assert b.source_id.startswith("sans-id-") and b.courriels == [] and b.adresse == ""
    again = import_places(file=("\n".join([header, *rows]) + "\n").encode(), source="t")
    assert (again.created, again.updated) == (0, 2)  # the computed id is stable
