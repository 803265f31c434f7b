"""The organisations' private pages, for the meta-test of tests/core/test_private_urls.py."""

from tests.organisations.factories import organisation_with_admin
from tests.private_urls import PrivateURL


def build() -> list[PrivateURL]:
    organisation, admin = organisation_with_admin(name="Familles rurales de L'Île-Bouchard")
    return [
        PrivateURL(f"/organisations/{organisation.slug}/modifier/", admin),
        PrivateURL(f"/organisations/{organisation.slug}/membres/", admin),
        PrivateURL(f"/organisations/{organisation.slug}/quitter/", admin),
    ]
