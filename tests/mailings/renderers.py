"""Test renderers and hooks referenced by dotted path from test campaigns."""

from collections import Counter

from assonum.mailings.message import RenderedMessage

RENDER_CALLS: Counter = Counter()
BOUNCES: list = []
FINISHED: list = []
INACTIVE: set = set()


def render(source_ref, segment_key):
    RENDER_CALLS[(source_ref, segment_key)] += 1
    return RenderedMessage(
        subject=f"Lettre d'été – {segment_key}",
        text=(f"Bonjour, voici les nouveautés ({segment_key}).\n"
              "Vos préférences : %%PREFERENCES_URL%%\n"
              "Se désabonner : %%UNSUBSCRIBE_URL%%\n"
              "Envoyé à %%EMAIL%%\n"),
        html=(f"<p>Bonjour, voici les nouveautés ({segment_key}).</p>"
              '<p><a href="%%PREFERENCES_URL%%">Vos préférences</a> · '
              '<a href="%%UNSUBSCRIBE_URL%%">Se désabonner</a></p><p>Envoyé à %%EMAIL%%</p>'),
    )


def broken(source_ref, segment_key):
    raise RuntimeError("rendering exploded")


def on_bounce(recipient_ref):
    BOUNCES.append(recipient_ref)


def on_finished(source_ref):
    FINISHED.append(source_ref)


def still_subscribed(refs):
    return [ref for ref in refs if ref not in INACTIVE]
