"""The "Done means" scenario of issue 3, through HTTP like a person would do it."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from assonum.organisations.models import Invitation, Membership, Organisation
from tests.territory.factories import make_real_communes

pytestmark = pytest.mark.django_db

PASSWORD = "Loire-et-cher-1901"


def _link(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0)


def sign_up_and_confirm(client, mailoutbox, email):
    start = len(mailoutbox)
    response = client.post("/compte/signup/", {
        "email": email, "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    assert get_user_model().objects.filter(email=email).exists()
    assert len(mailoutbox) == start + 1
    message = mailoutbox[-1]
    assert message.to == [email]
    url = _link(message, r"http://[^\s]+/compte/confirm-email/[^\s]+")
    path = re.sub(r"^https?://[^/]+", "", url)
    # The link opens a page with a button (a GET confirms nothing: link scanners follow GETs).
    page = client.get(path)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(email=email).verified
    assert "<h1>" in page.content.decode()
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email=email).verified
    return get_user_model().objects.get(email=email)


def test_issue_3_scenario(client, mailoutbox, django_capture_on_commit_callbacks):
    communes = make_real_communes(["45234", "37261"])

    # 1. Sign up, confirm from the email: the person is then signed in.
    user = sign_up_and_confirm(client, mailoutbox, "claire@exemple.org")
    home = client.get("/espace/")
    assert home.status_code == 200
    assert "Mes organisations" in home.content.decode()

    # 2. An association with an invalid RNA: a clear French message, what was typed is kept.
    data = {
        "kind": "association", "name": "Les Bricoleurs du Loiret", "rna": "W12345",
        "siret": "", "seat_commune": "Orléans (45)", "sector": "social",
        "description": "Réparation d'ordinateurs.", "members_count": "40",
        "volunteers_count": "8", "employees_count": "0", "website": "https://bricoleurs.example",
        "public_email": "contact@bricoleurs.example", "public_phone": "02 38 00 00 00",
    }
    response = client.post("/organisations/nouvelle/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Le numéro RNA doit comporter la lettre W suivie de 9 chiffres" in body
    assert 'value="W12345"' in body
    assert 'value="Les Bricoleurs du Loiret"' in body
    assert "Orléans (45)" in body
    assert 'class="error-summary"' in body
    assert not Organisation.objects.exists()

    # 3. Then a valid one: the creator is its administrator.
    data["rna"] = "W451012345"
    response = client.post("/organisations/nouvelle/", data)
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert org.rna == "W451012345"
    assert org.seat_commune == communes["45234"]
    assert org.public_phone == "02 38 00 00 00"
    assert Membership.objects.get(organisation=org).user == user
    assert Membership.objects.get(organisation=org).role == "admin"

    # 4. Invite a second person; the email leaves once the transaction is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organisations/{org.slug}/membres/inviter/",
                               {"email": "Bruno@Exemple.org", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "bruno@exemple.org"
    message = mailoutbox[-1]
    assert message.to == ["bruno@exemple.org"]
    assert "Les Bricoleurs du Loiret" in message.subject
    invite_path = re.sub(r"^https?://[^/]+", "", _link(message, r"https?://[^\s]+/invitations/[^\s]+"))

    # The second person signs up in another browser, confirms, and accepts.
    other = type(client)()
    anonymous_view = other.get(invite_path)
    assert anonymous_view.status_code == 200
    assert "Créer un compte" in anonymous_view.content.decode()
    bruno = sign_up_and_confirm(other, mailoutbox, "bruno@exemple.org")
    dashboard = other.get("/espace/").content.decode()
    assert "Invitation à rejoindre « Les Bricoleurs du Loiret »" in dashboard
    response = other.post(invite_path, {"action": "accept"})
    assert response.status_code == 302
    assert Membership.objects.get(organisation=org, user=bruno).role == "member"
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.responded_by == bruno
    assert "bruno@exemple.org" in client.get(f"/organisations/{org.slug}/membres/").content.decode()

    # 5. Download my data: the JSON holds the account and the memberships.
    response = client.get("/espace/mes-donnees/telecharger/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["accounts"]["account"]["email"] == "claire@exemple.org"
    assert data["organisations"]["memberships"] == [
        {"organisation": "Les Bricoleurs du Loiret", "organisation_slug": org.slug,
         "kind": "association", "role": "admin",
         "since": data["organisations"]["memberships"][0]["since"]}
    ]
    assert data["organisations"]["invitations_sent"][0]["email"] == "bruno@exemple.org"

    # 6. Delete my account: refused while I am the only admin with another member...
    response = client.post("/espace/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "seul administrateur" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()
    # ...so I hand over to Bruno first, then delete.
    bruno_membership = Membership.objects.get(user=bruno)
    client.post(f"/organisations/{org.slug}/membres/{bruno_membership.pk}/role/", {"role": "admin"})
    assert Membership.objects.get(user=bruno).role == "admin"
    response = client.post("/espace/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="claire@exemple.org").exists()
    assert not EmailAddress.objects.filter(email="claire@exemple.org").exists()
    # The organisation stays with its remaining member; I am signed out.
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert list(org.memberships.values_list("user__email", flat=True)) == ["bruno@exemple.org"]
    assert client.get("/espace/").status_code == 302
