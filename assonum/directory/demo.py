"""Demo places of the directory: 38 places over the region's 6 departments (idempotent).

Runs after the territory demo (communes are looked up by INSEE code: real communes, real
positions, plus a small offset so that places of one commune do not overlap) and after the
organisations demo (two listings belong to demo organisations).

Facts come from the seed document where it gives them: the house of Le Mouvement associatif
Centre-Val de Loire (6 ter rue Abbé Pasty, Fleury-les-Aubrais, its phone, e-mail and website), ID37
coordinating the DUNAR in Indre-et-Loire, the Inter Truck numérique of La Grange numérique (an
itinerant place). Everything else is invented and marked ``is_fictional`` (the page shows
"exemple fictif"): invented places use e-mail domains in ``.example`` and phone numbers of the
ranges reserved for fiction (02 61 91 xx xx).
"""

from datetime import timedelta

from django.utils import timezone

from .models import Place, base_slug, unique_slug

SOURCE = "assonum-demo"

SEED_NOTE = (
    "Source : « Le numérique au service du projet associatif en région Centre-Val de Loire »."
)
FICTIONAL_NOTE = "Exemple fictif, créé pour la démonstration de la plateforme."

HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:30",
    "Tu,Th 14:00-18:00; Sa 09:00-12:00",
    "We 14:00-19:00; Sa 10:00-17:00",
    "Mo-Fr 09:00-17:00; PH off",
    "Tu-Sa 10:00-12:30,14:00-18:00",
    "Mo 14:00-17:00; We 09:00-12:00; Fr 14:00-17:00",
    "Tu-Fr 13:30-18:00; Sa 09:30-12:30",
    "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00",
]
INVALID_HOURS = "lundi et jeudi 9h-12h (sur rendez-vous)"  # shown as given on the page

ACCESS = [
    ["Se présenter", "Téléphoner"],
    ["Téléphoner", "Contacter par mail"],
    ["Prendre un RDV en ligne", "Téléphoner"],
    ["Se présenter"],
]
SUPPORT = [
    ["Accompagnement individuel", "Dans un atelier collectif"],
    ["En autonomie", "Accompagnement individuel"],
    ["Dans un atelier collectif"],
    ["Accompagnement individuel", "À distance"],
]

S_DEMARCHES = "Aide aux démarches administratives"
S_OUTILS = "Maîtrise des outils numériques du quotidien"
S_INSERTION = "Insertion professionnelle via le numérique"
S_SECURITE = "Utilisation sécurisée du numérique"
S_PARENT = "Parentalité et éducation avec le numérique"
S_LOISIRS = "Loisirs et créations numériques"
S_MONDE = "Compréhension du monde numérique"
S_ACCES = "Accès internet et matériel informatique"
S_MATERIEL = "Acquisition de matériel informatique à prix solidaire"

