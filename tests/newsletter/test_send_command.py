"""End to end with the newsletter app: an issue reaches every subscriber exactly once."""

import random
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from assonum.mailings.models import Campaign, CampaignState
from assonum.newsletter.models import Subscriber
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(topics, departments):
    rng = random.Random(6)
    topic_list, department_list = list(topics.values()), list(departments.values())
    people = [
        SubscriberFactory(email=f"lecteur{i}@exemple.test",
                          topics=rng.sample(topic_list, rng.randint(0, 2)),
                          departments=rng.sample(department_list, rng.randint(0, 2)))
        for i in range(300)
    ]
    SubscriberFactory(email="en-pause@exemple.test", paused=True)
    return people


def test_300_subscribers_receive_the_issue_exactly_once(
        smtp_settings, subscribers, make_issue, client,  # noqa: F811
        django_capture_on_commit_callbacks):
    issue = make_issue(7)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("newsletter_send", issue.slug)

    counts = smtp_settings.handler.per_recipient()
    assert counts == {person.email: 1 for person in subscribers}
    campaign = Campaign.objects.get(source_ref=f"newsletter.issue:{issue.pk}")
    assert campaign.state == CampaignState.DONE
    assert campaign.progress().sent == 300

    # every message carries the reader's own one-click link; one POST ends the subscription
    reader = subscribers[42]
    message = smtp_settings.handler.messages_to(reader.email)[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].split(",")[0].strip("<> ")
    assert reader.token in link
    assert client.post(urlsplit(link).path).status_code in (200, 204, 302)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED

    # the same issue is never sent twice, from the command line either
    with pytest.raises(CommandError):
        call_command("newsletter_send", str(issue.pk))
    assert len(smtp_settings.handler.received) == 300


def test_command_rejects_an_unknown_issue(db):
    with pytest.raises(CommandError):
        call_command("newsletter_send", "numero-inconnu")
