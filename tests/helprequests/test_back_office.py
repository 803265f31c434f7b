"""Staff: the back office lists the requests with their log; add an actor from the page."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from assonum.helprequests import services
from assonum.helprequests.models import Recipient
from tests.helprequests.factories import ask, login, world

pytestmark = pytest.mark.django_db


def _admin(client, user):
    user.is_superuser = True
    user.save()
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return login(client, user, mfa=True)


def test_back_office_shows_requests_and_their_log(client, settings):
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    help_request = ask(w)
    services.take(help_request=help_request, place=w["places"]["levroux"],
                  by=w["people"]["levroux"])
    _admin(client, w["people"]["staff"])
    listing = client.get("/admin/snippets/helprequests/helprequest/")
    assert listing.status_code == 200 and "Comité des fêtes" in listing.content.decode()
    inspect = client.get(f"/admin/snippets/helprequests/helprequest/inspect/{help_request.pk}/")
    text = inspect.content.decode()
    assert inspect.status_code == 200
    assert "sent → taken (Prise en charge par Club web de Levroux)" in text
    assert "Coopérative web de Déols" in text  # the recipients


def test_staff_reassigns_from_the_request_page(client, settings):
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    help_request = ask(w)
    services.take(help_request=help_request, place=w["places"]["levroux"],
                  by=w["people"]["levroux"])
    staff = login(client, w["people"]["staff"], mfa=True)
    page = staff.get(help_request.get_absolute_url()).content.decode()
    assert "Réattribuer à cet acteur" in page and "Agence solidaire de Bourges" in page
    response = staff.post(reverse("helprequests:add_recipient", args=[help_request.pk]),
                          {"place": w["places"]["bourges"].pk})
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.is_open and help_request.actor is None
    assert Recipient.objects.filter(request=help_request, place=w["places"]["bourges"],
                                    added_by=w["people"]["staff"]).exists()
    # A place outside the list (106 km away) is refused with a French message, nothing saved.
    response = staff.post(reverse("helprequests:add_recipient", args=[help_request.pk]),
                          {"place": w["places"]["orleans"].pk})
    assert "Choisissez un acteur de la liste." in response.content.decode()
    assert not Recipient.objects.filter(request=help_request,
                                        place=w["places"]["orleans"]).exists()
