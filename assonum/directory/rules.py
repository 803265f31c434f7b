"""The rules of a place's fields: one function per kind of value, the same for every entry point.

The listing form, the back-office edit form, the model (``Place.clean()`` and field validators)
and the import call these functions, so that a value accepted in one place is accepted
everywhere, written the same way. Each ``clean_*`` takes what a person typed or what a file
holds, returns the value to store, and raises ``django.core.exceptions.ValidationError`` with a
French message (``code`` set) when the value cannot be used. An empty value is returned empty
(``""`` or ``[]``): whether a field is required is the caller's decision.

Single values::

    clean_url("exemple.fr")            -> "https://exemple.fr"   (http and https only)
    clean_email(" Contact@Exemple.fr ")  -> "contact@exemple.fr"
    clean_phone("02 48 00 00 00")      -> "+33248000000"         (E.164, region FR)
    clean_siret("123 456 789 00012")   -> "12345678900012"       (14 digits, Luhn)
    clean_pivot("W451012345")          -> "W451012345"           (the standard's pattern)
    clean_postcode("1000")             -> "01000"                (5 digits)
    clean_insee("2a004")               -> "2A004"
    clean_opening_hours("Mo-Fr  09:00-12:00") -> "Mo-Fr 09:00-12:00"  (OpenStreetMap syntax)

Lists (one error per bad value, duplicates removed, order kept)::

    clean_urls(values), clean_emails(values), clean_phones(values)

Reading a stored value::

    display_value("telephones", ["+33248000000"]) -> "02 48 00 00 00"
    display_value("typologie", ["BIB"])          -> "Bibliothèque / Médiathèque"
    display_value("is_fictional", True)          -> "Oui"
    format_phone("+33248000000")                  -> "02 48 00 00 00"

The table of a place's fields: ``FIELD_LABELS`` (field -> French label, as people read it) and
``FIELD_RULES`` (field -> the ``clean_*`` function that applies, for the fields that have one);
``clean_field(name, value)`` applies the rule of a field, or returns the value unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from assonum.organisations.validators import validate_pivot, validate_siret

from . import opening_hours
from . import vocabularies as voc

PHONE_REGION = "FR"
URL_MAX_LENGTH = 500
# The national standard's pattern for phones: France and its overseas territories.
PHONE_RE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
POSTCODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
# "mailto:", "javascript:", "ftp://"... (a host followed by a port, "exemple.fr:8080", is no scheme)
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):(?!\d)")
_url_validator = URLValidator(schemes=["http", "https"])


# ----------------------------------------------------------------------------------------------
# Single values


def clean_url(value: str | None) -> str:
    """An address of a web page: ``https://`` added when no scheme is given; http(s) only."""
    value = (value or "").strip()
    if not value:
        return ""
    match = _SCHEME_RE.match(value)
    if match is None:
        value = f"https://{value}"
    elif match.group(1).lower() not in ("http", "https"):
        raise ValidationError(
            _("« %(value)s » n'est pas une adresse de site web : elle doit commencer par "
              "https:// ou http://."),
            code="url_scheme", params={"value": value[:60]},
        )
    if len(value) > URL_MAX_LENGTH:
        raise ValidationError(
            _("Cette adresse de site web est trop longue (%(max)s caractères au plus)."),
            code="url_length", params={"max": URL_MAX_LENGTH},
        )
    try:
        _url_validator(value)
    except ValidationError:
        raise ValidationError(
            _("« %(value)s » n'est pas une adresse de site valide (exemple : https://exemple.fr)."),
            code="url", params={"value": value[:60]},
        ) from None
    return value


def clean_email(value: str | None) -> str:
    """An e-mail address, in lower case."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("« %(value)s » n'est pas une adresse e-mail valide (exemple : contact@exemple.fr)."),
            code="email", params={"value": value[:60]},
        ) from None
    return value.lower()


def clean_phone(value: str | None) -> str:
    """A phone number written any French way ("02 48 00 00 00", "+33 2 48..."), stored E.164."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, PHONE_REGION)
        valid = phonenumbers.is_valid_number(parsed)
    except phonenumbers.NumberParseException:
        valid = False
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if valid else ""
    if not PHONE_RE.match(e164):
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro de téléphone valide (exemple : 02 38 00 00 00)."),
            code="phone", params={"value": value[:30]},
        )
    return e164


def clean_siret(value: str | None) -> str:
    """A SIRET: 14 digits with their check digit; spaces, dots and hyphens typed are removed."""
    value = (value or "").strip()
    if not value:
        return ""
    return validate_siret(value)


def clean_pivot(value: str | None) -> str:
    """The standard's ``pivot``: an RNA number (W..., checked) or 9 to 14 letters or digits
    (SIRET, RIDET), as the standard's pattern says; files hold it so. A person typing a SIRET
    gets :func:`clean_siret` (its check digit) from the form.

    ``00000000000000``, the national map's "unknown", is read as empty.
    """
    value = re.sub(r"[\s.\-]", "", value or "")
    if not value or not value.strip("0"):
        return ""
    return validate_pivot(value)


