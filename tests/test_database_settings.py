"""How the app talks to PostgreSQL (factcheck/settings.py): prepared statements that are still planned for
the values they run with."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from annotations import selectors

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_a_prepared_statement_is_planned_for_its_values_every_time():
    """After five runs PostgreSQL may plan a prepared statement once for any values (a generic plan), which
    can be blind to a partial index or a skewed column: the home page's "any article still splitting?"
    took 47 ms instead of 0.5 at 100,000 articles. On SQLite the test reads the settings a PostgreSQL
    URL gets."""
    if connection.vendor == "postgresql":
        for _ in range(8):
            selectors.articles_pending_split()
        with connection.cursor() as cursor:
            cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                           "WHERE statement LIKE %s", ["%split_state%"])
            plans = cursor.fetchall()
        assert plans, "the statement was prepared (DB_PREPARE_THRESHOLD)"
        assert [generic for generic, _ in plans] == [0] * len(plans)
        assert sum(custom for _, custom in plans) >= 6
        return
    env = {**os.environ, "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/db", "DEBUG": "1",
           "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    options = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    assert "plan_cache_mode=force_custom_plan" in options and "'prepare_threshold': 2" in options


def test_an_unknown_plan_cache_mode_stops_the_app_with_a_clear_error():
    env = {**os.environ, "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/db", "DEBUG": "1",
           "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DB_PLAN_CACHE_MODE": "sometimes"}
    done = subprocess.run([sys.executable, "-c", "from django.conf import settings; settings.DATABASES"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert "DB_PLAN_CACHE_MODE must be force_custom_plan or auto" in done.stderr
