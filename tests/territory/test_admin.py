import pytest
from django.contrib.auth import get_user_model

from tests.conftest import login_with_mfa
from tests.territory.factories import make_real_communes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    """A superuser who set up two-factor authentication and passed it in this session."""
    user = get_user_model().objects.create_superuser(
        email="admin@example.org", password="x-Secret-42"
    )
    return login_with_mfa(client, user)


def test_staff_list_search_and_inspect_communes(staff):
    make_real_communes()
    response = staff.get("/admin/territoire/communes/", {"q": "orleans"})
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "Orléans" in html and "Tours" not in html
    response = staff.get("/admin/territoire/communes/", {"department": "36"})
    assert "Déols" in response.content.decode()
    assert staff.get("/admin/territoire/communes/inspect/45234/").status_code == 200
    assert "45100" in staff.get("/admin/territoire/communes/inspect/45234/").content.decode()
    assert staff.get("/admin/territoire/departements/").status_code == 200
    assert staff.get("/admin/territoire/regions/").status_code == 200


def test_reference_data_is_read_only_even_for_superusers(staff):
    make_real_communes(["45234"])
    for url in ("/admin/territoire/communes/new/", "/admin/territoire/communes/edit/45234/",
                "/admin/territoire/communes/delete/45234/"):
        response = staff.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    html = staff.get("/admin/territoire/communes/").content.decode()
    assert "/admin/territoire/communes/new/" not in html


def test_anonymous_cannot_see_the_back_office(client):
    make_real_communes(["45234"])
    response = client.get("/admin/territoire/communes/")
    assert response.status_code == 302 and "login" in response["Location"]
