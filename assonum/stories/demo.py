"""Demo stories: the three stories of the seed document, and three clearly fictional examples.

The seed stories are told from the facts of the seed ("Le numérique au service du projet
associatif en région Centre-Val de Loire"), in our own words. Idempotent: a story whose slug
already exists is left alone. Tools are looked up in the toolbox demo (run before this one);
missing ones are skipped.
"""

from django.utils.text import slugify

from assonum.core.models import HomePage

from .models import StoryIndexPage, StoryKind, StoryPage, StoryTheme
from .services import ensure_moderation_workflow, index_stories

THEMES = [
    ("Vie associative et gouvernance", "vie-associative"),
    ("Logiciels libres", "logiciels-libres"),
    ("Travail collaboratif", "travail-collaboratif"),
    ("Territoires ruraux", "territoires-ruraux"),
    ("Tiers-lieux et fab labs", "tiers-lieux"),
    ("Formation et éducation populaire", "formation"),
    ("Inclusion numérique", "inclusion-numerique"),
    ("Communication", "communication"),
    ("Réseaux et coopération", "cooperation"),
]

SEED_QUOTE = {
    "quote": "Les outils numériques ne sont pas une fin en soi, ce sont des outils au service "
             "d'un projet associatif.",
    "attribution": "Le Mouvement associatif Centre-Val de Loire, « Le numérique au service du "
                   "projet associatif »",
}

