"""Issue 17 §4: hypothesis over the public and member forms, posted through HTTP.

For each form, generated text (any printable Unicode, including markup, quotes, RTL marks,
emoji and very long values) goes into its fields; the answer must never be a server error
(the test client raises on one), and when the form comes back with errors, what was typed in
the probed fields is shown again (escaped) so the visitor loses nothing.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assonum.organisations.models import Organisation
from tests.stories.conftest import story_index  # noqa: F401 - fixture
from tests.stories.factories import OrganisationFactory, make_member

pytestmark = pytest.mark.django_db

EXAMPLES = 20
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
# Printable text: no control characters (a browser cannot type them) nor lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=400)
SHORT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60)
EMAILISH = st.one_of(st.emails(), SHORT)


def shown_again(html: str, value: str) -> bool:
    """Django re-renders the raw value, escaped (a textarea may start with a newline)."""
    return not value.strip() or escape(value) in html or escape(value.strip()) in html


def check(response, data: dict, probed: list[str]) -> None:
    assert response.status_code in (200, 302, 403, 429), response.status_code
    if response.status_code == 200:
        html = response.content.decode()
        for field in probed:
            assert shown_again(html, data[field]), (field, data[field])


def test_newsletter_subscription(client, demo_site):
    @FUZZ
    @given(email=EMAILISH, source=SHORT, consent=st.booleans())
    def run(email, source, consent):
        data = {"email": email, "source": source}
        if consent:
            data["consent"] = "on"
        check(client.post("/lettre/", data), data, ["email"])

    run()


def test_account_signup(client, demo_site):
    @FUZZ
    @given(email=EMAILISH, password1=SHORT, password2=SHORT)
    def run(email, password1, password2):
        cache.clear()  # the sign-up rate limit would answer 429 after 20 tries
        data = {"email": email, "password1": password1, "password2": password2}
        check(client.post("/compte/signup/", data), data, ["email"])
        client.logout()

    run()


def test_organisation_form(client, demo_site):
    user, _ = make_member()
    client.force_login(user)

    @FUZZ
    @given(name=SHORT, rna=SHORT, siret=SHORT, description=TEXT, website=SHORT,
           phone=SHORT, members=SHORT)
    def run(name, rna, siret, description, website, phone, members):
        data = {"kind": "association", "name": name, "rna": rna, "siret": siret,
                "description": description, "website": website, "public_email": "",
                "public_phone": phone, "members_count": members, "sector": ""}
        check(client.post("/organisations/nouvelle/", data), data, ["name", "description"])

    run()


def test_story_proposal(client, story_index):  # noqa: F811 - the imported fixture
    user, organisation = make_member()
    client.force_login(user)

    @FUZZ
    @given(title=SHORT, summary=TEXT, text=TEXT, tools=SHORT, kind=SHORT)
    def run(title, summary, text, tools, kind):
        data = {"title": title, "organisation": organisation.pk, "kind": kind, "commune": "",
                "tools": tools, "summary": summary, "text": text, "consent": "on"}
        check(client.post("/temoignages/proposer/", data), data, ["title", "text"])

    run()


def test_directory_listing_form(client, demo_site):
    actor = OrganisationFactory(kind=Organisation.Kind.ACTOR)
    user, _ = make_member(actor)
    client.force_login(user)

    @FUZZ
    @given(nom=SHORT, resume=TEXT, adresse=SHORT, code_postal=SHORT, latitude=SHORT,
           horaires=TEXT, prise_rdv=SHORT)
    def run(nom, resume, adresse, code_postal, latitude, horaires, prise_rdv):
        data = {"organisation": actor.pk, "nom": nom, "pivot": "",
                "presentation_resume": resume, "adresse": adresse,
                "code_postal": code_postal, "commune_nom": "La Châtre", "latitude": latitude,
                "longitude": "", "horaires": horaires, "prise_rdv": prise_rdv}
        check(client.post("/annuaire/proposer/", data), data, ["nom", "adresse"])

    run()
