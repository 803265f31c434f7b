"""Issue 17 (low): passwords built on the site's or region's name are refused."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", [
    "assonum2026", "AssoNum-2026!", "CentreValDeLoire45", "centre-val-de-loire", "ASSONUM_LOIRE",
])
def test_site_and_region_name_passwords_are_refused_at_signup(client, password):
    response = client.post("/compte/signup/", {
        "email": "nouveau@exemple.org", "password1": password, "password2": password})
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "repose sur le nom du site ou de la région" in body
    assert 'value="nouveau@exemple.org"' in body
    assert not get_user_model().objects.filter(email="nouveau@exemple.org").exists()


def test_the_region_name_counts_once_the_territory_is_loaded(settings):
    from assonum.territory.models import Region

    settings.WAGTAIL_SITE_NAME = "Plateforme associative"
    settings.REGION_CODE = "52"
    validate_password("paysdelaloire44")  # no region loaded: nothing to compare with
    Region.objects.create(code="52", name="Pays de la Loire")
    with pytest.raises(ValidationError):
        validate_password("paysdelaloire44")


@pytest.mark.parametrize("password", [
    "Loire-Cher-Vendome-1871-velo", "cheval de bois sous la pluie", "un-mot-de-passe-solide-42",
])
def test_strong_passwords_still_pass(password):
    validate_password(password)
