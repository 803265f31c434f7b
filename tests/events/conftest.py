import pytest

from .factories import real_communes


@pytest.fixture
def communes(db):
    return real_communes()


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://assonum.example.org"
    return settings.SITE_URL
