import pytest

from assonum.helprequests import personal_data, services
from assonum.helprequests.models import HelpRequest, Message
from tests.helprequests.factories import ask, world

pytestmark = pytest.mark.django_db


def test_export_then_erase_keeps_the_request_without_the_person():
    w = world()
    camille = w["people"]["camille"]
    help_request = ask(w, contact_phone="02 54 21 00 00")
    services.post_message(help_request=help_request, author=camille, side="association",
                          body="Nous sommes disponibles le mardi.")
    exported = personal_data.export(camille)
    assert exported["demandes"][0]["commune"] == "Issoudun"
    assert exported["demandes"][0]["telephone"] == "02 54 21 00 00"
    assert exported["messages"][0]["message"] == "Nous sommes disponibles le mardi."
    personal_data.erase(camille)
    help_request = HelpRequest.objects.get(pk=help_request.pk)
    assert help_request.author is None and help_request.author_name == "ancien membre"
    assert help_request.contact_email == "" and help_request.contact_phone == ""
    message = Message.objects.get()
    assert message.author is None and message.author_name == "ancien membre"
    assert not any(personal_data.export(camille).values())
