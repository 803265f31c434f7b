"""Demo content of the site shell: the home page and the footer pages (idempotent)."""

from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .models import ContentPage, HomePage, SiteIdentity

FOOTER_PAGES = [
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "intro": "Qui publie ce site, qui l'héberge, et sous quelle licence.",
        "body": [
            ("paragraph", "<h2>Éditeur</h2><p>Ce site est édité par Le Mouvement associatif "
             "Centre-Val de Loire, Maison Régionale de l'Économie Sociale et Solidaire, 6 ter rue "
             "Abbé Pasty, BP 41223, 45401 Fleury-les-Aubrais. Téléphone : 02 38 68 02 36.</p>"
             "<p>Directeur ou directrice de la publication : la présidence de l'association.</p>"),
            ("paragraph", "<h2>Hébergement</h2><p>Le nom et l'adresse de l'hébergeur sont indiqués "
             "ici par l'équipe qui met le site en ligne.</p>"),
            ("paragraph", "<h2>Logiciel libre</h2><p>AssoNum est un logiciel libre, publié sous "
             "licence GNU Affero GPL version 3 ou ultérieure. Chacun peut l'utiliser, l'étudier, "
             "le modifier et le partager.</p><p>Les textes du site peuvent être repris en citant "
             "la source.</p>"),
        ],
    },
    {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "intro": "Ce que nous gardons sur vous, pourquoi, combien de temps, et vos droits.",
        "body": [
            ("paragraph", "<h2>Ce que nous gardons</h2><ul><li>Votre compte : adresse e-mail, nom "
             "si vous le donnez, associations dont vous êtes membre.</li><li>La lettre "
             "d'information : adresse e-mail, thèmes et départements choisis, date et texte de "
             "votre accord.</li><li>Ce que vous publiez pour une association (témoignage, fiche "
             "de l'annuaire).</li></ul>"),
            ("paragraph", "<h2>Pourquoi</h2><p>Uniquement pour faire fonctionner le service que "
             "vous demandez. Nous ne vendons et ne prêtons aucune donnée. Le site n'utilise pas "
             "de traceur publicitaire ni de mesure d'audience tierce.</p>"),
            ("paragraph", "<h2>Combien de temps</h2><ul><li>Inscription non confirmée : effacée "
             "après 30 jours.</li><li>Compte ou abonnement inactif : effacé après 3 ans, comme le "
             "recommande la CNIL.</li></ul>"),
            ("paragraph", "<h2>Vos droits</h2><p>Depuis votre espace, vous pouvez télécharger "
             "toutes vos données et supprimer votre compte. Chaque lettre contient un lien de "
             "désabonnement. Pour toute question, écrivez-nous (voir la page Contact). Vous "
             "pouvez aussi saisir la CNIL.</p>"),
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Accessibilité",
        "intro": "Déclaration d'accessibilité du site, établie le 1er décembre 2026.",
        "body": "accessibility_statement",  # built by accessibility_statement() below
    },
    {
        "slug": "contact",
        "title": "Contact",
        "intro": ("Une question sur le numérique dans votre association ? "
                  "Écrivez-nous ou appelez-nous."),
        "body": [
            ("paragraph", "<p>Nous pouvons vous orienter vers un outil, une fiche pratique ou un "
             "acteur du numérique près de chez vous.</p>"),
        ],
        "show_contact_details": True,
    },
]


STATEMENT_DATE = "1er décembre 2026"
DEFENSEUR_URL = "https://formulaire.defenseurdesdroits.fr/"


