"""Demo organisations of every kind, in several departments, with member accounts (idempotent).

Seat communes are REAL communes loaded by the territory demo (looked up by INSEE code; an
organisation is created without a seat when its commune is missing). The organisations
themselves are invented: each description says so ("exemple fictif"), and their RNA / SIRET
numbers use series that are not given to real bodies (SIREN 9999xxxxx).
"""

from assonum.accounts.demo import STAFF_PASSWORD, demo_user
from assonum.territory.models import Commune

from .models import Membership, Organisation

FICTIONAL = "Exemple fictif, créé pour la démonstration de la plateforme."

# slug, kind, name, INSEE code, sector, rna, siret, members, volunteers, employees, description
ORGANISATIONS = [
    ("amis-mediatheque-levroux", "association", "Les Amis de la médiathèque de Levroux", "36093",
     "culture", "W369990001", "", 85, 12, 0,
     "Ateliers de lecture, prêt de liseuses et aide aux démarches en ligne pour les habitants."),
    ("judo-club-chartrain", "association", "Judo club chartrain", "28085", "sport", "",
     "99990001200017", 240, 25, 2, "Club de judo et de self-défense, pour tous les âges."),
    ("solidarite-numerique-berry", "association", "Solidarité numérique en Berry", "18033",
     "social", "W189990002", "99990002000010", 60, 20, 1,
     "Accompagnement des personnes éloignées du numérique, collecte d'ordinateurs."),
    ("jardins-partages-tours", "association", "Jardins partagés de Tours", "37261",
     "environment", "W379990003", "", 130, 18, 0,
     "Jardins collectifs en ville, ateliers compost et semences."),
    ("foyer-rural-jeu-les-bois", "association", "Foyer rural de Jeu-les-Bois", "36089", "leisure",
     "W369990004", "", 45, 9, 0, "Animation du village : fêtes, sorties, club informatique."),
    ("fablab-val-de-loire", "actor", "Fab lab du Val de Loire", "41018", "digital", "",
     "99990003800012", None, 8, 3,
     "Atelier de fabrication numérique ouvert aux associations : impression 3D, découpe laser."),
    ("relais-numerique-chateauroux", "actor", "Le Relais numérique", "36044", "digital",
     "W369990005", "", 30, 6, 2, "Tiers-lieu et espace public numérique : ateliers, permanences."),
    ("imprimerie-orleanaise", "donor", "Imprimerie orléanaise", "45234", "economy", "",
     "99990004600015", None, None, 35,
     "Entreprise qui renouvelle son parc informatique et donne ses anciens ordinateurs."),
    ("reseau-asso-numerique-centre", "network", "Réseau des associations numériques du Centre",
     "45234", "digital", "W459990006", "", 40, 10, 2,
     "Réseau régional qui relie les associations et les acteurs du numérique."),
    ("federation-foyers-ruraux-indre", "network", "Fédération des foyers ruraux de l'Indre",
     "36044", "leisure", "W369990007", "", 25, 15, 1,
     "Fédération départementale des foyers ruraux et associations d'animation rurale."),
]

# Which association belongs to which network.
NETWORK_MEMBERS = {
    "reseau-asso-numerique-centre": ["solidarite-numerique-berry", "amis-mediatheque-levroux",
                                     "relais-numerique-chateauroux"],
    "federation-foyers-ruraux-indre": ["foyer-rural-jeu-les-bois", "amis-mediatheque-levroux"],
}

# email, first name, last name, [(organisation slug, role)], label of the login line
PEOPLE = [
    ("asso@assonum.localhost", "Dominique", "Martin",
     [("amis-mediatheque-levroux", "admin"), ("foyer-rural-jeu-les-bois", "admin"),
      ("jardins-partages-tours", "admin"), ("judo-club-chartrain", "admin"),
      ("solidarite-numerique-berry", "admin")],
     "Association (administratrice)"),
    ("benevole@assonum.localhost", "Sacha", "Bernard",
     [("amis-mediatheque-levroux", "member")],
     "Association (bénévole, membre)"),
    ("acteur@assonum.localhost", "Alex", "Petit",
     [("fablab-val-de-loire", "admin"), ("relais-numerique-chateauroux", "admin")],
     "Acteur du numérique (administrateur)"),
    ("donateur@assonum.localhost", "Claude", "Moreau", [("imprimerie-orleanaise", "admin")],
     "Donateur (administrateur)"),
    ("reseau@assonum.localhost", "Morgan", "Laurent",
     [("reseau-asso-numerique-centre", "admin"), ("federation-foyers-ruraux-indre", "admin")],
     "Réseau (administrateur)"),
]


def load(stdout=None) -> list[str]:
    communes = Commune.objects.in_bulk([row[3] for row in ORGANISATIONS])
    organisations = {}
    missing = set()
    for (slug, kind, name, insee, sector, rna, siret, members, volunteers, employees,
         description) in ORGANISATIONS:
        commune = communes.get(insee)
        if commune is None:
            missing.add(insee)
        org, _created = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind, "name": name, "seat_commune": commune, "sector": sector,
                "rna": rna, "siret": siret, "members_count": members,
                "volunteers_count": volunteers, "employees_count": employees,
                "description": f"{description}\n\n{FICTIONAL}",
                "public_email": f"contact@{slug}.example",
                "is_verified": kind != "donor",
            },
        )
        organisations[slug] = org
    for network_slug, member_slugs in NETWORK_MEMBERS.items():
        for member_slug in member_slugs:
            organisations[member_slug].networks.add(organisations[network_slug])
    lines = []
    for email, first_name, last_name, roles, label in PEOPLE:
        user = demo_user(email, first_name=first_name, last_name=last_name)
        for slug, role in roles:
            Membership.objects.update_or_create(
                user=user, organisation=organisations[slug], defaults={"role": role})
        lines.append(f"{label} : {email} / {STAFF_PASSWORD}")
    if missing and stdout is not None:
        stdout.write(f"Organisations : communes absentes ({', '.join(sorted(missing))}), "
                     "sièges laissés vides.")
    return lines
