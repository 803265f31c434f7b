"""Import of places: the standard's own example, a 2021-era regional file in schema v0.x,
options."""

from pathlib import Path

import pytest
from django.core.management import call_command

from assonum.directory.importing import import_places
from assonum.directory.models import DuplicateCandidate, ImportRun, Place
from tests.territory.factories import make_real_communes

from .factories import PlaceFactory

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "exemple-valide.csv"
REGIONAL_V0 = FIXTURES / "region-centre-2021-v0.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return make_real_communes()


def errors_by_line(run):
    result = {}
    for error in run.errors:
        result.setdefault(error["line"], []).append(error)
    return result


def test_standard_example_is_reported_outside_the_region_by_default(communes):
    run = import_places(file=EXAMPLE, source="exemple")
    assert run.state == ImportRun.State.DONE
    assert (run.rows, run.imported, run.rejected, run.out_of_region) == (1, 0, 1, 1)
    [error] = run.errors
    assert error["line"] == 2
    assert error["field"] == "code_insee"
    assert "hors de la région" in error["reason"]
    assert not Place.objects.exists()


def test_standard_example_imports_every_field_when_outside_places_are_accepted(settings):
    settings.DIRECTORY_ACCEPT_OUTSIDE_REGION = True
    run = import_places(file=EXAMPLE, source="exemple")
    assert (run.rows, run.imported, run.created, run.rejected) == (1, 1, 1, 0), run.report
    assert run.format_detected.startswith("CSV (UTF-8, virgule")
    place = Place.objects.get()
    assert (place.source, place.source_id) == ("exemple", "structure-1")
    assert place.status == Place.Status.PUBLISHED
    assert place.pivot == "43493312300029"
    assert place.nom == "Anonymal"
    assert (place.commune_nom, place.code_postal, place.code_insee) == ("Reims", "51100", "51454")
    assert place.complement_adresse == "Le patio du bois de l'Aulne"
    assert (place.latitude, place.longitude) == (43.52609, 5.41423)
    assert place.typologie == ["TIERS_LIEUX", "ASSO"]
    assert place.telephones == ["+33180059880"]
    assert place.courriels == ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"]
    assert place.sites_web[1] == "https://m.facebook.com/laquincaillerienumerique/"
    assert place.horaires == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    assert place.collected_by == "Hubik"
    assert place.itinerance == ["Itinérant"]
    assert place.date_maj.isoformat() == "2024-04-02"
    assert place.services == [
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Loisirs et créations numériques",
    ]
    assert place.publics_specifiquement_adresses == ["Jeunes", "Femmes"]
    assert place.prise_en_charge_specifique == [
        "Surdité", "Illettrisme", "Langues étrangères (anglais)",
    ]
    assert place.frais_a_charge == ["Gratuit sous condition", "Payant"]
    assert place.dispositif_programmes_nationaux == [
        "Aidants Connect", "Conseillers numériques", "La Croix Rouge",
    ]
    assert place.formations_labels == [
        "Formé à « Mon Espace Santé »", "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
    ]
    assert place.autres_formations_labels == "Label et la bête"
    assert place.modalites_acces == ["Se présenter", "Téléphoner"]
    assert place.modalites_accompagnement == [
        "Dans un atelier collectif", "À distance", "En autonomie", "Accompagnement individuel"
    ]
    assert place.fiche_acces_libre.startswith("https://acceslibre.beta.gouv.fr/")
    assert place.prise_rdv == "https://www.rdv-solidarites.fr/"
    assert place.commune is None  # Reims is not among the loaded communes


