"""The themes an association can ask help for, and the directory offers that answer each one.

The directory's own vocabulary (``assonum.directory.vocabularies.OFFERS``) says what a digital
actor offers to associations; a theme is worded as a need and maps to one or more offers. A
request is routed to the places whose ``offers`` contain one of its themes' offers.
"""

from django.utils.translation import gettext_lazy as _

from assonum.directory.vocabularies import OFFERS

# slug -> (label, offers of the directory that answer it)
THEMES = {
    "site-web": (_("Site web"), ["prestation"]),
    "formation": (_("Formation des bénévoles et salariés"), ["formation"]),
    "accompagnement": (_("Accompagnement de l'association"), ["accompagnement", "diagnostic"]),
    "materiel": (_("Matériel informatique"), ["materiel"]),
    "hebergement-libre": (_("Hébergement libre (logiciels libres)"), ["hebergement-libre"]),
    "donnees-rgpd": (_("Données, RGPD et sécurité"), ["sensibilisation", "accompagnement"]),
    "fablab": (_("Fab lab, atelier de fabrication"), ["fablab"]),
    "acces-internet": (_("Accès à internet, postes en libre service"), ["acces-internet"]),
}
THEME_SLUGS = list(THEMES)
THEME_CHOICES = [(slug, label) for slug, (label, _offers) in THEMES.items()]

assert all(offer in OFFERS for _label, offers in THEMES.values() for offer in offers)


def label(slug: str) -> str:
    return str(THEMES[slug][0]) if slug in THEMES else slug


def offers_for(themes) -> list[str]:
    """The directory offers answering any of ``themes`` (in a stable order)."""
    found = []
    for slug in themes:
        for offer in THEMES.get(slug, ("", []))[1]:
            if offer not in found:
                found.append(offer)
    return found


def from_parameter(value: str) -> str | None:
    """A theme slug from a GET parameter: a theme slug or a directory offer slug."""
    value = (value or "").strip().lower()
    if value in THEMES:
        return value
    for slug, (_label, offers) in THEMES.items():
        if value in offers:
            return slug
    return None