# id, name, INSEE, address, typologie, offers, services, fees, summary
PLACES = [
    # Cher (18)
    ("18-01", "Espace numérique du Val d'Auron", "18033", "12 rue du Val d'Auron", ["EPN"],
     ["formation", "acces-internet"], [S_OUTILS, S_DEMARCHES, S_ACCES], ["Gratuit"],
     "Postes en libre service, ateliers d'initiation et aide aux démarches en ligne."),
    ("18-02", "Atelier du réemploi informatique berruyer", "18033", "4 allée des Artisans",
     ["RESSOURCERIE", "ASSO"], ["materiel"], [S_MATERIEL, S_ACCES], ["Payant"],
     "Ordinateurs reconditionnés à prix solidaire pour les associations et les habitants."),
    ("18-03", "Tiers-lieu de la Forge", "18279", "21 rue de la Forge", ["TIERS_LIEUX"],
     ["fablab", "formation", "hebergement-libre"], [S_LOISIRS, S_MONDE], ["Gratuit sous condition"],
     "Fab lab, coworking et hébergement de services libres pour les associations du Vierzonnais."),
    ("18-04", "Médiathèque numérique du Boischaut", "18197", "2 place de la République", ["BIB"],
     ["acces-internet", "sensibilisation"], [S_OUTILS, S_PARENT, S_SECURITE], ["Gratuit"],
     "Ateliers sur les écrans en famille et la sécurité en ligne."),
    ("18-05", "Point numérique du Pays fort", "18015", "8 rue du Château", ["MUNI"],
     ["accompagnement"], [S_DEMARCHES, S_OUTILS], ["Gratuit"],
     "Un conseiller numérique aide les habitants et les associations, sur rendez-vous."),
    ("18-06", "Collectif Sancerre libre", "18241", "1 rue du Puits", ["ASSO"],
     ["hebergement-libre", "prestation"], [S_MONDE, S_SECURITE], ["Payant"],
     "Hébergement de Nextcloud et de sites web pour les associations, en logiciels libres."),
    # Eure-et-Loir (28)
    ("28-01", "Maison du numérique chartraine", "28085", "5 rue Noël Ballay", ["EPN", "MUNI"],
     ["formation", "accompagnement", "diagnostic"], [S_OUTILS, S_INSERTION], ["Gratuit"],
     "Formations courtes pour les bénévoles : mails, tableurs, réseaux sociaux."),
    ("28-02", "Fab lab drouais", "28134", "3 rue des Osmeaux", ["FABLAB"],
     ["fablab"], [S_LOISIRS], ["Payant"],
     "Impression 3D, découpe laser et électronique, ouvert aux associations le samedi."),
    ("28-03", "Cyber-espace dunois", "28088", "14 rue de la Madeleine", ["EPN"],
     ["acces-internet", "formation"], [S_ACCES, S_OUTILS], ["Gratuit"],
     "Accès à internet et ateliers pour débuter sur ordinateur."),
    ("28-04", "Perche numérique solidaire", "28280", "7 rue Gouverneur", ["ASSO"],
     ["materiel", "accompagnement"], [S_MATERIEL, S_DEMARCHES], ["Gratuit sous condition"],
     "Prêt et don d'ordinateurs, aide aux démarches pour les associations du Perche."),
    ("28-05", "Centre social de Lucé", "28218", "2 avenue de la République", ["CS"],
     ["sensibilisation"], [S_PARENT, S_SECURITE], ["Gratuit"],
     "Ateliers parents-enfants sur les écrans, les réseaux sociaux et les arnaques en ligne."),
    ("28-06", "Bonneval conseil web associatif", "28051", "10 rue de Chartres", ["ESS"],
     ["prestation", "diagnostic"], [S_INSERTION, S_MONDE], ["Payant"],
     "Création de sites web et diagnostic numérique des associations, en coopérative."),
    # Indre (36)
    ("36-01", "Espace public numérique de Saint-Jean", "36044", "18 rue des Marins", ["EPN"],
     ["formation", "acces-internet"], [S_OUTILS, S_ACCES, S_DEMARCHES], ["Gratuit"],
     "Espace public numérique : postes en libre accès, ateliers et permanences."),
    ("36-02", "Châteauroux réemploi numérique", "36044", "25 avenue de la Manufacture",
     ["RESSOURCERIE"], ["materiel"], [S_MATERIEL], ["Payant"],
     "Reconditionnement d'ordinateurs et collecte de matériel d'entreprise."),
    ("36-03", "Tiers-lieu des Marais", "36063", "3 rue des Marais", ["TIERS_LIEUX"],
     ["fablab", "formation"], [S_LOISIRS, S_MONDE], ["Gratuit sous condition"],
     "Tiers-lieu rural : fab lab, café numérique, ateliers pour les associations."),
    ("36-04", "Point info numérique d'Ardentes", "36005", "1 place de l'Église", ["MUNI"],
     ["accompagnement"], [S_DEMARCHES], ["Gratuit"],
     "Permanence d'aide aux démarches en ligne, le mercredi matin."),
    ("36-05", "Club informatique de Levroux", "36093", "6 rue Nationale", ["ASSO"],
     ["formation", "sensibilisation"], [S_OUTILS, S_SECURITE], ["Payant"],
     "Cours d'informatique pour les adhérents et les bénévoles des associations locales."),
    ("36-06", "Espace numérique d'Issoudun", "36088", "9 place du 10 Juin", ["EPN"],
     ["acces-internet"], [S_ACCES, S_OUTILS], ["Gratuit"],
     "Postes en libre service et impressions pour les démarches."),
    ("36-07", "Médiathèque de La Châtre", "36046", "Place de l'Hôtel de Ville", ["BIB"],
     ["sensibilisation", "acces-internet"], [S_MONDE, S_PARENT], ["Gratuit"],
     "Ateliers de culture numérique et accès à internet."),
    ("36-08", "Association Argenton connecté", "36006", "11 rue Paul Bert", ["ASSO"],
     ["accompagnement", "hebergement-libre"], [S_OUTILS, S_INSERTION], ["Gratuit sous condition"],
     "Accompagnement des petites associations vers des outils libres."),
    # Indre-et-Loire (37)
    ("37-01", "La Cantine numérique tourangelle", "37261", "15 rue Nationale", ["TIERS_LIEUX"],
     ["formation", "prestation", "diagnostic"], [S_INSERTION, S_MONDE], ["Payant"],
     "Formations au numérique pour les associations et accompagnement de projets."),
    ("37-02", "Espace public numérique des Fontaines", "37261", "4 rue Saint-François", ["EPN"],
     ["acces-internet", "formation"], [S_OUTILS, S_DEMARCHES, S_ACCES], ["Gratuit"],
     "Ateliers du quotidien : smartphone, mails, démarches."),
    ("37-03", "Amboise numérique pour tous", "37003", "19 rue Nationale", ["ASSO"],
     ["accompagnement"], [S_DEMARCHES, S_OUTILS], ["Gratuit"],
     "Accompagnement individuel, sur rendez-vous."),
    ("37-04", "Fab lab du Chinonais", "37072", "2 quai Jeanne d'Arc", ["FABLAB"],
     ["fablab", "formation"], [S_LOISIRS], ["Payant"],
     "Atelier de fabrication numérique ouvert aux associations et aux écoles."),
    ("37-05", "Réemploi informatique du Lochois", "37132", "7 rue du Château", ["RESSOURCERIE"],
     ["materiel"], [S_MATERIEL, S_ACCES], ["Payant"],
     "Collecte et reconditionnement d'ordinateurs pour les associations."),
    # Loir-et-Cher (41)
    ("41-02", "Espace numérique de Vendôme", "41269", "3 rue Poterie", ["EPN"],
     ["acces-internet", "formation"], [S_OUTILS, S_ACCES], ["Gratuit"],
     "Ateliers d'initiation et postes en libre service."),
    ("41-03", "Sologne numérique", "41194", "12 rue Notre-Dame du Lieu", ["ASSO"],
     ["accompagnement", "diagnostic"], [S_DEMARCHES, S_INSERTION], ["Gratuit sous condition"],
     "Diagnostic numérique et accompagnement des associations de Sologne."),
    ("41-04", "Point numérique de Montoire", "41149", "Place Clemenceau", ["MUNI"],
     ["acces-internet"], [S_ACCES, S_DEMARCHES], ["Gratuit"],
     "Accès à internet et aide aux démarches, à la mairie."),
    ("41-05", "Collectif libre de Salbris", "41232", "5 avenue d'Orléans", ["ASSO"],
     ["hebergement-libre", "formation"], [S_MONDE, S_SECURITE], ["Gratuit"],
     "Install-parties et hébergement de services libres pour les associations."),
    ("41-06", "Médiathèque de Mer", "41136", "1 rue Dutems", ["BIB"],
     ["sensibilisation"], [S_PARENT, S_LOISIRS], ["Gratuit"],
     "Jeux vidéo, création numérique et ateliers en famille."),
    # Loiret (45)
    ("45-02", "Orléans numérique solidaire", "45234", "30 rue Bannier", ["ASSO"],
     ["materiel", "accompagnement"], [S_MATERIEL, S_DEMARCHES], ["Gratuit sous condition"],
     "Don d'ordinateurs reconditionnés aux associations et aux personnes aidées."),
    ("45-03", "Le Lab orléanais", "45234", "8 rue de la Charpenterie", ["FABLAB", "TIERS_LIEUX"],
     ["fablab", "formation", "prestation"], [S_LOISIRS, S_MONDE], ["Payant"],
     "Fab lab et formations au numérique pour les associations."),
    ("45-04", "Espace numérique du Montargois", "45208", "2 rue du Port", ["EPN"],
     ["acces-internet", "formation"], [S_OUTILS, S_ACCES], ["Gratuit"],
     "Postes en libre accès et ateliers hebdomadaires."),
    ("45-05", "Gien connecté", "45155", "6 quai Lenoir", ["ASSO"],
     ["accompagnement", "sensibilisation"], [S_SECURITE, S_DEMARCHES], ["Gratuit"],
     "Ateliers sur la sécurité en ligne et les démarches, pour tous."),
    ("45-06", "Point numérique du Pithiverais", "45252", "Place du Martroi", ["MUNI"],
     ["acces-internet"], [S_ACCES], ["Gratuit"],
     "Postes en libre service et impressions."),
]


