import pytest

from tests.conftest import login_with_mfa

from .factories import NeedFactory, make_guide, make_tool


@pytest.mark.django_db
def test_free_alternatives_are_shown_on_both_sides(client, tools_index):
    framadate = make_tool(tools_index, title="Framadate", slug="framadate", licence="libre")
    doodle = make_tool(tools_index, title="Doodle", slug="doodle", licence="freemium",
                       alternatives=[framadate])
    html = client.get(doodle.url).content.decode()
    assert "Alternatives libres" in html
    assert 'href="/boite-a-outils/framadate/"' in html
    html = client.get(framadate.url).content.decode()
    assert "Alternative libre à" in html
    assert 'href="/boite-a-outils/doodle/"' in html
    assert "Alternatives libres</h2>" not in html


@pytest.mark.django_db
def test_unpublished_alternative_is_not_linked(client, tools_index):
    draft = make_tool(tools_index, title="Brouillon", slug="brouillon", publish=False)
    tool = make_tool(tools_index, title="Zoom", slug="zoom", licence="freemium",
                     alternatives=[draft])
    assert "/boite-a-outils/brouillon/" not in client.get(tool.url).content.decode()


@pytest.mark.django_db
def test_tool_page_shows_the_facts_and_the_print_link(client, tools_index):
    need = NeedFactory(name="Se réunir", slug="se-reunir")
    tool = make_tool(tools_index, title="Jitsi Meet", slug="jitsi", licence="libre",
                     hosting="chatons", difficulty="debutant", cost="Gratuit.",
                     website="https://jitsi.org/", needs=[need],
                     privacy_notes="Choisissez une instance de confiance.",
                     tutorials=[{"type": "link", "value": {
                         "title": "Guide", "url": "https://example.org/g", "note": ""}}])
    html = client.get(tool.url).content.decode()
    for text in ("Logiciel libre", "Chez un hébergeur associatif (collectif CHATONS)", "Débutant", "https://jitsi.org/",
                 "Choisissez une instance de confiance.", "https://example.org/g",
                 'href="/boite-a-outils/?besoin=se-reunir"', 'href="?print=1"'):
        assert text in html
    html = client.get(tool.url, {"print": "1"}).content.decode()
    assert "print-sheet" in html and "Version à imprimer" in html


@pytest.mark.django_db
def test_guide_page_renders_every_block(client, tools_index, guides_index):
    tool = make_tool(tools_index, title="KeePassXC", slug="keepassxc")
    guide = make_guide(guides_index, title="Protéger ses mots de passe", body=[
        {"type": "text", "value": "<p>Un texte d'introduction.</p>"},
        {"type": "steps", "value": [{"title": "Installer", "text": "<p>Téléchargez.</p>"},
                                    {"title": "Créer le coffre", "text": "<p>Choisissez.</p>"}]},
        {"type": "tip", "value": {"title": "", "text": "<p>Une astuce.</p>"}},
        {"type": "warning", "value": {"title": "Important", "text": "<p>Un danger.</p>"}},
        {"type": "tools", "value": [tool.pk]},
    ])
    html = client.get(guide.url).content.decode()
    assert '<ol class="steps">' in html and "Créer le coffre" in html
    assert "callout--tip" in html and "Astuce" in html
    assert "callout--warning" in html and "Important" in html
    assert 'href="/boite-a-outils/keepassxc/"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_guide_list_filters_by_need(client, guides_index):
    rgpd = NeedFactory(name="RGPD", slug="rgpd")
    make_guide(guides_index, title="Fiche RGPD", needs=[rgpd])
    make_guide(guides_index, title="Fiche autre")
    html = client.get("/fiches-pratiques/").content.decode()
    assert "Fiche RGPD" in html and "Fiche autre" in html
    html = client.get("/fiches-pratiques/", {"besoin": "rgpd"}).content.decode()
    assert "Fiche RGPD" in html and "Fiche autre" not in html


@pytest.mark.django_db
def test_home_offers_a_tool_for_each_need(client, tools_index):
    NeedFactory(name="Collecter des dons", slug="dons")
    html = client.get("/").content.decode()
    assert "Trouver un outil pour un besoin" in html
    assert 'href="/boite-a-outils/?besoin=dons"' in html


@pytest.mark.django_db
def test_header_links_to_toolbox_and_guides(client, tools_index, guides_index):
    html = client.get("/").content.decode()
    assert 'href="/boite-a-outils/"' in html and 'href="/fiches-pratiques/"' in html


@pytest.mark.django_db
def test_tool_pages_go_through_the_default_moderation_workflow(tools_index):
    tool = make_tool(tools_index)
    workflow = tool.get_workflow()
    assert workflow is not None and workflow.active


@pytest.fixture
def admin_client(client, django_user_model):
    """A superuser whose session passed the second factor (required for /admin/)."""
    user = django_user_model.objects.create_superuser(email="staff@example.org",
                                                      password="x-Secret-123")
    return login_with_mfa(client, user)


@pytest.mark.django_db
def test_staff_edit_needs_in_the_back_office(admin_client):
    response = admin_client.get("/admin/snippets/toolbox/need/add/")
    assert response.status_code == 200
    response = admin_client.post("/admin/snippets/toolbox/need/add/", {
        "name": "Animer un réseau", "slug": "animer-reseau", "order": "5", "description": "",
    })
    assert response.status_code == 302
    from assonum.toolbox.models import Need

    assert Need.objects.filter(slug="animer-reseau").exists()


@pytest.mark.django_db
def test_staff_can_create_a_tool_page_in_the_back_office(admin_client, tools_index):
    response = admin_client.get(f"/admin/pages/add/toolbox/toolpage/{tools_index.pk}/")
    assert response.status_code == 200
    assert "Alternatives libres" in response.content.decode()


@pytest.mark.django_db
def test_needs_admin_is_closed_to_anonymous_and_non_staff(client, django_user_model):
    assert client.get("/admin/snippets/toolbox/need/").status_code == 302
    user = django_user_model.objects.create_user(email="membre@example.org",
                                                 password="x-Secret-123")
    client.force_login(user)
    response = client.get("/admin/snippets/toolbox/need/")
    assert (response.status_code, response["Location"]) == (
        302, "/compte/login/?next=/admin/snippets/toolbox/need/")
