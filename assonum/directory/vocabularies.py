"""Value lists of the national standard for digital-mediation places (schema v1.0.2), kept locally.

The exact strings are the standard's own (they are what the export writes and what other platforms
read): do not "fix" their spelling ("Étapes numériques(La Poste)" has no space, "Bibliothèques
numérique de référence" is singular on purpose). ``TYPOLOGIES`` is the data·inclusion **v0** list of
structure types, which the standard points to and which data·inclusion dropped in 2026: we keep a
copy. ``OFFERS`` is ours: what an association can ask a digital actor for.

Older files (schema v0.x, 2021-2023) used other fields and labels: :data:`V0_VALUES` is the one
table that maps every value of the v0.1.1 enumerations to v1.0.2 (:func:`map_value` reads it).
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

SCHEMA_VERSION = "1.0.2"

SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
]

PUBLICS_SPECIFIQUEMENT_ADRESSES = [
    "Jeunes",
    "Étudiants",
    "Familles et/ou enfants",
    "Seniors",
    "Femmes",
]

PRISE_EN_CHARGE_SPECIFIQUE = [
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
]

FRAIS_A_CHARGE = ["Gratuit", "Gratuit sous condition", "Payant"]

DISPOSITIF_PROGRAMMES_NATIONAUX = [
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
]

FORMATIONS_LABELS = [
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
]

MODALITES_ACCES = [
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
]

MODALITES_ACCOMPAGNEMENT = [
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
]

ITINERANCE = ["Itinérant", "Fixe"]

# data·inclusion v0 structure typologies (code -> French label).
TYPOLOGIES = {
    "ACI": "Structures porteuses d'ateliers et chantiers d'insertion",
    "ACIPHC": "SIAE — Atelier chantier d'insertion premières heures en chantier",
    "AFPA": "Agence nationale pour la formation professionnelle des adultes",
    "AI": "Associations intermédiaires",
    "ASE": "Aide sociale à l'enfance",
    "ASSO": "Associations",
    "ASSO_CHOMEUR": "Associations de chômeurs",
    "AVIP": "Crèche à vocation d'insertion professionnelle",
    "Autre": "Autre",
    "BIB": "Bibliothèque / Médiathèque",
    "CAARUD": (
        "Centre d'accueil et d'accompagnement à la réduction de risques "
        "pour usagers de drogues"
    ),
    "CADA": "Centres d'accueil de demandeurs d'asile",
    "CAF": "Caisses d'allocation familiale",
    "CAP_EMPLOI": "Cap Emploi",
    "CAVA": "Centres d'adaptation à la vie active",
    "CC": "Communautés de communes",
    "CCAS": "Centres communaux d'action sociale",
    "CCONS": "Chambres consulaires",
    "CD": "Conseils départementaux",
    "CDAS": "Centre départemental d'action sociale",
    "CFP": "Centre des finances publiques",
    "CHRS": "Centres d'hébergement et de réinsertion sociale",
    "CHU": "Centres d'hébergement d'urgence",
    "CIAS": "Centres intercommunaux d'action sociale",
    "CIDFF": "Centres d'information sur les droits des femmes et des familles",
    "CITMET": "Cité des métiers",
    "CMP": "Centre médico-psychologique",
    "CMS": "Centre médico-social",
    "CPAM": "Caisse primaire d'assurance maladie",
    "CPH": "Centres provisoires d'hébergement",
    "CS": "Centre social",
    "CSAPA": "Centre de soins, d'accompagnement et de prévention en addictologie",
    "CSC": "Centre socio-culturel",
    "DEETS": "Directions de l'économie, de l'emploi, du travail et des solidarités",
    "DEPT": "Services sociaux du conseil départemental",
    "DIPLP": "Délégation interministérielle à la prévention et à la lutte contre la pauvreté",
    "E2C": "École de la deuxième chance",
    "EA": "Entreprise adaptée",
    "EATT": "Entreprise adaptée de travail temporaire",
    "EI": "Entreprises d'insertion",
    "EITI": "Entreprises d'insertion par le travail indépendant",
    "ENM": "Écoles de la nouvelle chance / Espaces numériques",
    "EPCI": "Intercommunalité (EPCI)",
    "EPI": "Espace public internet",
    "EPIDE": "Établissement pour l'insertion dans l'emploi",
    "EPN": "Espace public numérique",
    "ES": "Épicerie solidaire",
    "ESS": "Entreprise de l'économie sociale et solidaire",
    "ETABL_PRI": "Établissement privé",
    "ETABL_PUB": "Établissement public",
    "ETAT": "Services de l'État",
    "ETTI": "Entreprises de travail temporaire d'insertion",
    "EVS": "Espace de vie sociale",
    "FABLAB": "Fab lab",
    "FAIS": "Fédérations d'acteurs de l'insertion et de la solidarité",
    "FT": "France Travail",
    "GEIQ": "Groupements d'employeurs pour l'insertion et la qualification",
    "HUDA": "Hébergement d'urgence pour demandeurs d'asile",
    "LA_POSTE": "La Poste",
    "MDE": "Maison de l'emploi",
    "MDEF": "Maison de l'emploi et de la formation",
    "MDPH": "Maison départementale des personnes handicapées",
    "MDS": "Maison départementale des solidarités",
    "MJC": "Maison des jeunes et de la culture",
    "ML": "Mission locale",
    "MQ": "Maison de quartier",
    "MSA": "Mutualité sociale agricole",
    "MSAP": "Maison de services au public / France Services",
    "MUNI": "Municipalité",
    "OACAS": "Organisme d'accueil communautaire et d'activités solidaires",
    "ODC": "Organisation délégataire d'un CD",
    "OF": "Organisme de formation",
    "OIL": "Opérateur d'intermédiation locative",
    "OPCS": "Organisation porteuse de la clause sociale",
    "PAD": "Point d'accès au droit",
    "PENSION": "Pension de famille / résidence accueil",
    "PI": "Point info",
    "PIJ_BIJ": "Point / Bureau information jeunesse",
    "PIMMS": "Point information médiation multi services",
    "PJJ": "Protection judiciaire de la jeunesse",
    "PLIE": "Plans locaux pour l'insertion et l'emploi",
    "PREF": "Préfecture, sous-préfecture",
    "PREVENTION": "Service ou club de prévention",
    "REG": "Région",
    "RESSOURCERIE": "Ressourcerie",
    "RFS": "Réseau France Services",
    "RS_FJT": "Résidence sociale / Foyer de jeunes travailleurs",
    "SCP": "Services et clubs de prévention",
    "SPIP": "Service pénitentiaire d'insertion et de probation",
    "TIERS_LIEUX": "Tiers-lieu et coworking",
    "UDAF": "Union départementale d'aide aux familles",
}
TYPOLOGIE_CODES = list(TYPOLOGIES)

# What an association can ask a digital actor for (ours, not the national standard's).
OFFERS = {
    "formation": _("Formation des bénévoles et salariés"),
    "accompagnement": _("Accompagnement individuel de l'association"),
    "prestation": _("Prestation de service (site web, outils, conseil)"),
    "materiel": _("Matériel informatique et reconditionnement"),
    "hebergement-libre": _("Hébergement de services en logiciels libres"),
    "fablab": _("Accès à un fab lab ou un atelier de fabrication"),
    "acces-internet": _("Accès à internet et postes en libre service"),
    "sensibilisation": _("Sensibilisation (données, sobriété, sécurité)"),
    "diagnostic": _("Diagnostic numérique de l'association"),
}
OFFER_SLUGS = list(OFFERS)

# Place fields holding a list of values from a closed vocabulary.
VOCABULARY_FIELDS = {
    "services": SERVICES,
    "publics_specifiquement_adresses": PUBLICS_SPECIFIQUEMENT_ADRESSES,
    "prise_en_charge_specifique": PRISE_EN_CHARGE_SPECIFIQUE,
    "frais_a_charge": FRAIS_A_CHARGE,
    "dispositif_programmes_nationaux": DISPOSITIF_PROGRAMMES_NATIONAUX,
    "formations_labels": FORMATIONS_LABELS,
    "modalites_acces": MODALITES_ACCES,
    "modalites_accompagnement": MODALITES_ACCOMPAGNEMENT,
    "itinerance": ITINERANCE,
    "typologie": TYPOLOGIE_CODES,
    "offers": OFFER_SLUGS,
}


def choices(values) -> list[tuple[str, str]]:
    """Django ``choices`` for a vocabulary (a list of strings or a dict code -> label)."""
    if isinstance(values, dict):
        return list(values.items())
    return [(v, v) for v in values]


def normalise_label(value: str) -> str:
    """Lower case, no accents, single spaces, typographic quotes and apostrophes flattened."""
    value = unicodedata.normalize("NFKD", str(value))
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = value.replace("’", "'").replace("«", '"').replace("»", '"')
    value = re.sub(r"[\s\u00a0]+", " ", value).strip().lower()
    return value


# ---------------------------------------------------------------------------------------------
# Schema v0.x (v0.1.1, the 2021-2023 files) -> v1.0.2, from the standard's two Table Schemas
# (schema/lieux-mediation-numerique-0.1.1.json, schema/lieux-mediation-numerique-1.0.2.json) and
# its change notes ("descriptif des évolutions", v0.1.1 -> v1.0.x).
#
# Fields: courriel -> courriels, conditions_acces -> frais_a_charge, labels_autres ->
# autres_formations_labels, accessibilite -> fiche_acces_libre (importing.columns.HEADER_ALIASES);
# publics_accueillis is split into publics_specifiquement_adresses + prise_en_charge_specifique,
# labels_nationaux into dispositif_programmes_nationaux + formations_labels; cle_ban has no
# equivalent (reported once as an unknown column).
#
# Values: V0_VALUES[v0 field][v0 value] = the (v1.0.2 field, v1.0.2 value) pairs it becomes.
# An empty list means "no equivalent in v1.0.2": the import reports it once per value with its
# count; a v0 national label without equivalent is kept as text in autres_formations_labels.
# The first block of each field is the v0.1.1 enumeration, spelled exactly as in its schema (the
# part before " : " for the long labels); "variants" are spellings met in real files.
PSA, PEC = "publics_specifiquement_adresses", "prise_en_charge_specifique"
DPN, FL = "dispositif_programmes_nationaux", "formations_labels"

V0_VALUES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "services": {  # the 15 services of v0.1.1, condensed to 9
        "Devenir autonome dans les démarches administratives":
            [("services", "Aide aux démarches administratives")],
        "Réaliser des démarches administratives avec un accompagnement":
            [("services", "Aide aux démarches administratives")],
        "Accompagner les démarches de santé": [("services", "Aide aux démarches administratives")],
        "Prendre en main un smartphone ou une tablette":
            [("services", "Maîtrise des outils numériques du quotidien")],
        "Prendre en main un ordinateur":
            [("services", "Maîtrise des outils numériques du quotidien")],
        "Utiliser le numérique au quotidien":
            [("services", "Maîtrise des outils numériques du quotidien")],
        "Approfondir ma culture numérique": [("services", "Compréhension du monde numérique")],
        "Promouvoir la citoyenneté numérique": [("services", "Compréhension du monde numérique")],
        "Favoriser mon insertion professionnelle":
            [("services", "Insertion professionnelle via le numérique")],
        "Créer et développer mon entreprise":
            [("services", "Insertion professionnelle via le numérique")],
        "Accéder à une connexion internet":
            [("services", "Accès internet et matériel informatique")],
        "Accéder à du matériel": [("services", "Accès internet et matériel informatique")],
        "S'équiper en matériel informatique":
            [("services", "Acquisition de matériel informatique à prix solidaire")],
        "Créer avec le numérique": [("services", "Loisirs et créations numériques")],
        "Soutenir la parentalité et l'éducation avec le numérique":
            [("services", "Parentalité et éducation avec le numérique")],
        # variants
        "Equiper en matériel informatique":
            [("services", "Acquisition de matériel informatique à prix solidaire")],
    },
    "publics_accueillis": {
        "Seniors (+ 65 ans)": [(PSA, "Seniors")],
        "Familles/enfants": [(PSA, "Familles et/ou enfants")],
        "Adultes": [],  # v1.0.2 lists only publics "specifically" addressed: adults are everyone
        "Jeunes (16-26 ans)": [(PSA, "Jeunes")],
        "Uniquement femmes": [(PSA, "Femmes")],
        # v1.0.2 separates English from other languages; v0.1.1 did not say which.
        "Public langues étrangères": [(PEC, "Langues étrangères (autres)")],
        "Déficience visuelle": [(PEC, "Déficience visuelle")],
        "Surdité": [(PEC, "Surdité")],
        # v1.0.2 keeps one value for mental and psychic disabilities ("Handicaps mentaux").
        "Handicaps psychiques": [(PEC, "Handicaps mentaux")],
        "Handicaps mentaux": [(PEC, "Handicaps mentaux")],
        "Personnes en situation d'illettrisme": [(PEC, "Illettrisme")],
        # variants
        "Tout public": [], "Tous publics": [], "Jeunes": [(PSA, "Jeunes")],
        "Familles": [(PSA, "Familles et/ou enfants")], "Seniors": [(PSA, "Seniors")],
        "Seniors (+65 ans)": [(PSA, "Seniors")], "Femmes": [(PSA, "Femmes")],
        "Handicap mental": [(PEC, "Handicaps mentaux")],
        "Handicap moteur": [(PEC, "Handicaps moteurs")], "Illettrisme": [(PEC, "Illettrisme")],
    },
    "conditions_acces": {  # -> frais_a_charge
        "Gratuit": [("frais_a_charge", "Gratuit")],
        "Gratuit sous condition": [("frais_a_charge", "Gratuit sous condition")],
        "Payant": [("frais_a_charge", "Payant")],
        # The Pass numérique is a voucher: free for its holder.
        "Accepte le Pass numérique": [("frais_a_charge", "Gratuit sous condition")],
        "Adhésion": [("frais_a_charge", "Payant")],  # a membership fee is paid
        # variants
        "Gratuit sous conditions": [("frais_a_charge", "Gratuit sous condition")],
        "Pass numérique": [("frais_a_charge", "Gratuit sous condition")],
        "Tarif adhérent": [("frais_a_charge", "Payant")],
    },
    "labels_nationaux": {  # -> dispositif_programmes_nationaux + formations_labels
        "France Services": [(DPN, "France Services")],
        "CNFS": [(DPN, "Conseillers numériques")],
        "APTIC": [],  # the Pass numérique network: no equivalent value
        "Aidants Connect": [(DPN, "Aidants Connect")],
        "Fabriques de Territoire": [(FL, "Fabriques de Territoire")],
        "Grandes écoles du numérique": [(DPN, "Grande école du numérique")],
        "Point relais CAF": [(DPN, "Point d'accès numérique CAF")],
        "Point numérique CAF": [(DPN, "Point d'accès numérique CAF")],
        "Relais pôle emploi": [],
        "French Tech": [],
        "Campus connecté": [],
        # variants
        "Conseiller numérique France Services": [(DPN, "Conseillers numériques")],
        "Conseillers numériques France Services": [(DPN, "Conseillers numériques")],
        "PIX": [(DPN, "Certification PIX")],
        "Point d'accès numérique CAF": [(DPN, "Point d'accès numérique CAF")],
        "Relais numérique Emmaüs Connect": [(DPN, "Relais numérique (Emmaüs Connect)")],
        "Maison France Services": [(DPN, "France Services")],
        "Bibliothèque numérique de référence": [(DPN, "Bibliothèques numérique de référence")],
        "Croix Rouge": [(DPN, "La Croix Rouge")],
        "Étapes numériques (La Poste)": [(FL, "Étapes numériques(La Poste)")],
    },
    "modalites_accompagnement": {  # values renamed in v1.0 ("À distance" added)
        "Seul": [("modalites_accompagnement", "En autonomie")],
        "Avec de l'aide": [("modalites_accompagnement", "Accompagnement individuel")],
        "Dans un atelier": [("modalites_accompagnement", "Dans un atelier collectif")],
        # Someone authorised does it for the person: an individual accompaniment.
        "A ma place": [("modalites_accompagnement", "Accompagnement individuel")],
        # variants
        "Seul(e)": [("modalites_accompagnement", "En autonomie")],
        "Faire à ma place": [("modalites_accompagnement", "Accompagnement individuel")],
    },
    # Not enumerated in v0.1.1, but older files wrote these.
    "modalites_acces": {
        "Sur rendez-vous": [("modalites_acces", "Téléphoner")],
        "Prendre RDV en ligne": [("modalites_acces", "Prendre un RDV en ligne")],
        "Prendre un rendez-vous en ligne": [("modalites_acces", "Prendre un RDV en ligne")],
        "Contacter par courriel": [("modalites_acces", "Contacter par mail")],
        "Envoyer un mail": [("modalites_acces", "Contacter par mail")],
    },
    "itinerance": {"Mobile": [("itinerance", "Itinérant")]},
    # Current labels written differently in real files.
    "formations_labels": {
        "Étapes numériques (La Poste)": [(FL, "Étapes numériques(La Poste)")],
    },
}

# The import's field for each v0 column that has a value table (importing.columns.HEADER_ALIASES).
V0_FIELD_OF = {
    "services": "services",
    "_publics_accueillis": "publics_accueillis",
    "frais_a_charge": "conditions_acces",
    "_labels_nationaux": "labels_nationaux",
    "dispositif_programmes_nationaux": "labels_nationaux",
    "modalites_accompagnement": "modalites_accompagnement",
    "modalites_acces": "modalites_acces",
    "itinerance": "itinerance",
    "formations_labels": "formations_labels",
}


def _index(values) -> dict[str, str]:
    return {normalise_label(v): v for v in values}


_CURRENT_INDEX = {field: _index(values) for field, values in VOCABULARY_FIELDS.items()}
_V0_INDEX = {
    field: {normalise_label(old): targets for old, targets in table.items()}
    for field, table in V0_VALUES.items()
}


def _head(key: str) -> str:
    """ "gratuit : je peux acceder..." -> "gratuit" (v0.1.1's long labels)."""
    return key.split(":", 1)[0].strip() if ":" in key else key


def map_value(field: str, value: str) -> list[tuple[str, str]] | None:
    """Where ``value`` of import field ``field`` goes: (field, current label) pairs.

    Current labels first, then the v0.x table (:data:`V0_VALUES`). ``[]`` = a known old value
    with no equivalent in v1.0.2; ``None`` = unknown.
    """
    key = normalise_label(value)
    if not key:
        return None
    current = _CURRENT_INDEX.get(field, {})
    v0 = _V0_INDEX.get(V0_FIELD_OF.get(field, ""), {})
    for candidate in dict.fromkeys([key, _head(key)]):
        if candidate in current:
            return [(field, current[candidate])]
        if candidate in v0:
            return list(v0[candidate])
    if field == "typologie":
        found = current.get(key.replace(" ", "_"))
        return [(field, found)] if found else None
    for other in (PSA, PEC) if field == "_publics_accueillis" else ():
        if _head(key) in _CURRENT_INDEX[other]:
            return [(other, _CURRENT_INDEX[other][_head(key)])]
    if field == "_labels_nationaux":
        for other in (DPN, FL):
            if key in _CURRENT_INDEX[other]:
                return [(other, _CURRENT_INDEX[other][key])]
    return None


def canonical(field: str, value: str) -> str | None:
    """The current label for ``value`` in vocabulary ``field`` (current or v0.x), or None."""
    for target_field, label in map_value(field, value) or []:
        if target_field == field:
            return label
    return None
