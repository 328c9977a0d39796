"""Pagination of the API's lists: DRF's page numbers, and for long lists a keyset cursor.

``KeysetCursorPagination`` is DRF's ``CursorPagination`` (its cursor encoding,
``next`` links and schema) with one change: the position is the pair (first
ordering field, id) instead of the first field plus an offset. DRF's own
position skips ties by OFFSET and refuses offsets past 1,000, so it cannot walk
the claims list, where thousands of claims share a check-worthiness (page chrome
is all 0.0); with the pair every page costs one index range scan at any depth.
``API_KEYSET_CURSOR = False`` falls back to DRF's cursor (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.response import Response

from annotations import selectors

PAGE_SIZE_ERROR = "page_size must be a whole number from 1 to {max}."
CURSOR_ERROR = "Invalid cursor; use the `next` link of a page, or an empty cursor for the first page."


def _page_size(request, param: str, default: int, maximum: int) -> int:
    """The requested page size; a value that is not 1..maximum is a 400 rather than silently the default."""
    raw = request.query_params.get(param)
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= maximum:
        raise serializers.ValidationError({param: [PAGE_SIZE_ERROR.format(max=maximum)]})
    return size


def _bounded(parameters: list[dict], maximum: int) -> list[dict]:
    """The schema's page parameters with the bounds the pagination enforces (a value outside them is a 400)."""
    for parameter in parameters:
        if parameter["name"] == "page_size":
            parameter["schema"] = {**parameter["schema"], "minimum": 1, "maximum": maximum}
        elif parameter["name"] == "page":
            parameter["schema"] = {**parameter["schema"], "minimum": 1}
    return parameters


class FromEitherEndPaginator(selectors.ListPaginator):
    """``selectors.ListPaginator`` (Django's, counting long lists less often), except that a page past
    the middle is read backwards from the far end.

    An OFFSET costs every row it skips: the last of 1,820 pages of claims
    walked 181,900 index entries first. Read in the reverse order, the same
    rows are the first ones, so no page skips more than half the list. Only
    for a queryset ordered down to its id (the API's lists are), where the
    reverse order is exactly the forward one backwards.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom <= self.count // 2 or not _ordered_down_to_id(rows):
            return self._get_page(rows[bottom:top], number, self)
        backwards = list(rows.reverse()[self.count - top:self.count - bottom])
        backwards.reverse()
        return self._get_page(backwards, number, self)


def _ordered_down_to_id(rows) -> bool:
    return isinstance(rows, QuerySet) and bool({"id", "-id", "pk", "-pk"} & set(rows.query.order_by))


class Pagination(PageNumberPagination):
    django_paginator_class = FromEitherEndPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return _page_size(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        return _bounded(super().get_schema_operation_parameters(view), self.max_page_size)


class KeysetCursorPagination(CursorPagination):
    """Cursor pages positioned on (ordering's first field, id); ``?cursor=`` (empty) is the first page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)

    def get_page_size(self, request):
        return _page_size(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        return _bounded(super().get_schema_operation_parameters(view), self.max_page_size)

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise serializers.ValidationError({self.cursor_query_param: [CURSOR_ERROR]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        if not getattr(settings, "API_KEYSET_CURSOR", True):
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        field, descending = self.ordering[0].lstrip("-"), self.ordering[0].startswith("-")
        order = (self.ordering[0], "id") if field not in ("id", "pk") else (self.ordering[0],)
        queryset = queryset.order_by(*order)
        self.cursor = self.decode_cursor(request)
        if self.cursor is not None:
            if self.cursor.reverse or self.cursor.offset:
                raise serializers.ValidationError({self.cursor_query_param: [CURSOR_ERROR]})
            queryset = queryset.filter(self._after(field, descending, self.cursor.position))
        rows = list(queryset[: self.page_size + 1])
        self.page = rows[: self.page_size]
        self.has_next = len(rows) > self.page_size
        self.has_previous = False
        self.next_position = self._position_of(self.page[-1], field) if self.has_next else None
        return self.page

    def get_next_link(self):
        if not getattr(settings, "API_KEYSET_CURSOR", True):
            return super().get_next_link()
        if not self.has_next:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=False, position=self.next_position))

    def get_previous_link(self):
        if not getattr(settings, "API_KEYSET_CURSOR", True):
            return super().get_previous_link()
        return None

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object", "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    @staticmethod
    def _value(row, name):
        return row[name] if isinstance(row, dict) else getattr(row, name)

    def _position_of(self, row, field: str) -> str:
        pk = self._value(row, "id")
        if field in ("id", "pk"):
            return str(pk)
        value = self._value(row, field)
        if isinstance(value, dt.datetime):
            return f"d:{value.isoformat()}|{pk}"
        if isinstance(value, int):
            return f"i:{value}|{pk}"
        return f"f:{float(value)!r}|{pk}"

    def _after(self, field: str, descending: bool, position: str) -> Q:
        """Rows after the position in the list's order: (field, id) compared as a pair."""
        try:
            if position is None:
                raise ValueError
            if field in ("id", "pk"):
                pk = int(position)
                return Q(pk__lt=pk) if descending else Q(pk__gt=pk)
            raw, pk = position.rsplit("|", 1)
            kind, raw = raw.split(":", 1)
            pk = int(pk)
            value = {"d": parse_datetime, "i": int, "f": float}[kind](raw)
            if value is None:
                raise ValueError
        except (ValueError, TypeError, KeyError):
            raise serializers.ValidationError({self.cursor_query_param: [CURSOR_ERROR]}) from None
        beyond = Q(**{f"{field}__lt" if descending else f"{field}__gt": value})
        return beyond | Q(**{field: value, "pk__gt": pk})


class PageOrCursorPagination(Pagination):
    """``?page=N`` (with ``count``) as every list, or ``?cursor=`` for keyset pages in the same order."""

    cursor_class = KeysetCursorPagination

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_class.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        self.keyset = self.cursor_class()
        return self.keyset.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor_mode:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["next", "results"]
        paged["description"] = "With ?page: count, next, previous and results; with ?cursor: next and results."
        return paged

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": self.cursor_class.cursor_query_param, "required": False, "in": "query",
            "description": "Keyset pages instead of page numbers: empty for the first page, then the cursor "
                           "in each page's `next`. The same cost at any depth, and no count.",
            "schema": {"type": "string"},
        }]
