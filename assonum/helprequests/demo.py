"""Demo of the "mise en relation": requests in every state (idempotent, "exemple fictif").

Adds a fictional association in Issoudun and three fictional digital actors offering website
help around it (their own directory listings), so that the scenario "an association of
Issoudun asks for a website" can be played with the demo accounts.
"""

from datetime import timedelta

from django.utils import timezone

from assonum.accounts.demo import demo_user
from assonum.directory.models import Place
from assonum.organisations.models import Membership, Organisation
from assonum.territory.models import Commune

from . import services
from .models import HelpRequest, ThankYou

FICTIONAL = "Exemple fictif, créé pour la démonstration de la plateforme."
SOURCE = "assonum-demo-mise-en-relation"

ASSOCIATION = ("comite-fetes-issoudun", "Comité des fêtes d'Issoudun", "36088", "W369990010")
# slug, name, INSEE code, address, offers, presentation
ACTORS = [
    ("atelier-web-boischaut", "Atelier web du Boischaut", "36088", "4 rue de la Poterie",
     ["prestation", "formation"], "Sites web simples pour les associations, en logiciels libres."),
    ("numerique-solidaire-berry", "Numérique solidaire en Berry", "36044", "12 rue Grande",
     ["prestation", "accompagnement"], "Accompagnement et création de sites associatifs."),
    ("cooperative-web-vierzon", "Coopérative web de Vierzon", "18279", "2 place Gabriel Péri",
     ["prestation", "hebergement-libre"], "Hébergement libre et sites web en coopérative."),
]
USER_ACTOR = "acteur@assonum.localhost"
USER_ASSOCIATION = "asso@assonum.localhost"

# need, themes, state, days ago
REQUESTS = [
    ("Notre site ne s'affiche plus et nous voudrions le refaire simplement pour annoncer la fête "
     "de la musique et nos lotos.", ["site-web"], "sent", 1),
    ("Nous cherchons quelqu'un pour former nos bénévoles à un outil de gestion des adhésions "
     "en logiciel libre.", ["formation"], "escalated", 9),
    ("Il nous faut une adresse de courriel à notre nom et un agenda partagé pour le bureau.",
     ["hebergement-libre"], "taken", 4),
    ("Nous voulons publier le programme de nos sorties en ligne et recevoir les inscriptions.",
     ["site-web"], "in_progress", 12),
    ("Refaire la page d'accueil de notre site avec les horaires et un plan d'accès.",
     ["site-web"], "resolved", 30),
    ("Savoir quelles données sur nos adhérents nous avons le droit de garder (RGPD).",
     ["donnees-rgpd"], "closed", 20),
]


def _actors(communes):
    user = demo_user(USER_ACTOR, first_name="Alex", last_name="Petit")
    places = []
    for slug, name, insee, address, offers, text in ACTORS:
        commune = communes.get(insee)
        if commune is None:
            continue
        organisation, _ = Organisation.objects.update_or_create(
            slug=slug, defaults={"kind": Organisation.Kind.ACTOR, "name": name,
                                 "seat_commune": commune, "sector": "digital",
                                 "description": f"{text}\n\n{FICTIONAL}",
                                 "public_email": f"contact@{slug}.example", "is_verified": True})
        Membership.objects.update_or_create(user=user, organisation=organisation,
                                            defaults={"role": Membership.Role.ADMIN})
        place, _ = Place.objects.update_or_create(
            source=SOURCE, source_id=slug,
            defaults={"nom": name, "slug": slug, "adresse": address, "commune": commune,
                      "commune_nom": commune.name, "code_insee": commune.code,
                      "code_postal": (commune.postal_codes or ["00000"])[0],
                      "latitude": commune.latitude, "longitude": commune.longitude,
                      "offers": offers, "presentation_resume": text,
                      "courriels": [f"contact@{slug}.example"], "owner": organisation,
                      "status": Place.Status.PUBLISHED, "is_fictional": True,
                      "collected_by": "AssoNum (démonstration)"})
        places.append(place)
    return places


def load(stdout=None) -> list[str]:
    slug, name, insee, rna = ASSOCIATION
    communes = Commune.objects.in_bulk([insee] + [a[2] for a in ACTORS])
    issoudun = communes.get(insee)
    if issoudun is None:
        return ["Mise en relation : Issoudun n'est pas chargée (lancez la démo du territoire)."]
    association, _ = Organisation.objects.update_or_create(
        slug=slug, defaults={"kind": Organisation.Kind.ASSOCIATION, "name": name,
                             "seat_commune": issoudun, "sector": "leisure", "rna": rna,
                             "description": f"Fêtes, lotos et sorties.\n\n{FICTIONAL}",
                             "public_email": f"contact@{slug}.example", "is_verified": True})
    member = demo_user(USER_ASSOCIATION, first_name="Dominique", last_name="Martin")
    Membership.objects.update_or_create(user=member, organisation=association,
                                        defaults={"role": Membership.Role.ADMIN})
    places = _actors(communes)
    if HelpRequest.objects.filter(is_fictional=True).exists():
        return ["Mise en relation : demandes de démonstration déjà présentes."]
    actor_user = demo_user(USER_ACTOR)
    now = timezone.now()
    for need, themes, state, days in REQUESTS:
        help_request = services.create_request(
            organisation=association, author=member, need=f"{need} (exemple fictif)",
            themes=themes, commune=issoudun, urgency=HelpRequest.Urgency.NORMAL,
            contact_by=HelpRequest.Contact.SITE, contact_email=member.email,
            is_fictional=True, now=now - timedelta(days=days))
        if state == "escalated":
            services.escalate_unanswered(now=now)
        if state in ("sent", "escalated"):
            continue
        if state == "closed":
            services.finish(help_request=help_request, target=HelpRequest.Status.CLOSED,
                            by=member, note="Nous avons trouvé la réponse entre-temps.")
            continue
        place = next((p for p in places if p.pk in set(
            help_request.recipients.values_list("place_id", flat=True))), places[0])
        services.take(help_request=help_request, place=place, by=actor_user,
                      now=now - timedelta(days=days - 1))
        if state == "taken":
            continue
        services.start(help_request=help_request, by=actor_user)
        services.post_message(help_request=help_request, author=actor_user, side="actor",
                              body="Bonjour, pouvons-nous nous appeler jeudi matin ?",
                              now=now - timedelta(days=days - 1, hours=-2))
        services.post_message(help_request=help_request, author=member, side="association",
                              body="Oui, jeudi 10 h nous convient très bien. Merci !",
                              now=now - timedelta(days=days - 2))
        if state == "resolved":
            services.finish(help_request=help_request, target=HelpRequest.Status.RESOLVED,
                            by=actor_user)
            services.rate(help_request=help_request, outcome=HelpRequest.Outcome.MET, by=member,
                          thank_you="Merci pour votre patience : notre nouveau site est en ligne "
                                    "et les inscriptions arrivent ! (exemple fictif)")
            thank_you = ThankYou.objects.get(request=help_request)
            services.moderate_thank_you(thank_you=thank_you, publish=True, by=None)
    return [f"Mise en relation : {len(REQUESTS)} demandes de démonstration (Issoudun), "
            f"connexion {USER_ASSOCIATION} ou {USER_ACTOR}."]