STORIES = [
    # --- Three fictional examples first, so that the seed stories are the latest ones. ---
    {
        "slug": "exemple-fictif-randonneurs-cher-framadate",
        "title": "Exemple fictif : des randonneurs du Cher fixent leurs sorties avec Framadate",
        "kind": StoryKind.TESTIMONIAL,
        "fictional": True,
        "organisation_name": "Les Chemins du Boischaut (association fictive)",
        "commune": ("18", "Saint-Amand-Montrond"),
        "summary": "Exemple fictif. Un club de randonnée remplace les longues chaînes de SMS "
                   "par un sondage en ligne libre pour choisir la date de ses sorties.",
        "themes": ["vie-associative", "logiciels-libres", "communication"],
        "tools": ["framadate", "thunderbird"],
        "body": [
            ("paragraph", "<p>Le club compte une soixantaine de marcheurs. Pour chaque sortie, "
             "le bureau envoyait des dizaines de SMS et recevait autant de réponses, souvent "
             "contradictoires.</p><h2>Ce qui a changé</h2><p>Le secrétaire crée maintenant un "
             "sondage Framadate par mois et envoie un seul lien. Chacun coche les dates qui lui "
             "conviennent, sans créer de compte. Les membres sans ordinateur répondent par "
             "téléphone au secrétaire, qui remplit le sondage pour eux.</p>"),
            ("quote", {"quote": "On a divisé par dix le nombre de messages, et plus personne "
                                "n'est oublié.", "attribution": "Le secrétaire du club (personnage "
                                                                "fictif)"}),
        ],
    },
    {
        "slug": "exemple-fictif-epicerie-solidaire-eure-et-loir",
        "title": "Exemple fictif : une épicerie solidaire d'Eure-et-Loir partage ses plannings",
        "kind": StoryKind.TESTIMONIAL,
        "fictional": True,
        "organisation_name": "L'Épi partagé (association fictive)",
        "commune": ("28", "Nogent-le-Rotrou"),
        "summary": "Exemple fictif. Trente bénévoles s'inscrivent aux permanences dans un "
                   "agenda partagé et retrouvent les documents de l'épicerie au même endroit.",
        "themes": ["travail-collaboratif", "logiciels-libres", "inclusion-numerique"],
        "tools": ["nextcloud", "libreoffice"],
        "body": [
            ("paragraph", "<p>Les plannings de permanence circulaient sur papier et par "
             "courriel. Il y avait toujours une version en retard.</p><h2>La solution "
             "choisie</h2><p>Une association de la commune héberge un Nextcloud pour plusieurs "
             "structures. L'épicerie y a un agenda partagé et un dossier commun. Deux "
             "bénévoles ont formé les autres pendant une matinée.</p>"),
            ("interview", {"person": "La coordinatrice (personnage fictif)", "items": [
                {"question": "Qu'est-ce qui a été le plus difficile ?",
                 "answer": "Convaincre les bénévoles qui n'aiment pas les écrans. Nous avons "
                           "gardé un planning papier à l'accueil, recopié chaque semaine."},
                {"question": "Que conseillez-vous à une autre association ?",
                 "answer": "Commencer petit : un seul agenda, un seul dossier. Le reste vient "
                           "ensuite."},
            ]}),
        ],
    },
    {
        "slug": "exemple-fictif-theatre-loir-et-cher-paheko",
        "title": "Exemple fictif : une troupe de théâtre du Loir-et-Cher tient ses comptes "
                 "avec Paheko",
        "kind": StoryKind.TESTIMONIAL,
        "fictional": True,
        "organisation_name": "Les Planches de Sologne (association fictive)",
        "commune": ("41", "Romorantin-Lanthenay"),
        "summary": "Exemple fictif. Le trésorier d'une troupe amateur quitte son tableur pour "
                   "un logiciel libre de gestion d'association : adhérents et comptes au "
                   "même endroit.",
        "themes": ["vie-associative", "logiciels-libres"],
        "tools": ["paheko", "libreoffice"],
        "body": [
            ("paragraph", "<p>Le trésorier tenait les adhésions et les comptes dans deux "
             "tableurs différents. Préparer l'assemblée générale lui prenait un week-end "
             "entier.</p><h2>Avec Paheko</h2><p>La troupe utilise un hébergement de Paheko "
             "pour une petite cotisation annuelle. Les adhésions, les cotisations et la "
             "comptabilité sont reliées. Le bilan de l'année sort en quelques clics.</p>"),
        ],
    },
    # --- The three stories of the seed document. ---
    {
        "slug": "dunar-usages-numeriques-associations-rurales",
        "title": "Le DUNAR : le numérique au service des associations rurales du Pays Loire Nature",
        "kind": StoryKind.PROJECT,
        "organisation_name": "ID37",
        "department": "37",
        "summary": "Lancé en mars 2016, le DUNAR aide les associations rurales du Pays Loire "
                   "Nature à développer leurs usages numériques, en travaillant ensemble.",
        "themes": ["territoires-ruraux", "vie-associative", "cooperation", "travail-collaboratif"],
        "tools": ["framadate", "etherpad", "nextcloud", "paheko"],
        "body": [
            ("paragraph", "<p>Le DUNAR, c'est le « Développement des usages numériques auprès "
             "des associations rurales ». Il est né en mars 2016. L'association ID37 le "
             "coordonne, en partenariat avec le Pays Loire Nature et la Région Centre-Val de "
             "Loire.</p><h2>Le but</h2><p>Améliorer la vie associative du Pays Loire Nature en "
             "y développant les usages du numérique.</p><h2>La méthode</h2><p>Dans les "
             "associations, les outils numériques servent à changer les habitudes : travailler "
             "de façon plus collective, plus collaborative et plus démocratique, en ligne comme "
             "hors ligne.</p><p>Les associations avancent en groupe. Elles se rencontrent, "
             "parlent de leurs difficultés et trouvent des solutions ensemble.</p><h2>À "
             "terme</h2><p>Le projet veut renforcer l'activité des associations du Pays Loire "
             "Nature : leur vie associative, leurs emplois et l'animation locale.</p>"),
            ("quote", SEED_QUOTE),
        ],
    },
    {
        "slug": "inter-truck-numerique",
        "title": "L'Inter Truck numérique : un fab lab qui roule vers les tiers-lieux ruraux",
        "kind": StoryKind.PROJECT,
        "organisation_name": "La Grange numérique",
        "summary": "Un projet nomade qui aide à créer des tiers-lieux à la campagne : il apporte "
                   "un fab lab portable, un accompagnement et des contacts avec d'autres acteurs "
                   "du numérique.",
        "themes": ["tiers-lieux", "territoires-ruraux", "formation", "cooperation"],
        "tools": ["libreoffice", "mobilizon", "framadate"],
        "body": [
            ("paragraph", "<p>L'Inter Truck numérique accompagne la création de tiers-lieux "
             "dans les zones rurales. Il s'adapte à chaque situation locale et apporte trois "
             "choses :</p><ul><li>de la technologie : un fab lab portable ;</li><li>des "
             "compétences d'accompagnement : trouver un modèle économique, mobiliser les "
             "associations ;</li><li>une mise en réseau avec d'autres porteurs de projets "
             "numériques.</li></ul>"),
            ("interview", {
                "person": "Mathieu Muselet, La Grange numérique (propos résumés)",
                "items": [
                    {"question": "Pouvez-vous retracer l'historique de ce projet ?",
                     "answer": "Avec le redécoupage des territoires, nous avons pensé que les "
                               "Régions auraient besoin de partenaires capables d'agir au plus "
                               "près des intercommunalités, pour donner plus d'effet aux "
                               "politiques publiques. Plus une décision se prend loin, plus elle "
                               "risque de passer à côté des vrais besoins des habitants. Un "
                               "accompagnement nomade et souple réduit ce risque et mobilise "
                               "vraiment les habitants autour du numérique."},
                    {"question": "En quoi ce projet apporte quelque chose aux associations ?",
                     "answer": "Les associations sont les acteurs locaux les plus proches des "
                               "habitants. Avec l'Inter Truck, leurs responsables et leurs "
                               "membres gagnent des compétences et des arguments pour valoriser "
                               "leurs projets. Au lieu d'acheter tout de suite du matériel, ils "
                               "peuvent emprunter des outils de haut niveau, avec le savoir-faire "
                               "qui va avec, et prévoir leurs achats dans le temps.\n\nIls "
                               "découvrent aussi que le numérique n'est pas forcément compliqué, "
                               "cher ou inutile. Il sert très concrètement : accès aux droits, "
                               "logiciels libres, mise en réseau des associations, visibilité "
                               "de leurs actions."},
                    {"question": "Pouvez-vous tracer un premier bilan ?",
                     "answer": "Le projet démarre tout juste, et beaucoup d'associations se "
                               "sont déjà portées candidates. Chez les habitants, le numérique "
                               "soulève des questions éthiques : l'accès aux droits, l'avenir "
                               "des enfants, la lutte contre les conservatismes. C'est pourquoi "
                               "le travail d'éducation populaire est indispensable à la "
                               "démarche."},
                ],
            }),
        ],
    },
    {
        "slug": "framasoft-outils-libres-association-a-distance",
        "title": "Framasoft : 35 membres dans 32 villes, une vie associative grâce aux "
                 "outils libres",
        "kind": StoryKind.TESTIMONIAL,
        "organisation_name": "Framasoft",
        "summary": "Les 35 membres de Framasoft vivent dans 3 pays et 32 villes. Des outils "
                   "libres leur permettent de débattre, de décider, de partager leurs documents "
                   "et de tenir leurs assemblées générales à distance.",
        "themes": ["logiciels-libres", "vie-associative", "travail-collaboratif"],
        "tools": ["jitsi-meet", "framadate", "etherpad", "nextcloud", "mattermost", "mastodon",
                  "peertube"],
        "body": [
            ("paragraph", "<p>Framasoft est une association d'éducation populaire qui défend le "
             "logiciel libre. Ses 35 membres ne vivent pas au même endroit : ils sont répartis "
             "dans 3 pays et 32 villes. Se retrouver dans une même salle est rare.</p><h2>Ce que "
             "les outils libres leur permettent</h2><ul><li>tenir les assemblées générales à "
             "distance ;</li><li>coordonner les campagnes ;</li><li>travailler ensemble sur les "
             "projets ;</li><li>ouvrir des débats et suivre les décisions prises ;</li><li>"
             "partager les documents ;</li><li>transmettre les savoirs et les compétences d'un "
             "membre à l'autre.</li></ul><h2>À retenir pour votre association</h2><p>La distance "
             "n'empêche pas une vie associative riche, à condition de choisir ses outils et de "
             "se fixer des règles pour s'en servir. Les outils libres ont un atout de plus : les "
             "données des membres ne sont pas exploitées par une entreprise.</p>"),
            ("video", {
                "url": "https://framatube.org/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d",
                "title": "Qu'est-ce que PeerTube ?",
                "description": "Une courte vidéo de Framasoft qui présente PeerTube, son "
                               "logiciel libre pour publier des vidéos sans passer par une "
                               "grande plateforme.",
                "duration": "",
            }),
        ],
    },
]


