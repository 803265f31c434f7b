"""A story sent back for changes keeps its text: its author edits the same proposal, pre-filled,
and sends it to the team again (same page, same workflow)."""

import re

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from assonum.core.models import SiteIdentity
from assonum.stories.models import StoryPage, StoryProposal
from tests.conftest import login_with_mfa

from .factories import StoryThemeFactory, UserFactory, make_member
from .test_propose import PROPOSE, _workflow_action, form_data

pytestmark = pytest.mark.django_db

TEXT = "Nous avons tenu notre assemblée générale en ligne.\n\nTout le monde a pu voter."


def test_author_edits_the_story_sent_back_then_it_is_reviewed_again(
        client, story_index, smtp_settings, django_capture_on_commit_callbacks):
    theme = StoryThemeFactory(name="Vie associative", slug="vie-associative")
    author, organisation = make_member(email="autrice@example.org")
    client.force_login(author)
    client.post(PROPOSE, form_data(organisation, text=TEXT, themes=[theme.pk],
                                   question_1="Combien étiez-vous ?", answer_1="Quarante."))
    proposal = StoryProposal.objects.get(proposed_by=author)

    staff = UserFactory(email="equipe@example.org", is_staff=True, is_superuser=True)
    login_with_mfa(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        _workflow_action(client, proposal.page, "reject", comment="Ajoutez la date, merci.")

    # The email leads to the same proposal, and a reply reaches the team, not a no-reply box.
    (message,) = [m.message for m in smtp_settings.received
                  if "autrice@example.org" in m.rcpt_tos]
    text = message.get_body(preferencelist=("plain",)).get_content()
    revise = reverse("stories:revise", args=[proposal.pk])
    assert revise in text
    assert message["Reply-To"] == SiteIdentity.load().email
    assert revise in message.get_body(preferencelist=("html",)).get_content()

    # Nobody else may open it.
    client.force_login(UserFactory(email="autre@example.org"))
    assert client.get(revise).status_code == 404

    client.force_login(author)
    body = client.get(revise).content.decode()
    assert "Modifier mon témoignage" in body
    assert "Ajoutez la date, merci." in body
    assert 'value="Notre AG à distance"' in body
    assert re.search(r"<textarea[^>]*>\s*Nous avons tenu notre assemblée générale en ligne.\s*"
                     r"\s*Tout le monde a pu voter.</textarea>", body)
    assert 'value="Combien étiez-vous ?"' in body and "Quarante.</textarea>" in body
    assert re.search(rf'value="{theme.pk}"[^>]*checked', body)

    new_text = TEXT + "\n\nC'était le 14 mars."
    response = client.post(revise, form_data(organisation, text=new_text, themes=[theme.pk]))
    assert response.status_code == 302
    assert StoryPage.objects.count() == 1  # the same story, not a second proposal
    page = StoryPage.objects.get().get_latest_revision_as_object()
    assert "le 14 mars." in str(page.body)
    assert not StoryPage.objects.get().live
    state = WorkflowState.objects.get(object_id=str(page.pk))  # the same workflow, resumed
    assert state.status == "in_progress"
    # Back with the team: the author may not edit it again meanwhile.
    assert client.get(revise).status_code == 404


def test_a_story_under_review_cannot_be_revised(client, story_index):
    author, organisation = make_member()
    client.force_login(author)
    client.post(PROPOSE, form_data(organisation))
    proposal = StoryProposal.objects.get(proposed_by=author)
    assert client.get(reverse("stories:revise", args=[proposal.pk])).status_code == 404
