"""What the core holds about a person: the state changes they made (the transition log).

On erasure the entries stay (they are the history of the objects) without the link to the
person (``by`` becomes empty, shown as "le système").
"""

from .models import TransitionLog


def export(user) -> dict:
    entries = TransitionLog.objects.filter(by=user).select_related("content_type").order_by("at")
    return {"state_changes": [
        {"object": f"{e.content_type.app_label}.{e.content_type.model}", "id": e.object_id,
         "from": e.from_state, "to": e.to_state, "at": e.at.isoformat(), "note": e.note}
        for e in entries
    ]}


def erase(user) -> None:
    TransitionLog.objects.filter(by=user).update(by=None)