def test_regional_v0_file_imports_good_rows_and_reports_each_bad_one(communes):
    run = import_places(file=REGIONAL_V0, source="crcvl-2021")
    assert run.state == ImportRun.State.DONE
    assert run.rows == 15
    assert run.imported + run.rejected == run.rows
    assert (run.imported, run.rejected, run.out_of_region) == (10, 5, 1)
    assert run.format_detected == "CSV (UTF-8, point-virgule)"
    by_line = errors_by_line(run)
    # Only what a place cannot lack rejects a row.
    expected = {
        5: ("ligne", "colonnes"),  # an unquoted ";" in the opening hours shifts the columns
        7: ("nom", "obligatoire"),
        # "37 OOO" and a commune that is not loaded: no commune to attach the place to
        8: ("code_postal", "commune non reconnue"),
        11: ("code_insee", "hors de la région"),
        16: ("id", "ligne 2"),
    }
    assert set(by_line) == set(expected)
    for line, (field, words) in expected.items():
        assert any(
            e["field"] == field and words in e["reason"] for e in by_line[line]
        ), by_line[line]
    assert all(e["reason"] for e in run.errors)
    assert Place.objects.count() == 10
    # A bad optional value is dropped with a warning; the place is imported.
    dropped = {
        8: ("code_postal", "37 OOO"),
        9: ("telephone", "02 54 00"),
        10: ("latitude", "quarante-six"),
        12: ("date_maj", "2021-13-45"),
        15: ("pivot", "ABC"),
    }
    for line, (field, value) in dropped.items():
        assert any(line in w["lines"] and w["field"] == field
                   and any(value in e for e in w["examples"]) for w in run.warnings), (line, field)
    assert Place.objects.get(source_id="crcvl-0008").telephones == []
    ardentes = Place.objects.get(source_id="crcvl-0009")
    assert (ardentes.latitude, ardentes.commune_id) == (None, "36005")
    assert Place.objects.get(source_id="crcvl-0014").pivot == ""

    tours = Place.objects.get(source_id="crcvl-0001")
    assert tours.commune_id == "37261"
    assert tours.telephones == ["+33247000000"]
    assert tours.courriels == ["epn.halles@exemple-tours.fr"]
    assert tours.sites_web == ["https://www.exemple-tours.fr/epn"]
    assert (tours.latitude, tours.longitude) == (47.3931, 0.6823)
    assert tours.services == [
        "Maîtrise des outils numériques du quotidien",
        "Aide aux démarches administratives",
        "Accès internet et matériel informatique",
    ]
    assert tours.publics_specifiquement_adresses == ["Seniors"]
    assert tours.frais_a_charge == ["Gratuit"]
    assert tours.dispositif_programmes_nationaux == ["Conseillers numériques", "Aidants Connect"]
    assert tours.autres_formations_labels == "Label Numérique Inclusif"
    assert tours.modalites_accompagnement == ["En autonomie", "Dans un atelier collectif"]
    assert tours.fiche_acces_libre.startswith("https://acceslibre")

    orleans = Place.objects.get(source_id="crcvl-0002")
    assert orleans.typologie == ["BIB", "MUNI"]  # "," between values
    assert orleans.services == [
        "Maîtrise des outils numériques du quotidien", "Compréhension du monde numérique"
    ]
    assert orleans.publics_specifiquement_adresses == ["Familles et/ou enfants", "Jeunes"]
    assert orleans.dispositif_programmes_nationaux == ["Bibliothèques numérique de référence"]
    assert orleans.modalites_accompagnement == ["Accompagnement individuel"]

    chateauroux = Place.objects.get(source_id="crcvl-0003")
    assert chateauroux.commune_id == "36044"  # linked by postal code + name
    assert chateauroux.code_insee == "36044"
    assert chateauroux.frais_a_charge == ["Gratuit", "Gratuit sous condition"]
    assert chateauroux.autres_formations_labels == "APTIC"

    blois = Place.objects.get(source_id="crcvl-0005")
    assert blois.date_maj.isoformat() == "2021-03-15"
    vineuil = Place.objects.get(source_id="crcvl-0013")
    assert vineuil.commune_id == "41295"  # the Vineuil of postal code 41350, not the Indre one
    chartres = Place.objects.get(source_id="crcvl-0012")
    assert chartres.services == ["Maîtrise des outils numériques du quotidien"]
    assert any(
        w["line"] == 13 and w["field"] == "services" and "Cuisine moléculaire" in w["reason"]
        for w in run.warnings
    )


