"""The stories' private pages, for the meta-test of tests/core/test_private_urls.py."""

from django.utils import timezone

from assonum.core import demo
from assonum.core.models import HomePage
from assonum.stories.models import StoryIndexPage, StoryProposal
from tests.private_urls import PrivateURL
from tests.stories.factories import make_member, make_story


def build() -> list[PrivateURL]:
    demo.load()
    index = StoryIndexPage(title="Témoignages", slug="temoignages")
    HomePage.objects.get().add_child(instance=index)
    author, organisation = make_member(email="autrice@asso-vendome.fr")
    story = make_story(index, title="Un site pour le club de Vendôme", publish=False)
    proposal = StoryProposal.objects.create(
        page=story, proposed_by=author, organisation=organisation,
        consent_text="J'accepte la publication.", consent_at=timezone.now())
    return [PrivateURL(f"/temoignages/proposer/envoye/{proposal.pk}/", author)]
