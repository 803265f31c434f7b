"""Identifiers of French organisations: RNA (associations) and SIRET (establishments).

- RNA: the national register of associations gives ``W`` followed by 9 letters or digits:
  ``W451012345`` (Loiret); the first characters are the code of the prefecture that keeps the
  file, which in Corsica and some overseas prefectures holds a letter (``W2A…``, ``W2B…``,
  ``W9T1002867``). The department part is checked where it can be: two digits must be a
  department of metropolitan France (01-95, not 20), ``2A``/``2B`` is Corsica, ``9`` followed by a
  digit or a letter is overseas. Associations declared before 2010 that never filed a change may
  still only know their old prefecture file number, written in various ways (``1234/5678``,
  ``0451012345``): we accept those too, as 4 to 10 digits with at most one slash, and say so
  in the help text.
- SIRET: 14 digits with a Luhn check (python-stdnum). La Poste's establishments (SIREN
  356000000) do not follow Luhn on the whole SIRET: stdnum knows this exception.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret

RNA_RE = re.compile(r"^W[0-9A-Z]{9}$", re.ASCII)
# The prefecture part of an RNA number (the 2 characters after W): metropolitan departments
# 01-19 and 21-95, Corsica 2A / 2B, overseas 9 + a digit or a letter (W971..., W9T...).
RNA_DEPARTMENT_RE = re.compile(r"^W(?:0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|9[6-9A-Z])", re.ASCII)
OLD_RNA_RE = re.compile(r"^(?=(?:\D*\d){4,10}\D*$)\d+(?:/\d+)?$", re.ASCII)

RNA_HELP = _(
    "W suivi de 9 chiffres ou lettres, par exemple W451012345 ou W2A1000123 (il figure sur le "
    "récépissé de la préfecture). Un ancien numéro de préfecture (par exemple 1234/5678) est "
    "aussi accepté."
)
SIRET_HELP = _("14 chiffres, par exemple 123 456 789 00012 (les espaces sont acceptés).")


def normalize_rna(value: str) -> str:
    value = re.sub(r"[\s.\-]", "", value or "").upper()
    return value


def validate_rna(value: str, *, allow_old: bool = True) -> str:
    """Return the normalised RNA number or raise a ValidationError with a French message.

    The one RNA check of the platform: the organisation form, the directory's ``pivot`` (form,
    model, every import) use it. ``allow_old=False`` refuses the old prefecture numbers (the
    national standard's ``pivot`` holds only a W number, a SIRET or a RIDET).
    """
    cleaned = normalize_rna(value)
    if RNA_RE.match(cleaned):
        if not RNA_DEPARTMENT_RE.match(cleaned):
            raise ValidationError(
                _("Le numéro RNA %(value)s ne commence pas par un code de département connu "
                  "(W suivi par exemple de 45, 2A ou 9T) : vérifiez-le sur le récépissé."),
                code="rna_department", params={"value": cleaned},
            )
        return cleaned
    if allow_old and OLD_RNA_RE.match(cleaned):
        return cleaned
    if cleaned.startswith("W"):
        raise ValidationError(
            _("Le numéro RNA doit comporter la lettre W suivie de 9 chiffres ou lettres (vous en "
              "avez saisi %(count)s)."),
            code="rna_length", params={"count": len(cleaned) - 1},
        )
    raise ValidationError(
        _("Ce numéro RNA n'est pas valide : il commence par W suivi de 9 chiffres ou lettres, par "
          "exemple W451012345."),
        code="rna_format",
    )


PIVOT_RE = re.compile(r"^[a-zA-Z0-9]{9,14}$", re.ASCII)  # the national standard's pattern


def validate_pivot(value: str) -> str:
    """The ``pivot`` of a place (national standard): a SIRET, an RNA number or a RIDET.

    An RNA number (starting with W) goes through :func:`validate_rna`; anything else must match the
    standard's pattern (9 to 14 letters or digits: SIRET, RIDET). Returns the cleaned value.
    """
    cleaned = re.sub(r"[\s.\-]", "", value or "")
    if cleaned[:1].upper() == "W":
        return validate_rna(cleaned, allow_old=False)
    if not PIVOT_RE.match(cleaned):
        raise ValidationError(
            _("« %(value)s » n'est ni un SIRET (14 chiffres) ni un numéro RNA (W suivi de 9 "
              "chiffres ou lettres)."),
            code="pivot_format", params={"value": (value or "")[:40]},
        )
    return cleaned


def normalize_siret(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_siret(value: str) -> str:
    """Return the 14-digit SIRET or raise a ValidationError with a French message."""
    cleaned = normalize_siret(value)
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise ValidationError(_("Le SIRET ne contient que des chiffres (14 chiffres)."),
                              code="siret_digits")
    try:
        return stdnum_siret.validate(cleaned)
    except InvalidLength:
        raise ValidationError(
            _("Le SIRET compte 14 chiffres (vous en avez saisi %(count)s)."),
            code="siret_length", params={"count": len(cleaned)},
        ) from None
    except (InvalidChecksum, InvalidFormat):
        raise ValidationError(
            _("Ce SIRET n'existe pas : un chiffre est sans doute mal recopié. Vérifiez-le sur "
              "l'avis de situation Insee ou sur annuaire-entreprises.data.gouv.fr."),
            code="siret_checksum",
        ) from None
