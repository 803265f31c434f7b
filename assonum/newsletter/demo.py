"""Demo content of the newsletter (idempotent): topics, the archive with two past issues, a
draft third issue to try sending from the back office, and a few confirmed subscribers."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from assonum.core.models import HomePage
from assonum.territory.models import Department

from .consent import WORDINGS
from .models import (
    NewsletterArchivePage,
    NewsletterIssuePage,
    NewsletterSectionPage,
    Subscriber,
    Topic,
)

TOPICS = [
    ("outils-logiciels-libres", "Outils et logiciels libres",
     "De nouveaux outils pour votre association, les logiciels libres d'abord.", "tool",
     "logiciel-libre"),
    ("fiches-pratiques", "Fiches pratiques", "Des conseils pas à pas.", "guide", ""),
    ("temoignages", "Témoignages", "Des associations racontent leurs projets.", "story", ""),
    ("acteurs-pres-de-chez-moi", "Acteurs du numérique près de chez moi",
     "Tiers-lieux, fab labs, espaces publics numériques, France Services…", "place", ""),
    ("formations-evenements", "Formations et événements",
     "Ateliers, formations et rencontres dans la région.", "event", ""),
    ("dons-ordinateurs", "Dons d'ordinateurs",
     "Des ordinateurs donnés aux associations.", "offer", ""),
    ("fonds-accompagnement", "Fonds d'accompagnement",
     "Les appels à candidatures du fonds et les aides possibles.", "fund", ""),
]

ISSUES = [
    {
        "number": 1,
        "slug": "numero-1-bienvenue",
        "title": "N° 1 – Bienvenue sur AssoNum",
        "days_ago": 60,
        "intro": "Voici la première lettre d'AssoNum, l'espace numérique des associations du "
                 "Centre-Val de Loire.",
        "body": [
            ("paragraph",
             "<h2>Pourquoi cette lettre ?</h2><p>Beaucoup d'associations nous l'ont dit : on "
             "reçoit trop d'informations, on n'a pas le temps de tout lire. Cette lettre est "
             "courte. Vous choisissez vos thèmes et votre département, et vous ne recevez que "
             "ce qui vous concerne.</p>"),
            ("paragraph",
             "<h2>Ce que vous trouvez sur le site</h2><ul><li>La boîte à outils : des outils "
             "pour communiquer, travailler ensemble, gérer les adhérents. Les logiciels libres "
             "d'abord.</li><li>Des fiches pratiques, simples, pas à pas.</li><li>Des "
             "témoignages d'associations et de projets de la région.</li><li>L'annuaire des "
             "acteurs du numérique près de chez vous.</li></ul>"),
            ("paragraph",
             "<h2>Et ensuite ?</h2><p>Les dons d'ordinateurs, un fonds d'accompagnement et un "
             "agenda des formations arrivent bientôt. Nous vous en parlerons ici.</p>"),
        ],
    },
    {
        "number": 2,
        "slug": "numero-2-premiers-modules",
        "title": "N° 2 – La boîte à outils et l'annuaire sont ouverts",
        "days_ago": 0,
        "intro": "Ce mois-ci : la boîte à outils et l'annuaire des acteurs du numérique sont "
                 "en ligne. Voici les nouveautés qui vous concernent.",
        "body": [
            ("paragraph",
             "<p>Merci aux associations qui ont testé le site et nous ont fait leurs "
             "remarques. Grâce à vous, les pages sont plus légères et plus simples à lire, "
             "même sur un vieux téléphone.</p>"),
            ("digest", {"title": "Les nouveautés du mois", "kinds": [], "max_items": 8}),
            ("paragraph",
             "<h2>Un conseil pour finir</h2><p>Avant de choisir un outil, demandez-vous ce "
             "dont votre association a vraiment besoin. Un bon outil est un outil que tout le "
             "monde sait utiliser.</p>"),
        ],
    },
]

DRAFT_ISSUE = {
    "number": 3,
    "slug": "numero-3",
    "title": "N° 3 – Les nouveautés du mois",
    "intro": "Les nouveautés depuis la dernière lettre, choisies pour vous.",
    "body": [
        ("paragraph", "<p>Bonjour à toutes et à tous,</p><p>Voici ce qui est nouveau sur "
                      "AssoNum depuis la dernière lettre.</p>"),
        ("digest", {"title": "Les nouveautés", "kinds": [], "max_items": 10}),
    ],
}

SUBSCRIBERS = [
    ("lecteur.cher@example.org", ["outils-logiciels-libres", "fiches-pratiques"], ["18"]),
    ("presidente.loiret@example.org", ["temoignages", "acteurs-pres-de-chez-moi"], ["45"]),
    ("tresorier.tours@example.org", ["fonds-accompagnement", "dons-ordinateurs"], ["37"]),
    ("benevole.chartres@example.org", [], ["28"]),
    ("coordination@example.org", [], []),
    ("secretaire.blois@example.org", ["formations-evenements", "outils-logiciels-libres"],
     ["41", "36"]),
]


def _load_topics() -> int:
    created = 0
    for order, (slug, name, description, kinds, tags) in enumerate(TOPICS):
        _, was_created = Topic.objects.get_or_create(slug=slug, defaults={
            "name": name, "description": description, "order": order * 10,
            "match_kinds": kinds, "match_tags": tags,
        })
        created += was_created
    return created


def _load_pages():
    home = HomePage.objects.first()
    if home is None:
        return None
    section = NewsletterSectionPage.objects.first()
    if section is None:
        section = NewsletterSectionPage(title="Lettre d'information", slug="lettre",
                                        show_in_menus=False)
        home.add_child(instance=section)
        section.save_revision().publish()
    archive = NewsletterArchivePage.objects.first()
    if archive is None:
        archive = NewsletterArchivePage(
            title="Les anciens numéros de la lettre", slug="archives",
            intro="Tous les numéros déjà envoyés, à lire en ligne.",
        )
        section.add_child(instance=archive)
        archive.save_revision().publish()
    now = timezone.now()
    for spec in ISSUES:
        if NewsletterIssuePage.objects.filter(slug=spec["slug"]).exists():
            continue
        sent_at = now - timedelta(days=spec["days_ago"])
        issue = NewsletterIssuePage(
            title=spec["title"], slug=spec["slug"], number=spec["number"],
            issue_date=timezone.localdate(sent_at), intro=spec["intro"], body=spec["body"],
            send_status=NewsletterIssuePage.SendStatus.SENT, sent_at=sent_at,
        )
        archive.add_child(instance=issue)
        issue.save_revision().publish()
    if not NewsletterIssuePage.objects.filter(slug=DRAFT_ISSUE["slug"]).exists():
        issue = NewsletterIssuePage(
            title=DRAFT_ISSUE["title"], slug=DRAFT_ISSUE["slug"], number=DRAFT_ISSUE["number"],
            intro=DRAFT_ISSUE["intro"], body=DRAFT_ISSUE["body"], live=False,
        )
        archive.add_child(instance=issue)
        issue.save_revision()
    return archive


def _load_subscribers() -> int:
    codes = set(Department.objects.filter(region_code=settings.REGION_CODE)
                .values_list("code", flat=True))
    version, text = WORDINGS["full"]
    created = 0
    now = timezone.now()
    for email, topic_slugs, department_codes in SUBSCRIBERS:
        if Subscriber.objects.by_email(email).exists():
            continue
        subscriber = Subscriber.objects.create(
            email=email, status=Subscriber.Status.ACTIVE, confirmed_at=now, consent_at=now,
            consent_source=settings.SITE_URL + "/lettre/", consent_wording_version=version,
            consent_text=str(text),
        )
        subscriber.topics.set(Topic.objects.filter(slug__in=topic_slugs))
        subscriber.departments.set([code for code in department_codes if code in codes])
        created += 1
    return created


def load(stdout=None) -> list[str]:
    topics = _load_topics()
    archive = _load_pages()
    subscribers = _load_subscribers()
    lines = [f"newsletter: {topics} topics, {subscribers} subscribers created"]
    if archive is not None:
        lines.append("newsletter: archive at /lettre/archives/")
    return lines
