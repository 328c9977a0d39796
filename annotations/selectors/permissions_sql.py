"""A person's permissions in one plain SQL statement: the one fast path of the permission gate.

Every API request loads its user afresh and asks the gate, so every request
reads the person's own and their groups' permissions once. Through the ORM
(``access.PermissionBackend``'s standard path) building that query took
1.3 ms of Python and PostgreSQL 0.9 ms to plan and run its ``OR`` over two
join paths, a quarter to a third of a claim detail's time; this statement takes
0.15 ms of Python and 0.3 ms of PostgreSQL (docs/benchmarks.md, "A person's
permissions in one statement"). Switched by ``settings.PERMISSIONS_FAST_SQL``
(on by default; plain SQL, so on SQLite too).

Table and column names come from the models' ``_meta``, so a swapped user
model or renamed tables still work; the answer is the set of
``"app_label.codename"`` that Django's ModelBackend gives for an active,
non-superuser person (tests/test_access_roles.py holds both paths to it).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection


def enabled() -> bool:
    return settings.PERMISSIONS_FAST_SQL


@cache
def _statement() -> str:
    quote = connection.ops.quote_name
    user_permissions = get_user_model().user_permissions.through._meta
    user_groups = get_user_model().groups.through._meta
    group_permissions = Group.permissions.through._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    def table(meta):
        return quote(meta.db_table)

    permission, content_type = Permission._meta, ContentType._meta
    return (
        f"SELECT ct.{column(content_type, 'app_label')}, p.{column(permission, 'codename')} "
        f"FROM {table(permission)} p JOIN {table(content_type)} ct "
        f"ON ct.{column(content_type, 'id')} = p.{column(permission, 'content_type')} "
        f"WHERE p.{column(permission, 'id')} IN ("
        f"SELECT up.{column(user_permissions, 'permission')} FROM {table(user_permissions)} up "
        f"WHERE up.{column(user_permissions, 'user')} = %s "
        f"UNION SELECT gp.{column(group_permissions, 'permission')} FROM {table(group_permissions)} gp "
        f"JOIN {table(user_groups)} ug ON ug.{column(user_groups, 'group')} = gp.{column(group_permissions, 'group')} "
        f"WHERE ug.{column(user_groups, 'user')} = %s)"
    )


def held(user_id) -> set[str]:
    """``"app_label.codename"`` of the permissions the person holds, their own and through their groups."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [user_id, user_id])
        return {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}
