"""Taking "the last unit" or "the last seat" safely, on PostgreSQL and on SQLite.

Never read a counter, compare it in Python and write it back: two requests read the same value
and both write. Instead, make the database decide in one statement:

- :func:`take` decrements a remaining count only if enough is left
  (``UPDATE ... SET remaining = remaining - n WHERE pk = ... AND remaining >= n``);
- :func:`take_within` increments a used count only while it stays within a cap held in another
  column (``UPDATE ... SET reserved = reserved + n WHERE reserved + n <= quantity``).

Both return ``True`` when the row was updated, ``False`` when there was not enough left; the
caller turns ``False`` into a clear French answer. Keep a database ``CheckConstraint``
(``remaining >= 0`` / ``reserved <= quantity``) as the last line: a bug elsewhere then fails
loudly instead of giving a unit twice.

On SQLite, the project opens transactions as ``IMMEDIATE`` (see settings), so writers queue on
the database lock instead of failing; :func:`retry_when_locked` retries the rare
"database is locked" that a long queue can still produce, so a rush never shows an error page.

Tests prove each use with real concurrent connections: see the ``run_concurrently`` fixture in
``tests/conftest.py``.
"""

from __future__ import annotations

import functools
import random
import time

from django.db import OperationalError, models


def _changed(queryset: models.QuerySet, updated: int) -> bool:
    """A counter moved: purge the page cache when its model is shown on public pages (an
    ``UPDATE`` sends no ``post_save``; see :mod:`assonum.core.page_cache`)."""
    if updated:
        from .page_cache import model_changed

        model_changed(queryset.model)
    return updated == 1


def take(queryset: models.QuerySet, pk, *, field: str = "remaining", amount: int = 1) -> bool:
    """Decrement ``field`` of row ``pk`` by ``amount`` if at least ``amount`` is left."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    updated = queryset.filter(pk=pk, **{f"{field}__gte": amount}).update(
        **{field: models.F(field) - amount})
    return _changed(queryset, updated)


def give_back(queryset: models.QuerySet, pk, *, field: str = "remaining", amount: int = 1) -> None:
    """The inverse of :func:`take` (a cancelled reservation returns its units)."""
    _changed(queryset, queryset.filter(pk=pk).update(**{field: models.F(field) + amount}))


def take_within(queryset: models.QuerySet, pk, *, used: str, cap: str, amount: int = 1) -> bool:
    """Increment ``used`` of row ``pk`` by ``amount`` if ``used + amount <= cap`` stays true."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    updated = queryset.filter(pk=pk, **{f"{used}__lte": models.F(cap) - amount}).update(
        **{used: models.F(used) + amount})
    return _changed(queryset, updated)


def release_within(queryset: models.QuerySet, pk, *, used: str, amount: int = 1) -> None:
    """The inverse of :func:`take_within`, never below zero."""
    _changed(queryset, queryset.filter(pk=pk, **{f"{used}__gte": amount}).update(
        **{used: models.F(used) - amount}))


def is_locked_error(error: Exception) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database table is locked" in text


def retry_when_locked(function=None, *, attempts: int = 8, base_delay: float = 0.05):
    """Retry ``function`` when SQLite answers "database is locked" (no effect on PostgreSQL).

    Use it around a whole ``transaction.atomic()`` block (the decorated function opens it),
    never inside one.
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(attempts):
                try:
                    return func(*args, **kwargs)
                except OperationalError as error:
                    if not is_locked_error(error) or attempt == attempts - 1:
                        raise
                    time.sleep(base_delay * (2 ** attempt) * (0.5 + random.random()))
            raise AssertionError("unreachable")

        return wrapper

    return decorator(function) if function is not None else decorator
