"""Public event lists are paginated: the organiser's page and a tour's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_organiser_page_is_paginated_with_a_fixed_number_of_queries(client):
    organisation = OrganisationFactory()
    EventFactory(organisation=organisation)
    url = reverse("events:organiser", args=[organisation.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    EventFactory.create_batch(22, organisation=organisation)
    with CaptureQueriesContext(connection) as many:
        first = client.get(url).content.decode()
    assert len(many) == len(one)
    assert first.count("Atelier numérique") == 20
    assert 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("Atelier numérique") == 3
