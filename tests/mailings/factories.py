"""Helpers to build campaigns for the tests."""

from assonum.mailings.services import create_campaign

RENDERER = "tests.mailings.renderers.render"


def recipient(i: int, segment: str = "t=;d=") -> tuple:
    return (
        f"r{i}",
        f"personne{i}@exemple.test",
        segment,
        {"unsubscribe_url": f"https://assonum.test/lettre/desabonnement/tok{i}/",
         "preferences_url": f"https://assonum.test/lettre/preferences/tok{i}/?a=1&b=2"},
    )


def make_campaign(n: int = 5, *, segments=("t=;d=",), **kwargs):
    kwargs.setdefault("name", "Lettre de test")
    kwargs.setdefault("source_ref", "test:1")
    kwargs.setdefault("renderer", RENDERER)
    kwargs.setdefault("list_id", "Lettre AssoNum <lettre.assonum.test>")
    return create_campaign(
        recipients=[recipient(i, segments[i % len(segments)]) for i in range(n)], **kwargs
    )


def addresses(n: int) -> set:
    return {f"personne{i}@exemple.test" for i in range(n)}
