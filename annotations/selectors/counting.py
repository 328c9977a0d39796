"""How many rows a long list holds, without counting an archive on every page."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


def list_count(rows: QuerySet) -> int:
    """``rows.count()``; for a list of ``LIST_COUNT_CACHE_FROM`` rows or more, the count taken for the same
    query in the last ``LIST_COUNT_CACHE_SECONDS``, if any.

    Counting 1.8 million claims took 45 ms of an API page's 70 (docs/benchmarks.md, "A million
    claims"). The key is the query's SQL, so each filter and each person's view of a list has its own
    count; shorter lists are counted every time.
    """
    seconds = settings.LIST_COUNT_CACHE_SECONDS
    if not seconds:
        return rows.count()
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match
        return 0
    key = "list-count:" + hashlib.sha256(f"{rows.db}\n{sql}\n{params!r}".encode()).hexdigest()
    counted = cache.get(key)
    if counted is None:
        counted = rows.count()
        if counted >= settings.LIST_COUNT_CACHE_FROM:
            cache.set(key, counted, seconds)
    return counted


class ListPaginator(Paginator):
    """Django's Paginator, counting a queryset with ``list_count``."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return list_count(self.object_list)
        return super().count