def _specs():
    """Every place as a dict of Place fields (without commune and position)."""
    today = timezone.localdate()
    specs = []
    for n, row in enumerate(PLACES):
        ident, name, insee, address, typologie, offers, services, fees, summary = row
        phone = f"+332619100{n:02d}"
        specs.append({
            "id": ident, "insee": insee, "offset": n,
            "nom": name, "adresse": address, "typologie": typologie, "offers": offers,
            "services": services, "frais_a_charge": fees, "presentation_resume": summary,
            "presentation_detail": f"{summary}\n\n{FICTIONAL_NOTE}",
            "horaires": INVALID_HOURS if ident == "37-03" else HOURS[n % len(HOURS)],
            "modalites_acces": ACCESS[n % len(ACCESS)],
            "modalites_accompagnement": SUPPORT[n % len(SUPPORT)],
            "publics_specifiquement_adresses": ["Seniors"] if n % 5 == 0 else [],
            "dispositif_programmes_nationaux": ["Conseillers numériques"] if n % 3 == 0 else [],
            "itinerance": ["Fixe"],
            "telephones": [phone], "courriels": [f"contact@{ident}.assonum.example"],
            "sites_web": [f"https://{ident}.assonum.example/"],
            "contact_name": "", "is_fictional": True,
            # a few listings not updated for more than a year (the reminders and staff queue)
            "date_maj": today - timedelta(days=400 + n if n % 7 == 3 else 10 + n),
        })
    # Facts given by the seed document.
    specs.append({
        "id": "mouvement-associatif-cvl", "insee": "45147", "offset": 0,
        "nom": "Le Mouvement associatif Centre-Val de Loire",
        "adresse": "6 ter rue Abbé Pasty",
        "complement_adresse": "Maison régionale de l'économie sociale et solidaire – BP 41223",
        "typologie": ["ASSO"], "offers": ["accompagnement", "formation"], "services": [],
        "frais_a_charge": [],
        "presentation_resume": (
            "Le réseau régional des associations : contactez-le pour être accompagné dans le "
            "numérique (bénévoles et salariés associatifs)."
        ),
        "presentation_detail": SEED_NOTE, "horaires": "",
        "modalites_acces": ["Téléphoner", "Contacter par mail"], "modalites_accompagnement": [],
        "publics_specifiquement_adresses": [], "dispositif_programmes_nationaux": [],
        "itinerance": ["Fixe"], "telephones": ["+33238680236"],
        "courriels": ["accueil-centre@lemouvementassociatif.org"],
        "sites_web": ["http://www.lemouvementassociatif-centre.org"],
        "contact_name": "", "is_fictional": False, "date_maj": today,
    })
    specs.append({
        "id": "id37-dunar", "insee": "37123", "offset": 1,
        "nom": "ID37 – coordination du DUNAR",
        "adresse": "Adresse d'exemple, 1 place du Marché",
        "typologie": ["ASSO"], "offers": ["accompagnement", "formation", "diagnostic"],
        "services": [S_OUTILS, S_MONDE], "frais_a_charge": ["Gratuit sous condition"],
        "presentation_resume": (
            "L'association ID37 coordonne le DUNAR (Développement des usages numériques auprès "
            "des associations rurales), né en mars 2016 avec le Pays Loire Nature et la Région."
        ),
        "presentation_detail": (
            "Le DUNAR aide les associations du Pays Loire Nature à développer leurs usages "
            f"numériques, en collectif. {SEED_NOTE}\n\nL'adresse, les horaires et les contacts de "
            f"cette fiche sont fictifs. {FICTIONAL_NOTE}"
        ),
        "horaires": "Mo-Fr 09:00-12:30,13:30-17:00",
        "modalites_acces": ["Téléphoner"],
        "modalites_accompagnement": ["Dans un atelier collectif"],
        "publics_specifiquement_adresses": [], "dispositif_programmes_nationaux": [],
        "itinerance": ["Fixe"], "telephones": ["+33261910090"],
        "courriels": ["contact@id37.assonum.example"],
        "sites_web": [], "contact_name": "", "is_fictional": True, "date_maj": today,
    })
    specs.append({
        "id": "inter-truck-numerique", "insee": "41018", "offset": 2,
        "nom": "Inter Truck numérique (La Grange numérique)",
        "adresse": "Point de départ d'exemple, 2 rue du Commerce",
        "typologie": ["TIERS_LIEUX", "FABLAB"], "offers": ["fablab", "accompagnement", "materiel"],
        "services": [S_LOISIRS, S_MONDE, S_ACCES], "frais_a_charge": ["Gratuit sous condition"],
        "presentation_resume": (
            "Un camion qui va de village en village avec un fab lab portable pour aider à créer "
            "des tiers-lieux ruraux, porté par La Grange numérique."
        ),
        "presentation_detail": (
            "L'Inter Truck numérique prête des outils technologiques avec le savoir-faire qui va "
            "avec, aide les associations à trouver un modèle économique et les met en réseau. "
            f"{SEED_NOTE}\n\nLe point de départ, les horaires et les contacts de cette fiche "
            f"sont fictifs. {FICTIONAL_NOTE}"
        ),
        "horaires": "Mo-Fr 10:00-17:00 \"selon la tournée\"",
        "modalites_acces": ["Téléphoner", "Contacter par mail"],
        "modalites_accompagnement": ["Dans un atelier collectif", "Accompagnement individuel"],
        "publics_specifiquement_adresses": [], "dispositif_programmes_nationaux": [],
        "itinerance": ["Itinérant"], "telephones": ["+33261910091"],
        "courriels": ["contact@inter-truck.assonum.example"], "sites_web": [],
        "contact_name": "", "is_fictional": True, "date_maj": today,
        "structure_parente": "La Grange numérique",
    })
    return specs