def test_reimport_updates_instead_of_duplicating(communes):
    import_places(file=REGIONAL_V0, source="crcvl-2021")
    place = Place.objects.get(source_id="crcvl-0001")
    place.nom = "Changé à la main"
    place.save()
    ids = set(Place.objects.values_list("pk", flat=True))

    run = import_places(file=REGIONAL_V0, source="crcvl-2021")
    assert (run.created, run.updated, run.rejected) == (0, 10, 5)
    assert set(Place.objects.values_list("pk", flat=True)) == ids
    assert Place.objects.get(source_id="crcvl-0001").nom == "Espace public numérique des Halles"
    assert not DuplicateCandidate.objects.exists()


def test_all_or_nothing_applies_nothing_when_a_row_fails(communes):
    run = import_places(file=REGIONAL_V0, source="crcvl-2021", all_or_nothing=True)
    assert run.applied is False
    assert (run.imported, run.rejected) == (10, 5)
    assert not Place.objects.exists()


def test_all_or_nothing_applies_everything_when_every_row_is_good(communes, settings):
    settings.DIRECTORY_ACCEPT_OUTSIDE_REGION = True
    run = import_places(file=EXAMPLE, source="exemple", all_or_nothing=True)
    assert run.applied is True
    assert Place.objects.count() == 1


def test_dry_run_leaves_the_database_unchanged(communes):
    existing = PlaceFactory(pivot="21370261700019", source="autre")
    run = import_places(file=REGIONAL_V0, source="crcvl-2021", dry_run=True)
    assert run.applied is False
    assert (run.imported, run.rejected, run.duplicates) == (10, 5, 1)
    assert list(Place.objects.all()) == [existing]
    assert not DuplicateCandidate.objects.exists()
    assert ImportRun.objects.filter(pk=run.pk, dry_run=True).exists()  # the report is kept


def test_same_pivot_from_another_source_goes_to_review(communes):
    existing = PlaceFactory(pivot="21370261700019", source="autre", nom="EPN des Halles")
    run = import_places(file=REGIONAL_V0, source="crcvl-2021")
    assert (run.created, run.duplicates, run.imported) == (9, 1, 10)
    candidate = DuplicateCandidate.objects.get()
    assert candidate.existing_place == existing
    assert candidate.reason == DuplicateCandidate.Reason.SAME_PIVOT
    assert candidate.get_reason_display() == "même pivot"
    assert candidate.line == 2
    assert candidate.incoming_data["nom"] == "Espace public numérique des Halles"
    assert not Place.objects.filter(source_id="crcvl-0001").exists()  # not merged silently

    # Importing again does not pile up candidates.
    import_places(file=REGIONAL_V0, source="crcvl-2021")
    assert DuplicateCandidate.objects.count() == 1


def test_same_name_within_50_m_goes_to_review(communes):
    existing = PlaceFactory(
        source="autre", pivot="99999999999999", nom="ESPACE PUBLIC NUMÉRIQUE DES HALLES",
        latitude=47.3932, longitude=0.6824,  # about 14 m away
    )
    far = PlaceFactory(
        source="autre", pivot="88888888888888", nom="Médiathèque de la Source",
        latitude=47.85, longitude=1.95,  # about 1 km away from the imported one
    )
    run = import_places(file=REGIONAL_V0, source="crcvl-2021")
    candidate = DuplicateCandidate.objects.get()
    assert candidate.existing_place == existing
    assert candidate.reason == DuplicateCandidate.Reason.SAME_NAME_NEAR
    assert run.duplicates == 1
    assert Place.objects.filter(source_id="crcvl-0002").exists()
    assert far.duplicate_candidates.count() == 0


def test_duplicate_review_actions(communes, django_user_model):
    staff = django_user_model.objects.create_user(
        email="staff@example.org", password="x", is_staff=True,
    )
    PlaceFactory(pivot="21370261700019", source="autre")
    PlaceFactory(pivot="21450234500027", source="autre", telephones=[])
    import_places(file=REGIONAL_V0, source="crcvl-2021")
    tours, orleans = DuplicateCandidate.objects.order_by("line")

    created = tours.keep_both(staff)
    assert created.source_id == "crcvl-0001" and created.status == Place.Status.PUBLISHED
    merged = orleans.merge(staff)
    assert merged.telephones == ["+33238000001"]  # an empty field filled, nothing overwritten
    assert merged.source == "autre"
    from assonum.core.workflow import InvalidTransition

    with pytest.raises(InvalidTransition):
        orleans.ignore(staff)