def _norm(text: str) -> str:
    return slugify(text)


def _tools_for(slugs):
    from assonum.toolbox.models import ToolPage

    tools = list(ToolPage.objects.live().only("pk", "slug", "title"))
    by_key = {}
    for tool in tools:
        by_key.setdefault(tool.slug, tool)
        by_key.setdefault(_norm(tool.title), tool)
    return [by_key[s] for s in slugs if s in by_key]


def _commune(department_code, name):
    from assonum.territory.models import Commune

    return Commune.objects.filter(department_id=department_code, name=name).first()


def _organisation(name):
    from assonum.organisations.models import Organisation

    return Organisation.objects.filter(name__iexact=name).first()


def ensure_index() -> StoryIndexPage:
    index = StoryIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        if home is None:
            raise RuntimeError("The core demo (home page) must run before the stories demo.")
        index = StoryIndexPage(
            title="Témoignages",
            slug="temoignages",
            seo_title="Témoignages et projets innovants des associations",
            intro="Des associations racontent ce que le numérique a changé pour elles, et les "
                  "projets qui aident les autres à s'y mettre.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    ensure_moderation_workflow(index=index)
    return index


def load(stdout=None) -> list[str]:
    for order, (name, slug) in enumerate(THEMES, start=1):
        StoryTheme.objects.get_or_create(slug=slug, defaults={"name": name, "order": order * 10})
    themes = {t.slug: t for t in StoryTheme.objects.all()}
    index = ensure_index()
    created = 0
    for spec in STORIES:
        if StoryPage.objects.filter(slug=spec["slug"]).exists():
            continue
        from assonum.territory.models import Department

        commune = _commune(*spec["commune"]) if spec.get("commune") else None
        department_code = spec.get("department") or (spec.get("commune") or [None])[0]
        department = Department.objects.filter(code=department_code or "").first()
        organisation = _organisation(spec["organisation_name"])
        page = StoryPage(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            summary=spec["summary"],
            is_fictional=spec.get("fictional", False),
            organisation=organisation,
            organisation_name="" if organisation else spec["organisation_name"],
            commune=commune,
            department=department,
            body=spec["body"],
        )
        page.themes.set([themes[s] for s in spec["themes"] if s in themes])
        page.tools.set(_tools_for(spec["tools"]))
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    if created:
        index_stories()
    lines = []
    if created:
        lines.append(f"Témoignages : {created} publiés sous /temoignages/.")
    return lines