def accessibility_statement(identity) -> list[tuple[str, str]]:
    """The accessibility statement, on the model of the RGAA (version 4.1.2).

    No audit has been made: the model then requires the state "non conforme". The list of
    non-accessible content is what the automated checks (axe-core on every page the browser
    tests visit) and the manual checks of the date found.
    """
    email = identity.email
    return [
        ("paragraph",
         f"<p>{identity.organisation_name} s'engage à rendre ce site accessible conformément à "
         "l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration "
         f"d'accessibilité s'applique au site AssoNum. Elle a été établie le {STATEMENT_DATE}."
         "</p>"),
        ("paragraph",
         "<h2>État de conformité</h2><p>Ce site est <strong>non conforme</strong> au "
         "référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.2 : "
         "aucun audit de conformité n'a encore été réalisé. Un audit complet est prévu ; "
         "cette déclaration sera mise à jour avec ses résultats.</p>"),
        ("paragraph",
         "<h2>Vérifications faites</h2><ul>"
         "<li>Vérification automatique : chaque page publique visitée par les tests du "
         "logiciel (accueil, boîte à outils, annuaire, témoignages, fiches pratiques, "
         "recherche, dons de matériel, agenda, mise en relation, formulaires) est contrôlée "
         "avec l'outil axe-core (règles WCAG 2.1 niveaux A et AA) à chaque modification. "
         "Aucune erreur n'est signalée sur ces pages à la date de la déclaration.</li>"
         "<li>Vérifications manuelles : navigation au clavier seul, affichage sur un écran "
         "de 320 pixels de large et avec un zoom à 200 %, utilisation sans JavaScript.</li>"
         "</ul><p>Outils utilisés : axe-core, navigateur Chromium, Firefox, lecteur d'écran "
         "NVDA.</p>"),
        ("paragraph",
         "<h2>Contenus non accessibles</h2><p>Les vérifications ont relevé ces "
         "non-conformités :</p><ul>"
         "<li>La carte interactive de l'annuaire n'est pas entièrement utilisable au clavier "
         "ni avec un lecteur d'écran (regroupements de lieux, bulles d'information). La liste "
         "des lieux et la carte simplifiée de la même page donnent les mêmes "
         "informations.</li>"
         "<li>Les vidéos des témoignages, hébergées par des services extérieurs, n'ont pas "
         "toujours de sous-titres ni de transcription.</li>"
         "<li>Les documents à télécharger (PDF, tableurs) déposés par les associations et les "
         "partenaires n'ont pas été vérifiés.</li>"
         "<li>L'espace d'administration (réservé à l'équipe du réseau) n'a pas été "
         "vérifié.</li></ul>"),
        ("paragraph",
         "<h2>Retour d'information et contact</h2><p>Si vous ne pouvez pas accéder à un "
         "contenu ou à un service, écrivez-nous : nous vous répondrons et vous donnerons "
         f"l'information sous une autre forme.</p><p><a href=\"mailto:{email}\">Écrire à "
         f"{email}</a> ou passer par la page <a href=\"/contact/\">Contact</a>.</p>"),
        ("paragraph",
         "<h2>Voies de recours</h2><p>Si vous nous avez signalé un défaut d'accessibilité "
         "qui vous empêche d'accéder à un contenu ou à un service et que vous n'avez pas "
         "obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :</p>"
         f"<ul><li>en ligne : <a href=\"{DEFENSEUR_URL}\">formulaire du Défenseur des "
         "droits</a> ;</li><li>en contactant le délégué du Défenseur des droits dans votre "
         "région ;</li><li>par courrier, gratuitement, sans affranchissement : Défenseur des "
         "droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>"),
    ]


def load(stdout=None) -> list[str]:
    identity = SiteIdentity.load()  # creates the row with its defaults
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=_("Accueil"),
            slug="accueil",
            seo_title="AssoNum – le numérique au service des associations",
            intro=(
                "Des outils, des conseils et des contacts pour que le numérique serve le "
                "projet de votre association."
            ),
        )
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = "AssoNum"
            site.save()
        else:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True,
                site_name="AssoNum",
            )
        if old_root and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    for spec in FOOTER_PAGES:
        body = spec["body"]
        if body == "accessibility_statement":
            body = accessibility_statement(identity)
        existing = ContentPage.objects.filter(slug=spec["slug"]).first()
        if existing is not None:
            if spec["slug"] == "accessibilite" and "partiellement conforme" in str(existing.body):
                # The former statement claimed a conformity no audit supports: replace it.
                existing.intro, existing.body = spec["intro"], body
                existing.save_revision().publish()
            continue
        page = ContentPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            body=body,
            show_contact_details=spec.get("show_contact_details", False),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return []