def clean_postcode(value: str | None) -> str:
    """A French postal code: 5 digits (spaces removed; a leading zero lost by a sheet restored)."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return ""
    if re.fullmatch(r"\d{4}", value):
        value = "0" + value
    if not POSTCODE_RE.match(value):
        raise ValidationError(
            _("« %(value)s » n'est pas un code postal : il compte 5 chiffres."),
            code="postcode", params={"value": value[:20]},
        )
    return value


def clean_insee(value: str | None) -> str:
    """The INSEE code of a commune: 5 characters, 2A / 2B for Corsica."""
    value = re.sub(r"\s", "", value or "").upper()
    if not value:
        return ""
    if re.fullmatch(r"\d{4}", value):
        value = "0" + value
    if not INSEE_RE.match(value):
        raise ValidationError(
            _("« %(value)s » n'est pas un code INSEE de commune."),
            code="insee", params={"value": value[:20]},
        )
    return value


def clean_opening_hours(value: str | None) -> str:
    """Opening hours in the OpenStreetMap ``opening_hours`` syntax (checked by its parser)."""
    value = " ".join((value or "").split())
    if value and not opening_hours.validate(value):
        raise ValidationError(
            _("Ces horaires ne sont pas au format attendu. Exemple : "
              "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00 (jours en anglais abrégés, "
              "heures sur 24 h)."),
            code="opening_hours",
        )
    return value


# ----------------------------------------------------------------------------------------------
# Lists


def _clean_each(rule: Callable[[str], str], values: Iterable[str] | None) -> list[str]:
    cleaned, errors = [], []
    for value in values or []:
        try:
            result = rule(value)
        except ValidationError as exc:
            errors.extend(exc.error_list)
            continue
        if result and result not in cleaned:
            cleaned.append(result)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_urls(values: Iterable[str] | None) -> list[str]:
    return _clean_each(clean_url, values)


def clean_emails(values: Iterable[str] | None) -> list[str]:
    return _clean_each(clean_email, values)


def clean_phones(values: Iterable[str] | None) -> list[str]:
    return _clean_each(clean_phone, values)


# ----------------------------------------------------------------------------------------------
# The table of a place's fields


FIELD_LABELS: dict[str, str] = {
    "nom": _("Nom du lieu"),
    "pivot": _("SIRET ou RNA"),
    "status": _("Statut"),
    "owner": _("Organisation responsable"),
    "is_fictional": _("Exemple fictif"),
    "adresse": _("Adresse"),
    "complement_adresse": _("Complément d'adresse"),
    "code_postal": _("Code postal"),
    "commune_nom": _("Commune"),
    "commune": _("Commune"),
    "code_insee": _("Code INSEE"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "telephones": _("Téléphones"),
    "courriels": _("Adresses e-mail"),
    "sites_web": _("Sites web"),
    "contact_name": _("Personne à contacter"),
    "horaires": _("Horaires d'ouverture"),
    "prise_rdv": _("Prise de rendez-vous en ligne"),
    "fiche_acces_libre": _("Fiche Accès libre (accessibilité)"),
    "typologie": _("Type de structure"),
    "presentation_resume": _("Présentation en une phrase"),
    "presentation_detail": _("Présentation détaillée"),
    "itinerance": _("Itinérance"),
    "structure_parente": _("Structure parente"),
    "date_maj": _("Date de mise à jour"),
    "services": _("Services proposés"),
    "publics_specifiquement_adresses": _("Publics accueillis en particulier"),
    "prise_en_charge_specifique": _("Accueil adapté"),
    "frais_a_charge": _("Frais à la charge du public"),
    "dispositif_programmes_nationaux": _("Dispositifs et programmes nationaux"),
    "formations_labels": _("Formations et labels"),
    "autres_formations_labels": _("Autres formations et labels"),
    "modalites_acces": _("Modalités d'accès"),
    "modalites_accompagnement": _("Modalités d'accompagnement"),
    "offers": _("Offres pour les associations"),
    "collected_by": _("Structure ayant collecté la donnée"),
    "source": _("Source des données"),
    "source_id": _("Identifiant dans la source"),
}

FIELD_RULES: dict[str, Callable] = {
    "pivot": clean_pivot,
    "code_postal": clean_postcode,
    "code_insee": clean_insee,
    "telephones": clean_phones,
    "courriels": clean_emails,
    "sites_web": clean_urls,
    "prise_rdv": clean_url,
    "fiche_acces_libre": clean_url,
    "horaires": clean_opening_hours,
}


def field_label(name: str) -> str:
    """The French label of a place's field (the field name itself for an unknown one)."""
    return str(FIELD_LABELS.get(name, name))


def clean_field(name: str, value):
    """Apply the rule of field ``name`` to ``value`` (unchanged when the field has no rule)."""
    rule = FIELD_RULES.get(name)
    return rule(value) if rule is not None else value


# ----------------------------------------------------------------------------------------------
# Reading a stored value


def format_phone(number: str) -> str:
    """A stored phone (E.164) as a French reader writes it: "02 38 00 00 00"."""
    try:
        parsed = phonenumbers.parse(number, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return number
    if parsed.country_code == 33:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _vocabulary_labels(name: str) -> dict:
    if name == "typologie":
        return voc.TYPOLOGIES
    if name == "offers":
        return voc.OFFERS
    return {}


def _status_label(value: str) -> str:
    from .models import Place  # the model imports this module

    try:
        return str(Place.Status(value).label)
    except ValueError:
        return value


def display_value(name: str, value) -> str:
    """A stored value of field ``name`` as people read it ("" when empty).

    Phones in the national format, lists joined with commas, booleans Oui / Non, dates in
    French, vocabulary codes (types of structure, offers) by their label.
    """
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return str(_("Oui") if value else _("Non"))
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(name, item) for item in value if item not in (None, ""))
    if name == "telephones":
        return format_phone(str(value))
    if name == "status":
        return _status_label(str(value))
    labels = _vocabulary_labels(name)
    if labels:
        return str(labels.get(value, value))
    if isinstance(value, (dt.date, dt.datetime)):
        return formats.date_format(value, "j F Y")
    if name == "date_maj" and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    if isinstance(value, float):
        return formats.number_format(value)
    return str(value)
