"""The site shell: menu disclosure, one search box on the home page, breadcrumbs, required marks,
the stylesheet's weight, the favicon and the accessibility statement."""

import gzip
import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

CSS = Path(finders.find("css/site.css"))


def test_stylesheet_is_under_20_kb_compressed():
    size = len(gzip.compress(CSS.read_bytes(), compresslevel=9))
    assert size <= 20 * 1024, f"site.css is {size} bytes gzipped"


def test_no_web_font_and_no_import_in_the_stylesheet():
    css = CSS.read_text()
    assert "@font-face" not in css and "@import" not in css


def test_menu_is_a_details_disclosure_with_navigation_and_search(client, demo_site):
    html = client.get("/contact/").content.decode()
    menu = re.search(r'<details class="menu">(.*?)</details>', html, re.S)
    assert menu, "the menu is a <details> element (works without JavaScript)"
    assert '<summary class="menu__button">' in menu.group(1)
    assert 'aria-label="Menu principal"' in menu.group(1)
    assert 'role="search"' in menu.group(1)
    assert 'src="/static/img/logo.svg"' in html


def test_home_page_has_one_search_box(client, demo_site):
    html = client.get("/").content.decode()
    assert html.count('type="search"') == 1
    assert html.count('role="search"') == 1


def test_breadcrumbs_on_an_inner_page_not_on_the_home_page(client, demo_site):
    assert 'class="breadcrumbs' not in client.get("/").content.decode()
    html = client.get("/contact/").content.decode()
    trail = re.search(r'<nav class="breadcrumbs[^"]*" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert trail and trail.group(1) == "Fil d’Ariane"
    assert '<a href="/">Accueil</a>' in trail.group(2)
    assert 'href="/contact/" aria-current="page">Contact</a>' in trail.group(2)


class _Form(forms.Form):
    name = forms.CharField(label="Nom")
    comment = forms.CharField(label="Commentaire", required=False)
    agree = forms.BooleanField(label="J'accepte")


def test_default_form_rendering_marks_required_fields():
    html = _Form().as_div()
    assert re.search(r'<label for="id_name">Nom <span class="required-mark" aria-hidden="true">'
                     r"\*</span></label>", html)
    assert re.search(r'<label for="id_comment">Commentaire</label>', html)
    # A checkbox comes before its label, on the same line.
    assert re.search(r'<div class="checkbox"><input type="checkbox" name="agree"[^>]*> '
                     r'<label for="id_agree">J&#x27;accepte <span class="required-mark"', html)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert body == Path(finders.find("img/favicon.ico")).read_bytes()


def test_accessibility_statement_follows_the_rgaa_model(client, demo_site):
    html = client.get("/accessibilite/").content.decode()
    assert "non conforme" in html and "partiellement conforme" not in html
    assert "1er décembre 2026" in html  # dated
    assert "Contenus non accessibles" in html
    assert 'href="mailto:accueil-centre@lemouvementassociatif.org"' in html
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in html
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in html


def test_former_statement_is_replaced_by_the_demo_loader(demo_site):
    from wagtail.blocks import StreamValue  # noqa: F401 - the body is a StreamField

    from assonum.core import demo
    from assonum.core.models import ContentPage

    page = ContentPage.objects.get(slug="accessibilite")
    page.body = [("paragraph", "<p>Ce site est partiellement conforme.</p>")]
    page.save_revision().publish()
    demo.load()
    page = ContentPage.objects.get(slug="accessibilite")
    assert "non conforme" in str(page.body)
    assert "partiellement conforme" not in str(page.body)
