"""Identifiers of French organisations: RNA (associations) and SIRET (establishments).

- RNA: the national register of associations gives ``W`` followed by 9 digits (e.g.
  ``W451012345``). Associations declared before 2010 that never filed a change may still only
  know their old prefecture file number, written in various ways (``1234/5678``, ``0451012345``):
  we accept those too, as 4 to 10 digits with at most one slash, and say so in the help text.
- SIRET: 14 digits with a Luhn check (python-stdnum). La Poste's establishments (SIREN
  356000000) do not follow Luhn on the whole SIRET: stdnum knows this exception.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret

RNA_RE = re.compile(r"^W\d{9}$", re.ASCII)
OLD_RNA_RE = re.compile(r"^(?=(?:\D*\d){4,10}\D*$)\d+(?:/\d+)?$", re.ASCII)

RNA_HELP = _(
    "W suivi de 9 chiffres, par exemple W451012345 (il figure sur le récépissé de la "
    "préfecture). Un ancien numéro de préfecture (par exemple 1234/5678) est aussi accepté."
)
SIRET_HELP = _("14 chiffres, par exemple 123 456 789 00012 (les espaces sont acceptés).")


def normalize_rna(value: str) -> str:
    value = re.sub(r"[\s.\-]", "", value or "").upper()
    return value


def validate_rna(value: str) -> str:
    """Return the normalised RNA number or raise a ValidationError with a French message."""
    cleaned = normalize_rna(value)
    if RNA_RE.match(cleaned) or OLD_RNA_RE.match(cleaned):
        return cleaned
    if cleaned.startswith("W"):
        raise ValidationError(
            _("Le numéro RNA doit comporter la lettre W suivie de 9 chiffres (vous en avez saisi "
              "%(count)s)."),
            code="rna_length", params={"count": sum(c.isdigit() for c in cleaned)},
        )
    raise ValidationError(
        _("Ce numéro RNA n'est pas valide : il commence par W et compte 9 chiffres, par exemple "
          "W451012345."),
        code="rna_format",
    )


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
