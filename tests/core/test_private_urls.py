"""Every private page that an app declares (``Plugin(private_urls=...)``), walked as four
kinds of visitors who must not see it, then as the one who may."""

import pytest
from django.utils.module_loading import import_string

from assonum.core.plugins import plugins
from assonum.organisations.models import Membership, Organisation
from tests.accounts.factories import UserFactory
from tests.conftest import login_with_mfa

pytestmark = pytest.mark.django_db

DECLARING = [plugin for plugin in plugins() if plugin.private_urls]


def test_the_apps_with_private_pages_declare_them():
    assert {p.app for p in DECLARING} >= {"assonum.directory", "assonum.organisations",
                                          "assonum.stories"}


def _refused(response) -> bool:
    return response.status_code in (403, 404)


@pytest.mark.parametrize("plugin", DECLARING, ids=lambda p: p.app)
def test_private_pages_are_refused_to_everyone_but_the_allowed_user(plugin, client):
    entries = import_string(plugin.private_urls)()
    assert entries, f"{plugin.app} declares private URLs but builds none"

    stranger = UserFactory(email="curieux@exemple.org")
    outsider = UserFactory(email="membre@autre-asso-bourges.fr")
    Membership.objects.create(
        user=outsider, role=Membership.Role.ADMIN, organisation=Organisation.objects.create(
            kind=Organisation.Kind.ACTOR, name="Autre acteur de Bourges",
            slug="autre-acteur-bourges"))
    non_staff_with_2fa = UserFactory(email="sans-droits@exemple.org")

    for entry in entries:
        client.logout()
        anonymous = client.get(entry.url)
        assert anonymous.status_code == 404 or (
            anonymous.status_code == 302
            and anonymous["Location"].startswith("/compte/login/")), (entry.url, anonymous)
        for visitor in (stranger, outsider):
            client.force_login(visitor)
            assert _refused(client.get(entry.url)), (entry.url, visitor.email)
        login_with_mfa(client, non_staff_with_2fa)
        assert _refused(client.get(entry.url)), (entry.url, "non-staff with 2FA")

        if entry.mfa:
            login_with_mfa(client, entry.allowed)
        else:
            client.force_login(entry.allowed)
        allowed = client.get(entry.url)
        assert allowed.status_code == 200, (entry.url, entry.allowed.email, allowed)
