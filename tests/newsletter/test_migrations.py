"""The subscription history moves from SubscriberLog into the shared transition log."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assonum.core.workflow import history
from assonum.newsletter.models import Subscriber

BEFORE = [("newsletter", "0003_digest_kinds_from_plugins")]
AFTER = [("newsletter", "0005_remove_subscriberlog")]


@pytest.mark.django_db(transaction=True)
def test_subscriber_logs_become_transition_logs_with_their_dates_and_sources():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldSubscriber = old.get_model("newsletter", "Subscriber")
    OldLog = old.get_model("newsletter", "SubscriberLog")
    subscriber = OldSubscriber.objects.create(email="lecture@exemple.org", status="paused",
                                              token="jeton-de-test")
    when = timezone.make_aware(dt.datetime(2025, 3, 14, 9, 30))
    OldLog.objects.create(subscriber=subscriber, from_status="pending", to_status="active",
                          source="confirmation", at=when)
    OldLog.objects.create(subscriber=subscriber, from_status="active", to_status="paused",
                          source="preferences", at=when + dt.timedelta(days=2))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    entries = list(history(Subscriber.objects.get(pk=subscriber.pk)))
    assert [(e.from_state, e.to_state, e.note, e.at) for e in entries] == [
        ("pending", "active", "confirmation", when),
        ("active", "paused", "preferences", when + dt.timedelta(days=2)),
    ]
    assert entries[1].to_label == "en pause" and entries[0].by is None