# Listings owned by demo organisations (organisations demo slugs).
OWNERS = {"36-01": "relais-numerique-chateauroux", "41-05": "fablab-val-de-loire"}
# Offsets (degrees) spreading places of one commune, 300-600 m apart.
_OFFSETS = [(0.003, 0.002), (-0.003, 0.004), (0.004, -0.003), (-0.002, -0.005)]


def load(stdout=None) -> list[str]:
    from assonum.organisations.models import Organisation
    from assonum.territory.models import Commune

    specs = _specs()
    communes = Commune.objects.in_bulk({s["insee"] for s in specs})
    owners = Organisation.objects.in_bulk(set(OWNERS.values()), field_name="slug")
    created = updated = 0
    missing = []
    for spec in specs:
        spec = dict(spec)
        commune = communes.get(spec.pop("insee"))
        if commune is None:
            missing.append(spec["nom"])
            continue
        ident, offset = spec.pop("id"), spec.pop("offset")
        d_lat, d_lon = _OFFSETS[offset % len(_OFFSETS)]
        spec.update(
            commune=commune, commune_nom=commune.name, code_insee=commune.code,
            code_postal=(commune.postal_codes or ["00000"])[0],
            latitude=(
                round(commune.latitude + d_lat, 6) if commune.latitude is not None else None
            ),
            longitude=(
                round(commune.longitude + d_lon, 6) if commune.longitude is not None else None
            ),
            status=Place.Status.PUBLISHED, collected_by="AssoNum (démonstration)",
            owner=owners.get(OWNERS.get(ident, "")),
        )
        place = Place.objects.filter(source=SOURCE, source_id=ident).first()
        if place is None:
            place = Place(source=SOURCE, source_id=ident)
            slug = base_slug(spec["nom"], commune.name)
            if Place.objects.filter(slug=slug).exists():
                place.slug = unique_slug(spec["nom"], commune.name)
            else:
                place.slug = slug
            created += 1
        else:
            updated += 1
        for field, value in spec.items():
            setattr(place, field, value)
        place.save()
    lines = [f"Annuaire : {created} lieux créés, {updated} mis à jour."]
    if missing:
        lines.append(
            f"Annuaire : {len(missing)} lieux sans commune chargée "
            "(lancez la démo du territoire)."
        )
    return lines
