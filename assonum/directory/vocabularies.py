"""Value lists of the national standard for digital-mediation places (schema v1.0.2), kept locally.

The exact strings are the standard's own (they are what the export writes and what other platforms
read): do not "fix" their spelling ("Étapes numériques(La Poste)" has no space, "Bibliothèques
numérique de référence" is singular on purpose). ``TYPOLOGIES`` is the data·inclusion **v0** list of
structure types, which the standard points to and which data·inclusion dropped in 2026: we keep a
copy. ``OFFERS`` is ours: what an association can ask a digital actor for.

Older files (schema v0.x, 2021-2022) used other labels: the ``LEGACY_*`` tables map them to the
current ones (keys are normalised with :func:`normalise_label`).
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
    "CAARUD": "Centre d'accueil et d'accompagnement à la réduction de risques pour usagers de drogues",
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
# Older labels (schema v0.x, 2021-2022 files) -> current labels.
# The 15 services of v0.x were condensed to 9 in v1.0 ("descriptif des évolutions").
LEGACY_SERVICES = {
    "devenir autonome dans les demarches administratives": "Aide aux démarches administratives",
    "realiser des demarches administratives avec un accompagnement": "Aide aux démarches administratives",
    "accompagner les demarches de sante": "Aide aux démarches administratives",
    "prendre en main un smartphone ou une tablette": "Maîtrise des outils numériques du quotidien",
    "prendre en main un ordinateur": "Maîtrise des outils numériques du quotidien",
    "utiliser le numerique au quotidien": "Maîtrise des outils numériques du quotidien",
    "s'equiper en materiel informatique": "Acquisition de matériel informatique à prix solidaire",
    "equiper en materiel informatique": "Acquisition de matériel informatique à prix solidaire",
    "approfondir ma culture numerique": "Compréhension du monde numérique",
    "promouvoir la citoyennete numerique": "Compréhension du monde numérique",
    "favoriser mon insertion professionnelle": "Insertion professionnelle via le numérique",
    "creer et developper mon entreprise": "Insertion professionnelle via le numérique",
    "acceder a une connexion internet": "Accès internet et matériel informatique",
    "acceder a du materiel": "Accès internet et matériel informatique",
    "creer avec le numerique": "Loisirs et créations numériques",
    "soutenir la parentalite et l'education avec le numerique": "Parentalité et éducation avec le numérique",
    "comprehension du monde numerique": "Compréhension du monde numérique",
}

# v0.x "publics_accueillis" was split into two fields in v1.0: (field, value) or None (= everyone,
# nothing to record).
LEGACY_PUBLICS = {
    "tout public": None,
    "tous publics": None,
    "jeunes (16-26 ans)": ("publics_specifiquement_adresses", "Jeunes"),
    "jeunes": ("publics_specifiquement_adresses", "Jeunes"),
    "etudiants": ("publics_specifiquement_adresses", "Étudiants"),
    "familles et/ou enfants": ("publics_specifiquement_adresses", "Familles et/ou enfants"),
    "familles": ("publics_specifiquement_adresses", "Familles et/ou enfants"),
    "seniors (+ 65 ans)": ("publics_specifiquement_adresses", "Seniors"),
    "seniors (+65 ans)": ("publics_specifiquement_adresses", "Seniors"),
    "seniors": ("publics_specifiquement_adresses", "Seniors"),
    "femmes": ("publics_specifiquement_adresses", "Femmes"),
    "uniquement femmes": ("publics_specifiquement_adresses", "Femmes"),
    "surdite": ("prise_en_charge_specifique", "Surdité"),
    "deficience visuelle": ("prise_en_charge_specifique", "Déficience visuelle"),
    "handicaps moteurs": ("prise_en_charge_specifique", "Handicaps moteurs"),
    "handicap moteur": ("prise_en_charge_specifique", "Handicaps moteurs"),
    "handicaps mentaux": ("prise_en_charge_specifique", "Handicaps mentaux"),
    "handicap mental": ("prise_en_charge_specifique", "Handicaps mentaux"),
    "illettrisme": ("prise_en_charge_specifique", "Illettrisme"),
    "langues etrangeres (anglais)": ("prise_en_charge_specifique", "Langues étrangères (anglais)"),
    "langues etrangeres (autres)": ("prise_en_charge_specifique", "Langues étrangères (autres)"),
    "public langues etrangeres": ("prise_en_charge_specifique", "Langues étrangères (autres)"),
}

# v0.x "conditions_acces" -> "frais_a_charge".
LEGACY_FRAIS = {
    "gratuit": "Gratuit",
    "gratuit sous condition": "Gratuit sous condition",
    "gratuit sous conditions": "Gratuit sous condition",
    "accepte le pass numerique": "Gratuit sous condition",
    "pass numerique": "Gratuit sous condition",
    "payant": "Payant",
    "adhesion": "Payant",
    "tarif adherent": "Payant",
}

# v0.x "labels_nationaux" -> "dispositif_programmes_nationaux" (others go to the free-text field).
LEGACY_DISPOSITIFS = {
    "cnfs": "Conseillers numériques",
    "conseiller numerique france services": "Conseillers numériques",
    "conseillers numeriques france services": "Conseillers numériques",
    "pix": "Certification PIX",
    "point numerique caf": "Point d'accès numérique CAF",
    "point d'acces numerique caf": "Point d'accès numérique CAF",
    "relais numerique emmaus connect": "Relais numérique (Emmaüs Connect)",
    "maison france services": "France Services",
    "bibliotheque numerique de reference": "Bibliothèques numérique de référence",
    "croix rouge": "La Croix Rouge",
}

LEGACY_FORMATIONS_LABELS = {
    "etapes numeriques (la poste)": "Étapes numériques(La Poste)",
    "mes papiers (metropole de lyon) ": "Mes Papiers (Métropole de Lyon)",
}

# v0.x "modalites_accompagnement" used long labels ("Seul : j'ai besoin...", "Avec de l'aide : ...").
LEGACY_ACCOMPAGNEMENT = {
    "seul": "En autonomie",
    "seul(e)": "En autonomie",
    "en autonomie": "En autonomie",
    "avec de l'aide": "Accompagnement individuel",
    "accompagnement individuel": "Accompagnement individuel",
    "a ma place": "Accompagnement individuel",
    "faire a ma place": "Accompagnement individuel",
    "dans un atelier": "Dans un atelier collectif",
    "dans un atelier collectif": "Dans un atelier collectif",
    "a distance": "À distance",
}

LEGACY_MODALITES_ACCES = {
    "sur rendez-vous": "Téléphoner",
    "prendre rdv en ligne": "Prendre un RDV en ligne",
    "prendre un rendez-vous en ligne": "Prendre un RDV en ligne",
    "contacter par courriel": "Contacter par mail",
    "envoyer un mail": "Contacter par mail",
}

LEGACY_ITINERANCE = {"itinerant": "Itinérant", "fixe": "Fixe", "mobile": "Itinérant"}

LEGACY_TABLES = {
    "services": LEGACY_SERVICES,
    "frais_a_charge": LEGACY_FRAIS,
    "dispositif_programmes_nationaux": LEGACY_DISPOSITIFS,
    "formations_labels": LEGACY_FORMATIONS_LABELS,
    "modalites_accompagnement": LEGACY_ACCOMPAGNEMENT,
    "modalites_acces": LEGACY_MODALITES_ACCES,
    "itinerance": LEGACY_ITINERANCE,
}


def _index(values) -> dict[str, str]:
    return {normalise_label(v): v for v in values}


_CURRENT_INDEX = {field: _index(values) for field, values in VOCABULARY_FIELDS.items()}


def canonical(field: str, value: str) -> str | None:
    """The current label for ``value`` in vocabulary ``field`` (current or legacy), or None."""
    key = normalise_label(value)
    if not key:
        return None
    found = _CURRENT_INDEX.get(field, {}).get(key)
    if found:
        return found
    legacy = LEGACY_TABLES.get(field, {})
    if key in legacy:
        return legacy[key]
    if field == "modalites_accompagnement" and ":" in key:
        # "Dans un atelier : j'apprends collectivement..." -> "dans un atelier"
        head = key.split(":", 1)[0].strip()
        return _CURRENT_INDEX[field].get(head) or legacy.get(head)
    if field == "typologie":
        return _CURRENT_INDEX[field].get(key.replace(" ", "_"))
    return None
