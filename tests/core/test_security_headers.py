"""Issue 17 (low): Permissions-Policy and Cross-Origin-Resource-Policy on every response."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_send_permissions_and_resource_policies(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    # The rest of the Observatory set is still there.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_open_data_stays_readable_by_other_sites(client):
    response = client.get("/annuaire/export.csv")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Permissions-Policy" in response
