"""Back office of the newsletter: the issues in the menu, the email preview on its own, the send
page's labels."""

import re

import pytest

from assonum.newsletter.rendering import render_issue
from tests.conftest import login_with_mfa

from .test_admin_and_data import no_digest, send_url, staff  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_email_preview_works_on_its_own_and_is_the_sent_email(client, staff, make_issue,  # noqa: F811
                                                              no_digest):  # noqa: F811
    issue = make_issue()
    draft = issue.get_latest_revision_as_object()  # a later draft: the preview shows it
    draft.title = "Lettre n° 1, version revue"
    draft.save_revision(user=staff)
    login_with_mfa(client, staff)
    page = client.get(send_url(issue)).content.decode()
    preview = re.search(r'href="([^"]+)"[^>]*>Aperçu de l\'e-mail', page).group(1)
    assert "preview_on_edit" not in preview and "/edit/preview/" not in preview

    response = client.get(preview)  # without ever opening the preview panel
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lettre n° 1, version revue" in html
    sent = render_issue(issue.get_latest_revision_as_object(), topic_slugs=(),
                        department_codes=()).html
    assert html == sent.replace("%%UNSUBSCRIBE_URL%%", "#").replace("%%PREFERENCES_URL%%", "#")
    assert '<body style="' in html and '<h1 style="' in html  # styled inline, like the email


def test_email_preview_is_for_staff_only(client, make_issue, no_digest):  # noqa: F811
    from django.contrib.auth import get_user_model

    issue = make_issue()
    client.force_login(get_user_model().objects.create_user("lambda@example.org", "x"))
    response = client.get(f"/admin/lettre/numero/{issue.pk}/apercu/")
    assert response.status_code in (302, 403)
    assert "Lettre n° 1" not in response.content.decode()


def test_send_page_labels_the_date_field(client, staff, make_issue, no_digest):  # noqa: F811
    issue = make_issue()
    login_with_mfa(client, staff)
    body = client.get(send_url(issue)).content.decode()
    field = re.search(r'<input[^>]+type="datetime-local"[^>]*>', body).group(0)
    field_id = re.search(r'id="([^"]+)"', field).group(1)
    label = rf'<label[^>]+for="{field_id}"[^>]*>Date et heure d(?:\'|&#x27;)envoi</label>'
    assert re.search(label, body)


def test_the_newsletter_menu_lists_the_issues(client, staff, make_issue, no_digest):  # noqa: F811
    make_issue(1)
    make_issue(2, live=False)
    login_with_mfa(client, staff)
    home = client.get("/admin/").content.decode()
    assert "Lettre d\\u0027information" in home or "Lettre d'information" in home
    assert "/admin/lettre_numeros/" in home
    listing = client.get("/admin/lettre_numeros/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Lettre n° 1" in body and "Lettre n° 2" in body