def test_outside_region_is_kept_when_the_setting_allows_it(communes, settings):
    settings.DIRECTORY_ACCEPT_OUTSIDE_REGION = True
    run = import_places(file=REGIONAL_V0, source="crcvl-2021")
    assert run.out_of_region == 1
    assert (run.imported, run.rejected) == (11, 4)
    assert Place.objects.filter(source_id="crcvl-0010", commune_nom="Paris").exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(communes, encoding, delimiter):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["Identifiant", "NOM", "pivot", "Commune", "Code postal", "Adresse",
                     "Date de mise à jour", "Téléphone", "Services"])
    writer.writerow(["a1", "Café numérique Étrechet", "12345678901234", "Étrechet", "36120",
                     "2 rue de l'Église", "2021-05-01", "02 54 00 00 00",
                     "Accéder à une connexion internet;Prendre en main un ordinateur"])
    raw = out.getvalue().encode(encoding)
    run = import_places(file=raw, source="enc", file_name="lieux.csv")
    assert (run.imported, run.rejected) == (1, 0), run.report
    place = Place.objects.get()
    assert place.nom == "Café numérique Étrechet"
    assert place.commune_id == "36071"
    assert place.telephones == ["+33254000000"]
    assert place.services == [
        "Accès internet et matériel informatique", "Maîtrise des outils numériques du quotidien"
    ]


def test_json_and_geojson_files(communes):
    import json

    items = [
        {"id": "j1", "pivot": "12345678901234", "nom": "Lieu JSON", "adresse": {"voie": "1 rue A",
         "code_postal": "45000", "commune": "Orléans", "code_insee": "45234"},
         "date_maj": "2024-01-02", "services": ["Loisirs et créations numériques"]},
        "pas un objet",
    ]
    run = import_places(file=json.dumps(items).encode(), source="json", file_name="x.json")
    assert (run.rows, run.imported, run.rejected) == (2, 1, 1)
    assert run.errors[0]["line"] == 2
    assert Place.objects.get(source_id="j1").adresse == "1 rue A"

    geo = {"type": "FeatureCollection", "features": [{"type": "Feature",
           "geometry": {"type": "Point", "coordinates": [1.7, 46.8]},
           "properties": {"id": "g1", "pivot": "22345678901234", "nom": "Lieu GeoJSON",
                          "adresse": "2 rue B", "code_postal": "36000", "commune": "Châteauroux",
                          "date_maj": "2024-01-02"}}]}
    run = import_places(file=json.dumps(geo).encode(), source="geo", file_name="x.geojson")
    assert run.format_detected.startswith("GeoJSON")
    place = Place.objects.get(source_id="g1")
    assert (place.latitude, place.longitude) == (46.8, 1.7)


def test_unreadable_file_is_a_report_not_a_crash(communes):
    run = import_places(file=b"", source="x", file_name="vide.csv")
    assert run.state == ImportRun.State.DONE
    assert run.report["fatal"] == "Le fichier est vide."
    assert run.rows == run.imported == run.rejected == 0


def test_command_prints_summary_and_rejected_rows(communes, capsys):
    call_command("import_places", str(REGIONAL_V0), "--source", "crcvl-2021")
    out = capsys.readouterr().out
    assert "15 lignes" in out
    assert "10 acceptées" in out and "5 refusées" in out
    assert "ligne 7" in out and "nom" in out
    assert Place.objects.count() == 10


def test_command_dry_run(communes, capsys):
    call_command("import_places", str(REGIONAL_V0), "--dry-run")
    out = capsys.readouterr().out
    assert "essai" in out.lower()
    assert not Place.objects.exists()
    assert ImportRun.objects.get().source == "region-centre-2021-v0"
