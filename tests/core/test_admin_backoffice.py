"""The back office: live preview may be framed (and only it), no Gravatar, the project's brand."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _preview_data(page):
    return {"title": page.title, "slug": page.slug, "intro": "Nouvelle accroche", "body-count": "0"}


def test_live_preview_may_be_framed_by_the_admin_only(staff_client, demo_site):
    page = demo_site
    preview = f"/admin/pages/{page.pk}/edit/preview/"
    response = staff_client.post(preview, _preview_data(page))
    assert response.json()["is_valid"] is True

    response = staff_client.get(preview)
    assert response.status_code == 200
    assert "Nouvelle accroche" in response.content.decode()
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"

    # The edit page around it, the rest of the admin and the public site are never framed.
    for url in (f"/admin/pages/{page.pk}/edit/", "/admin/"):
        other = staff_client.get(url)
        assert other.status_code == 200
        assert "frame-ancestors 'none'" in other["Content-Security-Policy"], url
        assert other["X-Frame-Options"] == "DENY", url
    public = staff_client.get("/")
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path, framed", [
    ("/admin/pages/add/core/contentpage/3/preview/", True),
    ("/admin/pages/12/edit/preview/", True),
    ("/admin/snippets/newsletter/topic/preview/", True),
    ("/admin/snippets/newsletter/topic/preview/4/", True),
    ("/admin/pages/12/edit/", False),
    ("/admin/", False),
    ("/temoignages/preview/", False),  # not the admin: never framed
])
def test_only_preview_urls_of_the_admin_may_be_framed(rf, path, framed):
    from assonum.core.middleware import frame_ancestors

    assert frame_ancestors(rf.get(path)) == (["'self'"] if framed else None)


def test_no_admin_page_loads_an_avatar_from_gravatar(staff_client, demo_site, settings):
    staff_client.staff.first_name, staff_client.staff.last_name = "Léa", "Martin"
    staff_client.staff.save()
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    for url in ("/admin/", "/admin/account/", "/admin/users/", f"/admin/pages/{demo_site.pk}/"):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "gravatar" not in body.lower(), url
    body = staff_client.get("/admin/account/").content.decode()
    # The initials, drawn in place: nothing to fetch from anywhere.
    assert re.search(r'src="data:image/svg\+xml,[^"]*%3ELM%3C/text%3E', body)


def test_the_admin_wears_the_project_logo_and_colours(staff_client):
    body = staff_client.get("/admin/").content.decode()
    assert "img/logo.svg" in body  # sidebar logo and favicon
    assert 'rel="icon" href="/static/img/logo.svg"' in body
    assert "css/admin.css" in body
    assert "<title>" in body and "AssoNum</title>" in body
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/admin.css"), encoding="utf-8").read()
    assert "--w-color-primary:" in css and "#1f4e8c" in css
