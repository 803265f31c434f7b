"""take / take_within: the last unit goes to one caller only (assonum.core.concurrency)."""

import pytest
from django.db import OperationalError, connection, models
from django.test.utils import isolate_apps

from assonum.core.concurrency import give_back, release_within, retry_when_locked, take, take_within


@pytest.fixture
def stock_model(transactional_db):
    with isolate_apps("assonum.core"):
        class Stock(models.Model):
            quantity = models.PositiveIntegerField()
            reserved = models.PositiveIntegerField(default=0)
            remaining = models.PositiveIntegerField(default=0)

            class Meta:
                app_label = "core"
                db_table = "test_concurrency_stock"
                constraints = [models.CheckConstraint(
                    condition=models.Q(reserved__lte=models.F("quantity")),
                    name="test_reserved_within_quantity")]

            def __str__(self):
                return f"stock {self.pk}"

    with connection.schema_editor() as editor:
        editor.create_model(Stock)
    yield Stock
    with connection.schema_editor() as editor:
        editor.delete_model(Stock)


def test_take_and_give_back(stock_model):
    stock = stock_model.objects.create(quantity=3, remaining=3)
    assert take(stock_model.objects, stock.pk, amount=2)
    assert not take(stock_model.objects, stock.pk, amount=2)  # 1 left
    assert take(stock_model.objects, stock.pk)
    assert not take(stock_model.objects, stock.pk)
    give_back(stock_model.objects, stock.pk, amount=2)
    assert stock_model.objects.get(pk=stock.pk).remaining == 2
    with pytest.raises(ValueError):
        take(stock_model.objects, stock.pk, amount=0)


def test_take_within_never_exceeds_the_cap(stock_model):
    stock = stock_model.objects.create(quantity=5)
    assert take_within(stock_model.objects, stock.pk, used="reserved", cap="quantity", amount=3)
    assert not take_within(stock_model.objects, stock.pk, used="reserved", cap="quantity",
                           amount=3)
    assert take_within(stock_model.objects, stock.pk, used="reserved", cap="quantity", amount=2)
    release_within(stock_model.objects, stock.pk, used="reserved", amount=4)
    assert stock_model.objects.get(pk=stock.pk).reserved == 1


def test_retry_when_locked_retries_only_the_lock_error():
    calls = []

    @retry_when_locked(attempts=3, base_delay=0)
    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "ok"

    assert flaky() == "ok" and len(calls) == 3

    @retry_when_locked(attempts=3, base_delay=0)
    def broken():
        raise OperationalError("no such table: x")

    with pytest.raises(OperationalError, match="no such table"):
        broken()


@pytest.mark.postgres
def test_fifty_connections_rush_the_last_unit(stock_model, run_concurrently):
    for _round in range(3):
        stock = stock_model.objects.create(quantity=1, remaining=1)
        results = run_concurrently(
            lambda i, pk=stock.pk: take(stock_model.objects, pk), n=50)
        assert [r for r, e in results].count(True) == 1
        assert [r for r, e in results].count(False) == 49
        assert all(e is None for r, e in results)
        assert stock_model.objects.get(pk=stock.pk).remaining == 0


def test_rush_on_the_embedded_default_ends_cleanly_too(stock_model, run_concurrently):
    """Whatever the database, 10 simultaneous takers of 3 units: 3 winners, no error."""
    stock = stock_model.objects.create(quantity=3, remaining=3)
    results = run_concurrently(
        retry_when_locked(lambda i: take(stock_model.objects, stock.pk)), n=10)
    assert all(e is None for r, e in results), results
    assert [r for r, e in results].count(True) == 3
