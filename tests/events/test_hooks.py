"""What the agenda adds to other pages through the plug-in hooks (no import between apps)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assonum.events.models import Event
from tests.directory.factories import PlaceFactory
from tests.toolbox.factories import make_guide, make_tool, tool_index

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_tool_page_shows_where_to_learn_it(client, demo_site, communes):
    index = tool_index(demo_site)
    nextcloud = make_tool(index, title="Nextcloud", slug="nextcloud")
    other = make_tool(index, title="CryptPad", slug="cryptpad")
    event = EventFactory(title="Atelier Nextcloud à Vierzon", commune=communes["18279"])
    event.tools.set([nextcloud])
    EventFactory(title="Atelier passé", commune=communes["18279"],
                 start=timezone.now() - timedelta(days=3),
                 end=timezone.now() - timedelta(days=3, hours=-1)).tools.set([nextcloud])
    body = client.get(nextcloud.url).content.decode()
    assert "Se former à cet outil près de chez vous" in body
    assert "Atelier Nextcloud à Vierzon" in body and "Atelier passé" not in body
    assert event.organisation.name in body
    assert "Se former à cet outil" not in client.get(other.url).content.decode()


def test_place_page_and_home_show_upcoming_events(client, demo_site, communes):
    place = PlaceFactory(nom="Tiers-lieu de la Forge", commune=communes["18279"],
                         code_insee="18279", commune_nom="Vierzon")
    event = EventFactory(title="Atelier à la Forge", place=place, address="")
    event = Event.objects.get(pk=event.pk)
    assert event.commune_id == "18279" and event.latitude == place.latitude
    assert "Atelier à la Forge" in client.get(place.get_absolute_url()).content.decode()
    assert "Prochains ateliers et formations" in client.get("/").content.decode()


def test_followup_links_the_guides(demo_site, communes, smtp_settings,
                                   django_capture_on_commit_callbacks):
    from assonum.events.models import Registration
    from assonum.events.tasks import send_due_followups
    from tests.toolbox.factories import guide_index

    from .factories import RegistrationFactory

    guide = make_guide(guide_index(demo_site), title="RGPD : protéger les données",
                       slug="rgpd")
    tool = make_tool(tool_index(demo_site), title="Paheko", slug="paheko")
    event = EventFactory(commune=communes["36018"], start=timezone.now() - timedelta(hours=3),
                         end=timezone.now() - timedelta(hours=1))
    event.guides.set([guide])
    event.tools.set([tool])
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_followups() == 1
    (received,) = smtp_settings.handler.received
    text = received.message.get_body(preferencelist=("plain",)).get_content()
    assert "RGPD : protéger les données" in text and "/fiches-pratiques/rgpd/" in text
    assert "Paheko" in text
