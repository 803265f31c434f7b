"""Back office "Envois": progress and failures, for people allowed to see them only."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assonum.mailings.models import Delivery, DeliveryState
from tests.conftest import login_with_mfa

from .factories import make_campaign

pytestmark = pytest.mark.django_db
LIST = "/admin/envois/"


def make_user(email, **extra):
    return get_user_model().objects.create_user(
        email=email, password="un-mot-de-passe-long", **extra,
    )


def login_staff(client, user):
    """Staff need a second factor for the back office (accounts.middleware)."""
    login_with_mfa(client, user)


@pytest.fixture
def editor(client):
    """Staff with access to the back office and the right to see sends."""
    user = make_user("equipe@exemple.test", is_staff=True)
    group = Group.objects.create(name="Envois")
    group.permissions.add(Permission.objects.get(codename="access_admin"),
                          Permission.objects.get(codename="view_campaign"))
    user.groups.add(group)
    login_staff(client, user)
    return client


def test_list_shows_progress_and_failures(editor):
    campaign = make_campaign(10, name="Lettre de juin")
    Delivery.objects.filter(recipient_ref__in=["r0", "r1", "r2"]).update(state=DeliveryState.SENT)
    Delivery.objects.filter(recipient_ref="r3").update(state=DeliveryState.BOUNCED,
                                                       last_error="550 Adresse inconnue")
    response = editor.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lettre de juin" in html
    assert "3 envoyés sur 10" in html
    detail = editor.get(f"{LIST}{campaign.pk}/").content.decode()
    assert "personne3@exemple.test" in detail and "550 Adresse inconnue" in detail
    assert "personne5@exemple.test" not in detail


def test_sending_campaign_page_refreshes_itself(editor):
    campaign = make_campaign(4)
    campaign.state = "sending"
    campaign.save()
    assert 'http-equiv="refresh"' in editor.get(LIST).content.decode()
    assert 'http-equiv="refresh"' in editor.get(f"{LIST}{campaign.pk}/").content.decode()


def test_list_query_count_does_not_grow_with_campaigns(editor):
    make_campaign(3)
    editor.get(LIST)  # warm the site-wide cache (Wagtail's site, site settings)
    with CaptureQueriesContext(connection) as one:
        assert editor.get(LIST).status_code == 200
    for i in range(5):
        make_campaign(3, source_ref=f"test:{i}")
    editor.get(LIST)  # the same warm start as `one`
    with CaptureQueriesContext(connection) as many:
        assert editor.get(LIST).status_code == 200
    assert len(many) == len(one)


def test_anonymous_and_other_users_are_kept_out(client):
    campaign = make_campaign(2)
    for url in (LIST, f"{LIST}{campaign.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    # a member of the public with an account
    client.force_login(make_user("membre@exemple.test"))
    for url in (LIST, f"{LIST}{campaign.pk}/"):  # no back office at all: to the login page
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"/compte/login/?next={url}")
    # staff of another team: back-office access but not the sends
    staff = make_user("autre@exemple.test", is_staff=True)
    group = Group.objects.create(name="Autre équipe (test envois)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(group)
    login_staff(client, staff)
    for url in (LIST, f"{LIST}{campaign.pk}/"):
        response = client.get(url)  # Wagtail turns the refusal into a redirect with a message
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert b"personne" not in response.content
