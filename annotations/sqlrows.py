"""Model instances from the rows of plain SQL, as Django's own reads make them (the fast paths' one helper).

Django turns a row into an instance with ``Model.from_db`` after each field's
``from_db_value`` (a JSON column arrives as text, for instance); the fast
paths that read with their own SQL (``selectors.claim_detail_sql``,
``services.verdict_sql``) do the same here, so their instances cannot differ
from the ORM's in anything a field converts.
"""

from __future__ import annotations

from django.db import connection


def instance_from_row(model, fields, values):
    """An instance of ``model`` from ``values`` of ``fields`` (concrete fields, in the row's order); the
    model's other fields deferred, as with ``only()``."""
    converted = [
        field.from_db_value(value, None, connection) if hasattr(field, "from_db_value") else value
        for field, value in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [field.attname for field in fields], converted)
