import pytest

from .factories import guide_index, tool_index


@pytest.fixture
def tools_index(demo_site):
    return tool_index(demo_site)


@pytest.fixture
def guides_index(demo_site):
    return guide_index(demo_site)
