"""Demo agenda (idempotent; every event is "exemple fictif"): a tour of the Indre with five stops,
a recurring workshop (first Tuesday of the month), a full training with a waiting list, webinars.

Runs after the territory, organisations, toolbox and directory demos (communes by INSEE code,
organisers by slug, tools by slug). Dates are relative to the first loading day; a second run
finds the events by slug and changes nothing. Demo registrations are written directly (no email).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Audience, Event, Kind, Level, Registration, Tour

TOUR_SLUG = "tournee-inter-truck-indre"
ORGANISER = "relais-numerique-chateauroux"
FICTIONAL = "Exemple fictif, créé pour la démonstration de la plateforme."

# (INSEE code, address, days from now)
TOUR_STOPS = [
    ("36018", "Place de la Libération", 10),  # Le Blanc
    ("36046", "Place du Marché", 12),  # La Châtre
    ("36088", "Place du Sacré-Cœur", 14),  # Issoudun
    ("36006", "Place de la République", 17),  # Argenton-sur-Creuse
    ("36228", "Place de l'Hôtel de ville", 19),  # Valençay
]
WAITING_NAMES = ["Camille Girard", "Jules Fontaine", "Inès Roux"]
CONFIRMED_NAMES = ["Léa Bernard", "Hugo Martin", "Chloé Dubois", "Louis Thomas", "Emma Robert",
                   "Noah Richard", "Manon Petit", "Nathan Durand"]


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _first_tuesday_next_month() -> datetime:
    today = timezone.localdate()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    first += timedelta(days=(1 - first.weekday()) % 7)
    return timezone.make_aware(datetime.combine(first, time(14, 0)))


def _event(slug: str, **fields) -> tuple[Event, bool]:
    existing = Event.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    tools = fields.pop("tools", [])
    topics = fields.pop("topics", [])
    event = Event(slug=slug, status=Event.Status.PUBLISHED, is_fictional=True, **fields)
    event.description = (event.description + "\n\n" if event.description else "") + FICTIONAL
    event.save()
    from assonum.toolbox.models import Need, ToolPage

    event.tools.set(ToolPage.objects.filter(slug__in=tools))
    event.topics.set(Need.objects.filter(slug__in=topics))
    return event, True


def _registrations(event: Event, names, status) -> None:
    now = timezone.now()
    for index, name in enumerate(names):
        email = name.lower().replace(" ", ".").replace("é", "e").replace("è", "e") + "@example.org"
        Registration.objects.get_or_create(
            event=event, email=email,
            defaults={"name": name, "status": status, "confirmed_at": now,
                      "waiting_since": now + timedelta(seconds=index)
                      if status == Registration.Status.WAITING else None,
                      "organisation_name": "Association exemple (fictive)"})


@transaction.atomic
def load(stdout=None) -> list[str]:
    from assonum.directory.models import Place
    from assonum.organisations.models import Organisation
    from assonum.territory.models import Commune

    organiser = Organisation.objects.filter(slug=ORGANISER).first()
    fablab = Organisation.objects.filter(slug="fablab-val-de-loire").first()
    codes = {code for code, _a, _d in TOUR_STOPS} | {"18279", "36044"}
    communes = Commune.objects.in_bulk(codes)
    created = 0

    tour, _ = Tour.objects.get_or_create(slug=TOUR_SLUG, defaults={
        "title": "L'Inter Truck numérique dans l'Indre",
        "description": "Le camion-atelier s'arrête une journée dans cinq communes de l'Indre : "
                       "démonstrations, initiation et conseils pour les associations du "
                       "territoire. " + FICTIONAL,
        "organisation": organiser, "is_fictional": True})
    for number, (code, address, days) in enumerate(TOUR_STOPS, start=1):
        commune = communes.get(code)
        if commune is None:
            continue
        _e, new = _event(
            f"inter-truck-{commune.code}", title=f"Inter Truck numérique à {commune.name}",
            kind=Kind.TOUR_STOP, tour=tour, commune=commune, address=address,
            summary=f"Étape {number} de la tournée : s'initier aux outils libres pour "
                    "son association, sans rendez-vous.",
            start=_at(days, 10), end=_at(days, 17), capacity=30, organisation=organiser,
            accessibility="Camion accessible par une rampe ; place de stationnement réservée.",
            tools=["nextcloud", "cryptpad", "libreoffice"], topics=["collaborer", "apprendre"])
        created += new

    vierzon = communes.get("18279")
    if vierzon is not None:
        place = Place.objects.filter(source="assonum-demo", source_id="18-03").first()
        first, new = _event(
            "atelier-nextcloud-vierzon", title="Atelier : partager ses documents avec Nextcloud",
            kind=Kind.WORKSHOP, commune=vierzon, place=place,
            address="" if place else "21 rue de la Forge",
            summary="Chaque premier mardi du mois : créer l'espace partagé de l'association "
                    "et y ranger les documents du bureau.",
            start=_first_tuesday_next_month(),
            end=_first_tuesday_next_month() + timedelta(hours=2, minutes=30),
            capacity=12, organisation=fablab, audience=Audience.VOLUNTEERS,
            accessibility="Salle de plain-pied, toilettes accessibles.",
            tools=["nextcloud"], topics=["collaborer"])
        if new:
            from . import services

            occurrences = services.create_occurrences(
                template=first, rule="FREQ=MONTHLY;BYDAY=+1TU;COUNT=4")
            created += len(occurrences)

    chateauroux = communes.get("36044")
    if chateauroux is not None:
        full, new = _event(
            "formation-rgpd-chateauroux", title="Formation : le RGPD pour les associations",
            kind=Kind.TRAINING, commune=chateauroux, address="18 rue des Marins",
            summary="Une matinée pour tenir le fichier des adhérents dans les règles.",
            start=_at(8, 9, 30), end=_at(8, 12, 30), capacity=8, organisation=organiser,
            audience=Audience.LEADERS, level=Level.INTERMEDIATE,
            tools=["paheko", "galette"], topics=["proteger", "gerer"])
        if new:
            _registrations(full, CONFIRMED_NAMES, Registration.Status.CONFIRMED)
            _registrations(full, WAITING_NAMES, Registration.Status.WAITING)
            Event.objects.filter(pk=full.pk).update(seats_taken=len(CONFIRMED_NAMES))
            created += 1

    for slug, title, days, tools, topics in [
        ("webinaire-visio-libre", "Webinaire : réunir son bureau en visioconférence libre", 5,
         ["element"], ["se-reunir"]),
        ("webinaire-sobriete-numerique", "Webinaire : un numérique plus sobre pour l'association",
         21, ["libreoffice"], ["sobriete"]),
    ]:
        _e, new = _event(
            slug, title=title, kind=Kind.WEBINAR, is_online=True,
            online_url="https://visio.example.org/assonum-" + slug,
            summary="Une heure en ligne, avec des questions à la fin.",
            start=_at(days, 18), end=_at(days, 19), capacity=None, organisation=organiser,
            tools=tools, topics=topics)
        created += new
    return [f"Agenda : {created} événements créés (tournée, série, formation complète, "
            "webinaires)."]
