"""Factories of the toolbox: needs (factory_boy) and helpers that add pages to the tree."""

import factory

from assonum.toolbox.models import GuideIndexPage, GuidePage, Need, ToolIndexPage, ToolPage


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Besoin {n}")
    slug = factory.Sequence(lambda n: f"besoin-{n}")
    order = factory.Sequence(lambda n: n)


def tool_index(home) -> ToolIndexPage:
    index = ToolIndexPage.objects.first()
    if index is None:
        index = ToolIndexPage(title="Boîte à outils", slug="boite-a-outils")
        home.add_child(instance=index)
    return index


def guide_index(home) -> GuidePage:
    index = GuideIndexPage.objects.first()
    if index is None:
        index = GuideIndexPage(title="Fiches pratiques", slug="fiches-pratiques")
        home.add_child(instance=index)
    return index


_counter = iter(range(1, 10**9))


def make_tool(index, *, needs=(), alternatives=(), publish=True, **fields) -> ToolPage:
    n = next(_counter)
    defaults = dict(title=f"Outil {n}", slug=f"outil-{n}", summary=f"Résumé de l'outil {n}",
                    licence="libre", cost_band="gratuit", hosting="ue", difficulty="debutant")
    defaults.update(fields)
    tool = ToolPage(live=publish, **defaults)
    tool.needs = list(needs)
    tool.free_alternatives = list(alternatives)
    index.add_child(instance=tool)
    if publish:
        tool.save_revision().publish()
    return tool


def make_guide(index, *, needs=(), body=(), **fields) -> GuidePage:
    n = next(_counter)
    defaults = dict(title=f"Fiche {n}", slug=f"fiche-{n}", summary=f"Résumé de la fiche {n}")
    defaults.update(fields)
    guide = GuidePage(body=list(body), **defaults)
    guide.needs = list(needs)
    index.add_child(instance=guide)
    guide.save_revision().publish()
    return guide
