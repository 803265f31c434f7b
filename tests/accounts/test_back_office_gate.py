"""H1 and M1 (issue 17): one notion of "acts as staff" = may use the back office AND passed 2FA.

A back-office user created through Wagtail's own user form (which has no ``is_staff`` field)
must hit the second-factor step; staff powers outside ``/admin/`` need the second factor too.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from assonum.core.perms import acts_as_staff, may_use_back_office
from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import login_with_mfa

pytestmark = pytest.mark.django_db


def test_administrator_created_in_wagtails_user_form_must_pass_the_second_factor(staff_client):
    from django.test import Client

    response = staff_client.post("/admin/users/new/", {
        "email": "nouvelle.admin@exemple.org", "first_name": "Nadia", "last_name": "Blois",
        "password1": "Loire-Cher-Vendome-1871", "password2": "Loire-Cher-Vendome-1871",
        "is_superuser": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(email="nouvelle.admin@exemple.org")
    assert user.is_superuser and not user.is_staff  # Wagtail's form has no is_staff field
    assert may_use_back_office(user)
    # She confirms her address, then signs in with her password only (the real login form).
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    response = client.post("/compte/login/", {"login": user.email,
                                               "password": "Loire-Cher-Vendome-1871"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
    for url in ("/admin/", "/admin/users/", "/admin/snippets/newsletter/subscriber/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/compte/2fa/totp/activate/", url


@pytest.mark.parametrize("group_name", ["Rédaction", "Modération"])
def test_group_member_without_is_staff_is_gated_before_any_admin_page(client, group_name):
    user = UserFactory(email="redaction@exemple.org")
    user.groups.add(Group.objects.get(name=group_name))
    assert not user.is_staff and may_use_back_office(user)
    client.force_login(user)
    assert client.get("/admin/")["Location"] == "/compte/2fa/totp/activate/"
    login_with_mfa(client, user)
    assert client.get("/admin/").status_code == 200


def test_is_staff_alone_opens_nothing(client):
    user = UserFactory(email="ancien@exemple.org", is_staff=True)
    assert not may_use_back_office(user)


def test_acts_as_staff_needs_both(rf):
    from django.contrib.sessions.backends.db import SessionStore

    member = UserFactory(email="membre@exemple.org")
    superuser = UserFactory(email="root@exemple.org", staff=True)
    for user, mfa, expected in ((member, True, False), (superuser, False, False),
                                (superuser, True, True)):
        request = rf.get("/")
        request.user = user
        request.session = SessionStore()
        if mfa:
            request.session["account_authentication_methods"] = [{"method": "mfa"}]
        assert acts_as_staff(request) is expected


# --- M1: staff powers outside /admin/ --------------------------------------------------------


def test_staff_without_second_factor_neither_edits_nor_reads_other_organisations(client):
    from tests.organisations.factories import organisation_with_admin

    organisation, _admin = organisation_with_admin()
    staff = UserFactory(email="equipe@exemple.org", staff=True)
    client.force_login(staff)  # password only
    assert client.get(f"/organisations/{organisation.slug}/modifier/").status_code == 403
    assert client.get(f"/organisations/{organisation.slug}/membres/").status_code == 403
    login_with_mfa(client, staff)
    assert client.get(f"/organisations/{organisation.slug}/modifier/").status_code == 200
    assert client.get(f"/organisations/{organisation.slug}/membres/").status_code == 200


def test_staff_without_second_factor_does_not_read_story_proposals(client, demo_site):
    from django.urls import reverse

    from assonum.stories import services
    from assonum.stories.models import StoryIndexPage
    from tests.stories.factories import make_member

    index = StoryIndexPage(title="Témoignages", slug="temoignages")
    demo_site.add_child(instance=index)
    author, organisation = make_member()
    proposal = services.propose_story(
        user=author, index=index, title="Notre AG à Issoudun", organisation=organisation,
        text="Nous avons voté en ligne.", consent_text="J'accepte.")
    url = reverse("stories:proposal_sent", args=[proposal.pk])
    staff = UserFactory(email="equipe@exemple.org", staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 404
    login_with_mfa(client, staff)
    assert client.get(url).status_code == 200


def test_login_with_password_then_mfa_gives_staff_powers(client):
    """The real flow: password, then the TOTP code; the session then acts as staff."""
    import time

    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

    from tests.conftest import TOTP_SECRET
    from tests.organisations.factories import organisation_with_admin

    organisation, _admin = organisation_with_admin()
    staff = UserFactory(email="equipe@exemple.org", staff=True)
    TOTP.activate(staff, TOTP_SECRET)
    response = client.post("/compte/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    counter = int(time.time()) // 30
    code = format_hotp_value(hotp_value(TOTP_SECRET, counter))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.get(f"/organisations/{organisation.slug}/modifier/").status_code == 200
