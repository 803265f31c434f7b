import pytest

from assonum.newsletter.models import (
    NewsletterArchivePage,
    NewsletterIssuePage,
    NewsletterSectionPage,
)

from .factories import TopicFactory, region_departments


@pytest.fixture(autouse=True)
def clear_cache():
    """The subscription-email throttle lives in the cache: start every test afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def departments(db):
    return {department.code: department for department in region_departments()}


@pytest.fixture
def topics(db):
    return {
        "outils": TopicFactory(slug="outils", name="Outils et logiciels libres",
                               match_kinds="tool"),
        "temoignages": TopicFactory(slug="temoignages", name="Témoignages", match_kinds="story"),
        "fiches": TopicFactory(slug="fiches", name="Fiches pratiques", match_kinds="guide"),
    }


@pytest.fixture
def archive(demo_site):
    section = NewsletterSectionPage(title="Lettre", slug="lettre")
    demo_site.add_child(instance=section)
    archive = NewsletterArchivePage(title="Les anciens numéros", slug="archives")
    section.add_child(instance=archive)
    return archive


@pytest.fixture
def make_issue(archive):
    def make(number=1, *, body=None, live=True, **fields):
        issue = NewsletterIssuePage(
            title=f"Lettre n° {number}", slug=f"numero-{number}", number=number,
            intro="Les nouvelles du mois.",
            body=body if body is not None else [
                ("paragraph", "<p>Bonjour à toutes et à tous.</p>"),
                ("digest", {"title": "Les nouveautés", "kinds": [], "max_items": 10}),
            ],
            live=live, **fields,
        )
        archive.add_child(instance=issue)
        return issue

    return make
