from io import StringIO

import pytest
from django.core.management import call_command

from assonum.toolbox.models import GuidePage, Need, ToolPage


@pytest.mark.django_db
def test_demo_has_real_tools_guides_and_is_idempotent(demo_site, client):
    from assonum.toolbox import demo

    demo.load()
    assert ToolPage.objects.live().count() >= 40
    assert GuidePage.objects.live().count() >= 6
    assert Need.objects.count() >= 10
    doodle = ToolPage.objects.get(slug="doodle")
    assert list(doodle.free_alternatives.values_list("slug", flat=True)) == ["framadate"]
    for slug in ("infobesite", "fracture-numerique", "empreinte-environnementale",
                 "rgpd-associations", "choisir-logiciel-libre"):
        assert GuidePage.objects.live().filter(slug=slug).exists()
    tools, guides = ToolPage.objects.count(), GuidePage.objects.count()
    demo.load()
    assert (ToolPage.objects.count(), GuidePage.objects.count()) == (tools, guides)
    # Searchable at once, without a worker.
    html = client.get("/recherche/", {"q": "sondages"}).content.decode()
    assert "Framadate" in html


@pytest.mark.django_db
def test_make_bench_data_creates_tools_and_guides(demo_site, client):
    out = StringIO()
    call_command("make_bench_data", "--scale", "0.01", stdout=out)
    assert "10 tools and 10 guides" in out.getvalue()
    assert ToolPage.objects.live().count() == 10
    tool = ToolPage.objects.first()
    assert client.get(tool.url).status_code == 200
    assert client.get("/boite-a-outils/", {"licence": "libre"}).status_code == 200
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])
