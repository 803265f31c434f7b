"""Demo: the region's real communes and departments (skips quickly when already loaded)."""

from .services import load_territory


def load(stdout=None) -> list[str]:
    result = load_territory()
    return [result.summary()]
