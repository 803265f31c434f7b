"""The one workflow mechanism: a transition table per model, a locked state change, a log.

A model with a workflow declares its states and the allowed moves::

    class Reservation(models.Model):
        class Status(models.TextChoices):
            REQUESTED = "requested", _("Demandée")
            ACCEPTED = "accepted", _("Acceptée")
            DECLINED = "declined", _("Refusée")

        TRANSITIONS = {
            Status.REQUESTED: {Status.ACCEPTED, Status.DECLINED},
            Status.ACCEPTED: set(),
            Status.DECLINED: set(),
        }
        status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)

and every change of state goes through :func:`transition`, from a service::

    with transaction.atomic():
        reservation = transition(reservation, Reservation.Status.ACCEPTED, by=user,
                                 note="OK", changes={"accepted_at": timezone.now()})
        ...  # side effects in the same transaction: they see the locked, current row

:func:`transition` re-reads the row under ``SELECT ... FOR UPDATE`` (PostgreSQL), checks the
table against the state *in the database* (not the one held in memory), writes the new state
with a conditional ``UPDATE ... WHERE status = <read state>`` (which also serialises SQLite,
whose ``FOR UPDATE`` is a no-op), and records a :class:`~assonum.core.models.TransitionLog`
row: object, from, to, who, when, note. Two moderators approving the same proposal at the same
instant therefore get one success and one :class:`InvalidTransition` with a French message.

``state_field`` defaults to ``"status"``; a model may set ``WORKFLOW_STATE_FIELD``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class InvalidTransition(Exception):
    """A state change that the model's transition table does not allow (French message)."""

    def __init__(self, obj=None, source=None, target=None, message: str | None = None):
        self.obj, self.source, self.target = obj, source, target
        if message is None:
            message = _("Cette action n'est plus possible : l'élément est « %(source)s ».") % {
                "source": state_label(obj, source) if obj is not None else source
            }
        self.message = message
        super().__init__(message)

    def __str__(self):
        return self.message


def state_field_of(model_or_obj) -> str:
    return getattr(model_or_obj, "WORKFLOW_STATE_FIELD", "status")


def state_label(obj, value) -> str:
    """The French label of a state value (its ``choices`` label), or the raw value."""
    field = obj._meta.get_field(state_field_of(obj))
    for key, label in field.flatchoices:
        if key == value:
            return str(label)
    return str(value)


def allowed_targets(obj, source=None) -> set:
    """States reachable from ``source`` (default: the object's state in memory)."""
    table = obj.TRANSITIONS
    source = getattr(obj, state_field_of(obj)) if source is None else source
    return {str(target) for target in table.get(source, set())}


def can_transition(obj, target) -> bool:
    """Would the table allow ``target`` from the state held in memory? (for showing buttons)"""
    return str(target) in allowed_targets(obj)


def check_table(model) -> list[str]:
    """Problems of a model's transition table (used by the system check)."""
    problems = []
    table = getattr(model, "TRANSITIONS", None)
    if not isinstance(table, Mapping):
        return [f"{model.__name__}.TRANSITIONS must be a dict of state -> set of states"]
    try:
        field = model._meta.get_field(state_field_of(model))
    except Exception:  # noqa: BLE001 - reported as a problem
        return [f"{model.__name__} has no state field {state_field_of(model)!r}"]
    states = {str(key) for key, _label in field.flatchoices}
    for source, targets in table.items():
        if str(source) not in states:
            problems.append(f"{model.__name__}: unknown state {source!r} in TRANSITIONS")
        for target in targets:
            if str(target) not in states:
                problems.append(f"{model.__name__}: unknown target {target!r} from {source!r}")
    return problems


def transition(obj, target, *, by=None, note: str = "", changes: Mapping[str, Any] | None = None,
               expected: Iterable | None = None, message: str | None = None):
    """Move ``obj`` to ``target`` if its transition table allows it; log who did it.

    - ``by``: the user who acts (``None`` for the system: a periodic task, an import).
    - ``changes``: other fields to write in the same ``UPDATE`` (``decided_at``, ``reason``...).
    - ``expected``: restrict the allowed sources further (e.g. only from "pending").
    - ``message``: the French refusal to raise instead of the generic one.

    Returns the re-read instance (also refreshed into ``obj``). Raises :class:`InvalidTransition`.
    Call it inside the service's ``transaction.atomic()`` so that side effects commit with it.
    """
    from .models import TransitionLog

    model = type(obj)
    field = state_field_of(model)
    target = str(target)
    changes = dict(changes or {})
    with transaction.atomic():
        locked = model._base_manager.select_for_update().get(pk=obj.pk)
        source = str(getattr(locked, field))
        allowed = allowed_targets(locked, source)
        if expected is not None and source not in {str(s) for s in expected}:
            allowed = set()
        if target not in allowed:
            raise InvalidTransition(locked, source, target, message)
        updated = model._base_manager.filter(pk=obj.pk, **{field: source}).update(
            **{field: target}, **changes)
        if updated != 1:  # another connection moved it between our read and our write
            raise InvalidTransition(locked, source, target, message)
        for name, value in {field: target, **changes}.items():
            setattr(locked, name, value)
            setattr(obj, name, value)
        TransitionLog.objects.create(
            content_type=TransitionLog.content_type_for(model),
            object_id=str(obj.pk),
            from_state=source,
            to_state=target,
            by=by if (by is not None and getattr(by, "is_authenticated", False)) else None,
            note=note[:1000],
        )
    # The conditional UPDATE sends no post_save: purge the page cache if public pages show it.
    from .page_cache import model_changed

    model_changed(model)
    return locked


def history(obj) -> models.QuerySet:
    """The transition log of one object, oldest first."""
    from .models import TransitionLog

    return TransitionLog.objects.for_object(obj).order_by("at", "pk")


def log_creation(obj, *, by=None, note: str = "") -> None:
    """Record the initial state of a new object in the log (from "" to its state)."""
    from .models import TransitionLog

    TransitionLog.objects.create(
        content_type=TransitionLog.content_type_for(type(obj)), object_id=str(obj.pk),
        from_state="", to_state=str(getattr(obj, state_field_of(obj))),
        by=by if (by is not None and getattr(by, "is_authenticated", False)) else None,
        note=note[:1000],
    )


CREATED_LABEL = gettext_lazy("création")
