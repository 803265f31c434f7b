import pytest

from assonum.mailings import personal_data
from assonum.mailings.models import Delivery, DeliveryState

from .factories import make_campaign

pytestmark = pytest.mark.django_db


class Person:
    def __init__(self, email):
        self.email = email


def test_export_lists_the_messages_to_the_persons_address():
    make_campaign(3)
    Delivery.objects.filter(recipient_ref="r1").update(state=DeliveryState.SENT)
    data = personal_data.export(Person("PERSONNE1@exemple.test"))
    assert [m["email"] for m in data["messages"]] == ["personne1@exemple.test"]
    assert data["messages"][0]["state"] == "Envoyé"
    assert personal_data.export(Person("inconnu@exemple.test")) == {"messages": []}


def test_erase_anonymises_past_messages_and_cancels_waiting_ones():
    make_campaign(3)
    Delivery.objects.filter(recipient_ref="r1").update(state=DeliveryState.SENT)
    make_campaign(3, source_ref="test:2")
    personal_data.erase(Person("personne1@exemple.test"))
    assert not Delivery.objects.filter(email="personne1@exemple.test").exists()
    erased = Delivery.objects.filter(recipient_ref="r1")
    assert all(d.email.startswith("efface-") and d.context == {} for d in erased)
    assert sorted(erased.values_list("state", flat=True)) == [DeliveryState.SENT,
                                                              DeliveryState.SKIPPED]
    assert Delivery.objects.filter(email="personne2@exemple.test").count() == 2
