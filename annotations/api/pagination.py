"""Pagination of the API's lists: page numbers, and for claims a keyset cursor as well.

Page numbers cost what their OFFSET skips, plus a COUNT of the whole list on
every page: on PostgreSQL with 80,000 claims that was 10 ms for the count and
7 ms for a page in the middle, before any Python (docs/benchmarks.md). A
keyset cursor ("after this claim, in this order") costs the same at any depth,
so a client that walks a long list follows ``next`` with ``?cursor=``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

CURSOR_ERROR = "Invalid cursor; use the `next` link of a page, or an empty cursor for the first page."


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class KeysetOrPageNumberPagination(Pagination):
    """``?page=N`` (with ``count``) as every list, or ``?cursor=`` for keyset pages.

    The keyset follows the list's ordering (its first field, then the id as the
    tie-breaker), so the order is the same in both modes. ``?cursor=`` (empty)
    is the first page; each page's ``next`` carries the cursor of the one after.
    """

    cursor_query_param = "cursor"

    def paginate_ids(self, queryset, request, view=None, *, prepared=None) -> list[int]:
        """The ids of the requested page of ``queryset`` (ordered as the list is).

        ``prepared`` (``annotations.api.queries.ClaimPages``, for the queryset
        of its ``order_by`` with no filter) runs the same queries, compiled once.
        """
        if prepared is not None and tuple(queryset.query.order_by) != prepared.order_by:
            raise ValueError("The prepared queries are for another order.")
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            ids = prepared.ids() if prepared is not None else queryset.values_list("pk", flat=True)
            return list(self.paginate_queryset(ids, request, view))
        self.request = request
        field, descending = _key_of(queryset.query.order_by)
        size = self.get_page_size(request)
        cursor = request.query_params[self.cursor_query_param]
        value = pk = None
        if cursor:
            value, pk = _decode(cursor, field)
        if prepared is not None:
            rows = prepared.keyset(value, pk, size + 1)
        else:
            if cursor:
                after = Q(pk__gt=pk) if field == "pk" else Q(**{field: value, "pk__gt": pk})
                if field != "pk":
                    after |= Q(**{f"{field}__{'lt' if descending else 'gt'}": value})
                elif descending:
                    after = Q(pk__lt=pk)
                queryset = queryset.filter(after)
            order = [f"-{field}" if descending else field] + ([] if field == "pk" else ["pk"])
            rows = list(queryset.order_by(*order).values_list("pk", field)[:size + 1])
        self.next_cursor = _encode(rows[size - 1][1], rows[size - 1][0]) if len(rows) > size else None
        return [pk for pk, _ in rows[:size]]

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        next_url = None
        if self.next_cursor:
            next_url = replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param,
                                           self.next_cursor)
        return Response({"next": next_url, "results": data})

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["next", "results"]
        paged["description"] = "With ?page: count, next, previous and results; with ?cursor: next and results."
        return paged

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "Keyset pages instead of page numbers: empty for the first page, then the cursor "
                           "in each page's `next`. The same at any depth, and no count.",
            "schema": {"type": "string"},
        }]


def _key_of(order_by) -> tuple[str, bool]:
    """The ordering's first field (``pk`` for id) and whether it is descending."""
    first = order_by[0] if order_by else "pk"
    descending = first.startswith("-")
    field = first.lstrip("-")
    return ("pk" if field == "id" else field), descending


def _encode(value, pk: int) -> str:
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    raw = json.dumps([value, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, field: str):
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError
        if field == "created_at":
            value = parse_datetime(value) if isinstance(value, str) else None
            if value is None:
                raise ValueError
        elif field != "pk" and (not isinstance(value, int | float) or isinstance(value, bool)):
            raise ValueError
        return value, pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise serializers.ValidationError({"cursor": [CURSOR_ERROR]}) from None
