"""Back office: the agenda's menu, lists, edit form and the export (formulas neutralised)."""

import csv
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model

from assonum.events.models import Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser(email="admin@example.org",
                                                     password="x-Secret-42")
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": 0, "type": "totp"}]
    session.save()
    return client


def test_lists_and_export(staff, communes):
    event = EventFactory(commune=communes["18279"], title="Atelier à Vierzon")
    RegistrationFactory(event=event, name="@SUM(1+1)", status=Registration.Status.CONFIRMED)
    for url in ["/admin/agenda/evenements/", "/admin/agenda/tournees/",
                "/admin/agenda/inscriptions/", f"/admin/agenda/evenements/edit/{event.pk}/"]:
        assert staff.get(url).status_code == 200, url
    export = staff.get("/admin/agenda/inscriptions/?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'@SUM(1+1)"


def test_menu_links_the_moderation_page(staff):
    body = staff.get("/admin/").content.decode()
    assert "/agenda/moderation/" in body and "Agenda" in body
    assert staff.get("/agenda/moderation/").status_code == 200
