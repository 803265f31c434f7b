"""The transition log in the back office (Paramètres) and on the directory moderation pages."""

import html

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission

from assonum.core.workflow import transition
from assonum.organisations.models import Invitation
from tests.accounts.factories import UserFactory
from tests.directory.factories import PlaceChangeFactory, PlaceFactory
from tests.directory.selfservice_helpers import login, make_moderator
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/admin/journal-des-etats/"


def staff_with_2fa(client, *, permissions=(), superuser=False):
    user = UserFactory(is_staff=True, is_superuser=superuser)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
    session.save()
    return user


def test_the_log_lists_who_moved_what_and_filters_by_kind(client):
    moderator = UserFactory(email="moderatrice@exemple.org")
    invitation = Invitation.objects.create(organisation=OrganisationFactory(),
                                           email="invitee@exemple.org")
    transition(invitation, Invitation.Status.REVOKED, by=moderator, note="adresse erronée")
    change = PlaceChangeFactory(place=PlaceFactory(nom="Médiathèque de Vendôme"))
    change.reject(moderator, "Doublon de la fiche existante")

    staff_with_2fa(client, permissions=["access_admin", "view_transitionlog"])
    page = html.unescape(client.get(URL).content.decode())
    assert "Journal des changements d'état" in page
    assert "adresse erronée" in page and "Doublon de la fiche existante" in page
    assert "moderatrice@exemple.org" in page and "Annulée" in page and "Refusée" in page

    from django.contrib.contenttypes.models import ContentType

    invitation_type = ContentType.objects.get_for_model(Invitation)
    only = html.unescape(client.get(URL, {"type": invitation_type.pk}).content.decode())
    assert "adresse erronée" in only and "Doublon de la fiche existante" not in only


def test_the_log_needs_its_permission(client):
    staff_with_2fa(client, permissions=["access_admin"])
    response = client.get(URL)  # Wagtail turns the refusal into a redirect with a message
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert URL not in client.get("/admin/").content.decode()  # and no menu entry


def test_the_log_is_in_the_settings_menu_for_superusers(client):
    staff_with_2fa(client, superuser=True)
    admin_home = client.get("/admin/").content.decode()
    assert URL in admin_home


def test_the_moderation_page_shows_the_history(client):
    change = PlaceChangeFactory(place=PlaceFactory(nom="Tiers-lieu du Blanc"))
    moderator = make_moderator()
    change.reject(moderator, "Adresse introuvable.")
    login(client, moderator, mfa=True)
    page = html.unescape(client.get(f"/annuaire/moderation/modifications/{change.pk}/")
                         .content.decode())
    assert "Historique" in page
    assert "En attente → Refusée" in page and "Adresse introuvable." in page
