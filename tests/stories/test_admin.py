"""The back office: staff edit stories, themes and see the proposals."""

import pytest

from .factories import StoryThemeFactory, UserFactory, make_member, make_story
from .test_propose import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = UserFactory(email="equipe@example.org", is_staff=True, is_superuser=True)
    login_staff(client, staff)
    return client


def test_staff_open_the_story_editor_and_lists(staff_client, story_index):
    StoryThemeFactory(name="Logiciels libres", slug="logiciels-libres")
    story = make_story(story_index, title="À modifier")
    response = staff_client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code == 200
    assert "À modifier" in response.content.decode()
    add_url = f"/admin/pages/add/stories/storypage/{story_index.pk}/"
    assert staff_client.get(add_url).status_code == 200
    themes = staff_client.get("/admin/snippets/stories/storytheme/")
    assert themes.status_code == 200 and "Logiciels libres" in themes.content.decode()
    assert staff_client.get("/admin/snippets/stories/storyproposal/").status_code == 200


def test_members_do_not_reach_the_back_office(client, story_index):
    user, _organisation = make_member()
    client.force_login(user)
    response = client.get("/admin/snippets/stories/storyproposal/")
    assert (response.status_code, response["Location"]) == (
        302, "/compte/login/?next=/admin/snippets/stories/storyproposal/")
    assert "Témoignages proposés" not in response.content.decode()
