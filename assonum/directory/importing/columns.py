"""Columns of an import file: the standard's column names (current and older) -> Place fields."""

import json
import re
from pathlib import Path

from .. import vocabularies as voc

# Normalised header -> Place field (or a legacy pseudo-field handled below).
HEADER_ALIASES = {
    "id": "id", "identifiant": "id", "id_lieu": "id", "identifiant_unique": "id",
    "identifiant_unique_local_du_lieu": "id",
    "pivot": "pivot", "siret": "pivot", "siret_ou_rna": "pivot", "siret_ou_rna_ou_ridet": "pivot",
    "rna": "pivot",
    "nom": "nom", "nom_lieu": "nom", "nom_du_lieu": "nom",
    "commune": "commune_nom", "ville": "commune_nom", "nom_commune": "commune_nom",
    "code_postal": "code_postal", "cp": "code_postal", "codepostal": "code_postal",
    "code_insee": "code_insee", "insee": "code_insee", "code_commune": "code_insee",
    "code_commune_insee": "code_insee",
    "adresse": "adresse", "voie": "adresse", "adresse_lieu": "adresse",
    "complement_adresse": "complement_adresse", "complement_d_adresse": "complement_adresse",
    "latitude": "latitude", "lat": "latitude",
    "longitude": "longitude", "lon": "longitude", "lng": "longitude", "long": "longitude",
    "typologie": "typologie", "typologies": "typologie", "type": "typologie",
    "telephone": "telephones", "telephones": "telephones", "tel": "telephones",
    "numero_de_telephone": "telephones",
    "courriels": "courriels", "courriel": "courriels", "email": "courriels", "emails": "courriels",
    "e_mail": "courriels", "mail": "courriels",
    "site_web": "sites_web", "sites_web": "sites_web", "site_internet": "sites_web",
    "horaires": "horaires", "horaires_ouverture": "horaires", "horaires_accueil": "horaires",
    "presentation_resume": "presentation_resume", "presentation_resumee": "presentation_resume",
    "presentation_detail": "presentation_detail", "presentation_detaillee": "presentation_detail",
    "description": "presentation_detail",
    "source": "collected_by", "structure_collectant_la_donnee": "collected_by",
    "itinerance": "itinerance",
    "structure_parente": "structure_parente",
    "date_maj": "date_maj", "date_mise_a_jour": "date_maj", "date_de_mise_a_jour": "date_maj",
    "services": "services",
    "publics_specifiquement_adresses": "publics_specifiquement_adresses",
    "prise_en_charge_specifique": "prise_en_charge_specifique",
    "publics_accueillis": "_publics_accueillis",
    "frais_a_charge": "frais_a_charge", "conditions_acces": "frais_a_charge",
    "conditions_d_acces": "frais_a_charge",
    "dispositif_programmes_nationaux": "dispositif_programmes_nationaux",
    "dispositifs_programmes_nationaux": "dispositif_programmes_nationaux",
    "labels_nationaux": "_labels_nationaux",
    "formations_labels": "formations_labels",
    "autres_formations_labels": "autres_formations_labels",
    "labels_autres": "autres_formations_labels",
    "modalites_acces": "modalites_acces", "modalites_d_acces": "modalites_acces",
    "modalites_accompagnement": "modalites_accompagnement",
    "modalites_d_accompagnement": "modalites_accompagnement",
    "fiche_acces_libre": "fiche_acces_libre", "accessibilite": "fiche_acces_libre",
    "prise_rdv": "prise_rdv", "prise_de_rdv": "prise_rdv",
    # ours (round trip of extras is not part of the standard, but harmless)
    "offres": "offers", "offers": "offers",
}

# v0.1.1 columns that v1.0.2 dropped (the BAN key of the address).
V0_COLUMNS_WITHOUT_EQUIVALENT = {"cle_ban"}

# The shipped schema of the standard (directory/schema/): its columns, in order.
SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent / "schema" / "lieux-mediation-numerique-1.0.2.json"
)
SCHEMA_COLUMNS = [column["name"] for column in json.loads(SCHEMA_PATH.read_text())["fields"]]
# Schema column -> Place field ("commune" -> commune_nom, "telephone" -> telephones...).
SCHEMA_FIELDS = {column: HEADER_ALIASES[column] for column in SCHEMA_COLUMNS}

# Field -> name used in the report: the standard's column name (older ones for the v0 fields).
FIELD_LABELS = {
    **{field: column for column, field in SCHEMA_FIELDS.items()},
    "_publics_accueillis": "publics_accueillis", "_labels_nationaux": "labels_nationaux",
    "_row": "ligne",
}


def normalise_header(name) -> str:
    key = voc.normalise_label(str(name)).strip("\"' ")
    key = re.sub(r"[\s\-'\".()/]+", "_", key).strip("_")
    return key
