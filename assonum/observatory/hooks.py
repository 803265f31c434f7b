"""Blocks this app adds to other apps' pages through their extension points.

``toolbox.tool_page``: "Utilisé par 23 associations de la région" on a tool page. The
diagnostic asks which *kinds* of tools an association uses (a free office suite, a group
messaging app...); :data:`TOOL_ANSWERS` maps a tool page's slug to the answer that names its
kind (the setting ``OBSERVATORY_TOOL_ANSWERS`` replaces it). Same anonymity rule as the
observatory: nothing shown for a group of fewer than ``OBSERVATORY_MIN_GROUP`` associations.
The visitor's department is known when they belong to an association with a seat commune.
"""

from __future__ import annotations

from django.conf import settings

from . import services
from .figures import Observatory

OFFICE = "Une suite bureautique libre (LibreOffice...)"
SHARING = "Un espace de partage libre (Nextcloud...)"
MESSAGING = "Une messagerie de groupe (Signal, Element...)"
PLATFORMS = "Les outils des grandes plateformes (Google, Microsoft, Facebook)"
MANAGEMENT = "Un logiciel de gestion d'association"

TOOL_ANSWERS = {
    "libreoffice": OFFICE,
    "nextcloud": SHARING,
    "signal": MESSAGING,
    "element": MESSAGING,
    "paheko": MANAGEMENT,
    "galette": MANAGEMENT,
    "assoconnect": MANAGEMENT,
    **{slug: PLATFORMS for slug in (
        "gmail", "google-drive", "google-agenda", "google-contacts", "google-forms",
        "microsoft-365", "outlook", "facebook", "instagram", "whatsapp")},
}

# "de l'Indre", "d'Indre-et-Loire", "du Cher": the article of each department's name.
OF_DEPARTMENT = {"Cher": "du Cher", "Loiret": "du Loiret", "Indre": "de l'Indre",
                 "Indre-et-Loire": "d'Indre-et-Loire", "Eure-et-Loir": "d'Eure-et-Loir",
                 "Loir-et-Cher": "de Loir-et-Cher"}


def of_department(name: str) -> str:
    if name in OF_DEPARTMENT:
        return OF_DEPARTMENT[name]
    return f"d'{name}" if name[:1].lower() in "aeiouyéèêîh" else f"de {name}"


def visitor_department(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    from assonum.organisations.models import Membership

    code = (Membership.objects.filter(user=user, organisation__seat_commune__isnull=False)
            .order_by("pk").values_list("organisation__seat_commune__department_id", flat=True)
            .first())
    return code or ""


def tool_usage(request, tool_page):
    answers = getattr(settings, "OBSERVATORY_TOOL_ANSWERS", TOOL_ANSWERS)
    answer = answers.get(getattr(tool_page, "slug", None) or "")
    if not answer:
        return None
    observatory = Observatory(services.snapshot())
    region = observatory.tool_usage(answer, "")
    if region is None:
        return None
    local = None
    code = visitor_department(request)
    if code in observatory.department_names:
        usage = observatory.tool_usage(answer, code)
        if usage is not None:
            local = {**usage, "of": of_department(observatory.department_names[code])}
    return {"template": "observatory/includes/tool_block.html", "region": region,
            "region_name": observatory.region_name, "local": local, "answer": answer,
            "computed_at": observatory.computed_at, "min_group": observatory.min_group}
