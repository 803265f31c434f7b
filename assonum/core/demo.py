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
        "intro": "Déclaration d'accessibilité du site.",
        "body": [
            ("paragraph", "<h2>État de conformité</h2><p>Ce site vise la conformité au "
             "référentiel général d'amélioration de l'accessibilité (RGAA 4.1), niveau AA. Il "
             "est partiellement conforme : aucun audit complet n'a encore été réalisé.</p>"),
            ("paragraph", "<h2>Ce que nous vérifions</h2><p>Chaque page publique est testée "
             "automatiquement avec l'outil axe à chaque modification du logiciel. Les pages "
             "fonctionnent sans JavaScript, restent lisibles avec un zoom à 200 % et sur un "
             "écran de 320 pixels de large.</p>"),
            ("paragraph", "<h2>Signaler un problème</h2><p>Si vous ne pouvez pas accéder à un "
             "contenu ou à un service, écrivez-nous : nous vous répondrons et vous donnerons "
             "l'information sous une autre forme.</p><p>Si vous n'obtenez pas de réponse, vous "
             "pouvez saisir le Défenseur des droits.</p>"),
        ],
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


def load(stdout=None) -> list[str]:
    SiteIdentity.load()  # creates the row with its defaults
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
        if ContentPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = ContentPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            body=spec["body"],
            show_contact_details=spec.get("show_contact_details", False),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return []
