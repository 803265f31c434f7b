"""Writes of the toolbox that are more than one page save."""

from wagtail.search.backends import get_search_backends


def index_now(model, queryset=None, batch_size: int = 500) -> None:
    """Index ``queryset`` (default: every indexed object of ``model``) in the search backends now.

    Saving a page queues its indexing as a background task; the demo and the benchmark data must be
    searchable at once, without waiting for a worker.
    """
    queryset = model.get_indexed_objects() if queryset is None else queryset
    pks = list(queryset.values_list("pk", flat=True))
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pks), batch_size):
            objects = list(model.get_indexed_objects().filter(pk__in=pks[start:start + batch_size])
                           .prefetch_related("needs"))
            backend.add_bulk(model, objects)
