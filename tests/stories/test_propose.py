"""Proposing a story, through HTTP like a member, and its moderation by staff."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from assonum.organisations.models import Organisation
from assonum.stories.models import StoryPage, StoryProposal
from tests.conftest import login_with_mfa

from .factories import (
    CommuneFactory,
    OrganisationFactory,
    StoryThemeFactory,
    UserFactory,
    make_member,
)

pytestmark = pytest.mark.django_db
PROPOSE = "/temoignages/proposer/"


def form_data(organisation, **overrides):
    data = {
        "title": "Notre AG à distance",
        "organisation": organisation.pk,
        "kind": "temoignage",
        "commune": "",
        "tools": "",
        "summary": "",
        "text": "Nous avons tenu notre assemblée générale en ligne.\n\nTout le monde a pu voter.",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(db):
    # Staff need a second factor for the back office (accounts.middleware): login_staff adds it.
    return UserFactory(email="equipe@example.org", is_staff=True, is_superuser=True)


def login_staff(client, user):
    login_with_mfa(client, user)


def test_anonymous_is_sent_to_login(client, story_index):
    response = client.get(PROPOSE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/temoignages/proposer/" in response["Location"]
    assert client.post(PROPOSE, {}).status_code == 302
    assert not StoryPage.objects.exists()


def test_non_member_gets_an_explanation(client, story_index):
    user = UserFactory()
    # Belonging to a digital actor is not enough: a story is told in an association's name.
    actor = OrganisationFactory(kind=Organisation.Kind.ACTOR)
    make_member(actor, email="acteur@example.org")
    for person in (user, actor.memberships.get().user):
        client.force_login(person)
        response = client.get(PROPOSE)
        assert response.status_code == 403
        body = response.content.decode()
        assert "Seuls les membres d'une association" in body
        assert "Inscrire mon association" in body and 'href="/organisations/nouvelle/"' in body
        assert client.post(PROPOSE, form_data(actor)).status_code == 403
    assert not StoryPage.objects.exists()


def test_member_sees_only_their_associations(client, story_index):
    user, mine = make_member()
    other = OrganisationFactory(name="Pas la mienne")
    client.force_login(user)
    body = client.get(PROPOSE).content.decode()
    assert mine.name in body
    assert "Pas la mienne" not in body
    # Posting another association's id is refused.
    response = client.post(PROPOSE, form_data(other))
    assert response.status_code == 200
    assert not StoryPage.objects.exists()


def test_member_proposes_a_draft_in_moderation(client, story_index, make_tool):
    framadate = make_tool("Framadate")
    theme = StoryThemeFactory(name="Vie associative", slug="vie-associative")
    commune = CommuneFactory()
    user, organisation = make_member()
    client.force_login(user)
    response = client.post(PROPOSE, form_data(
        organisation, commune="Tours (37)", tools="framadate", themes=[theme.pk],
        question_1="Combien de votants ?", answer_1="Quarante.",
    ))
    proposal = StoryProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stories:proposal_sent", args=[proposal.pk])

    page = proposal.page
    assert page.live is False
    assert page.get_parent().specific == story_index
    assert page.commune == commune and page.department_id == "37"
    assert page.organisation == organisation
    assert list(page.themes.all()) == [theme]
    assert list(page.tools.all()) == [framadate]
    assert [b.block_type for b in page.body] == ["paragraph", "interview"]
    assert "<p>Tout le monde a pu voter.</p>" in page.body[0].value.source
    assert page.summary.startswith("Nous avons tenu")
    assert proposal.proposed_by == user and proposal.consent_at is not None
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == user
    assert page.workflow_in_progress

    # The confirmation page, for the author only.
    sent = client.get(response["Location"])
    assert sent.status_code == 200 and "Notre AG à distance" in sent.content.decode()
    client.force_login(UserFactory())
    assert client.get(response["Location"]).status_code == 404
    client.logout()
    assert client.get(response["Location"]).status_code == 302

    # Not public: neither in the list nor at its address.
    assert "Notre AG à distance" not in client.get("/temoignages/").content.decode()
    assert client.get(f"/temoignages/{page.slug}/").status_code == 404


def test_form_keeps_what_was_typed_and_explains_errors(client, story_index, make_tool):
    make_tool("Framadate")
    user, organisation = make_member()
    client.force_login(user)
    response = client.post(PROPOSE, form_data(
        organisation, consent="", tools="Framadate, Logiciel Inconnu", question_1="Sans réponse ?",
    ))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Logiciel Inconnu" in body and "ne sont pas dans la boîte à outils" in body
    assert "Cochez cette case" in body
    assert "Écrivez la réponse à cette question" in body
    assert "Tout le monde a pu voter." in body  # the text typed is still there
    assert not StoryPage.objects.exists()


def test_tool_names_match_without_accents_or_case(client, story_index, make_tool):
    tool = make_tool("Jitsi Méet")
    user, organisation = make_member()
    client.force_login(user)
    client.post(PROPOSE, form_data(organisation, tools=" jitsi meet "))
    assert list(StoryPage.objects.get().tools.all()) == [tool]


def _propose(client, user, organisation):
    client.force_login(user)
    client.post(PROPOSE, form_data(organisation))
    return StoryProposal.objects.get(proposed_by=user)


def _workflow_action(client, page, action, comment=""):
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action",
                  args=[page.pk, action, state.current_task_state.pk])
    return client.post(url, {"comment": comment})


def test_staff_approval_publishes_and_emails_the_author(client, story_index, staff,
                                                       django_capture_on_commit_callbacks):
    user, organisation = make_member(email="autrice@example.org")
    proposal = _propose(client, user, organisation)
    mail.outbox.clear()

    login_staff(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _workflow_action(client, proposal.page, "approve")
    assert response.status_code == 302

    page = StoryPage.objects.get(pk=proposal.page.pk)
    assert page.live
    to_author = [m for m in mail.outbox if m.to == ["autrice@example.org"]]
    assert len(to_author) == 1
    assert "est publié" in to_author[0].subject
    assert page.url_path.rstrip("/").rsplit("/", 1)[-1] in to_author[0].body
    # Now public, signed by the member.
    client.logout()
    listing = client.get("/temoignages/").content.decode()
    assert "Notre AG à distance" in listing
    story = client.get(page.url).content.decode()
    assert user.get_full_name() in story

    # A later republication does not email again.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=staff).publish()
    assert len([m for m in mail.outbox if m.to == ["autrice@example.org"]]) == 1


def test_rejection_emails_the_comment_and_shows_on_the_dashboard(
        client, story_index, staff, django_capture_on_commit_callbacks):
    from assonum.stories.dashboard import dashboard_section

    user, organisation = make_member(email="auteur@example.org")
    proposal = _propose(client, user, organisation)
    mail.outbox.clear()

    login_staff(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        _workflow_action(client, proposal.page, "reject", comment="Ajoutez la date de l'AG, merci.")

    page = StoryPage.objects.get(pk=proposal.page.pk)
    assert not page.live
    to_author = [m for m in mail.outbox if m.to == ["auteur@example.org"]]
    assert len(to_author) == 1
    assert "Ajoutez la date de l'AG, merci." in to_author[0].body
    assert "/temoignages/proposer/" in to_author[0].body

    request = type("R", (), {"user": user})()
    section = dashboard_section(request)
    assert [row["state"] for row in section["rows"]] == ["needs_changes"]
    assert section["rows"][0]["proposal"].rejection_comment == "Ajoutez la date de l'AG, merci."


def test_dashboard_lists_my_proposals_only(client, story_index):
    from assonum.stories.dashboard import dashboard_section

    me, organisation = make_member()
    other, other_org = make_member()
    _propose(client, me, organisation)
    _propose(client, other, other_org)
    rows = dashboard_section(type("R", (), {"user": me})())["rows"]
    assert [r["proposal"].proposed_by for r in rows] == [me]
    assert rows[0]["state"] == "in_review"
    anonymous = type("R", (), {"user": type("A", (), {"is_authenticated": False})()})()
    assert dashboard_section(anonymous) is None
