import pytest

from assonum.stories.models import StoryIndexPage
from assonum.stories.services import ensure_moderation_workflow


@pytest.fixture
def story_index(demo_site):
    index = StoryIndexPage(title="Témoignages", slug="temoignages")
    demo_site.add_child(instance=index)
    index.save_revision().publish()
    ensure_moderation_workflow(index=index)
    return StoryIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def tool_index(demo_site):
    from assonum.toolbox.models import ToolIndexPage

    index = ToolIndexPage(title="Boîte à outils", slug="boite-a-outils")
    demo_site.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_tool(tool_index):
    from assonum.toolbox.models import ToolPage

    def make(title, **fields):
        fields.setdefault("summary", f"{title} en une ligne.")
        tool = ToolPage(title=title, **fields)
        tool_index.add_child(instance=tool)
        tool.save_revision().publish()
        return ToolPage.objects.get(pk=tool.pk)

    return make
