import os

from django.core.wsgi import get_wsgi_application

from factcheck.celery import freeze_for_fork

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load now, while the worker starts, what the first requests of each worker would otherwise wait for.

    Measured per web worker (docs/benchmarks.md, fourth pass): every view's
    modules (DRF, the schema generator, the matcher), about 0.9 s once;
    URLValidator's regular expression, compiled on first use (Unicode host
    ranges), about 50 ms; the Celery app's tasks and its Redis transport
    (the ``redis`` package), loaded by the first task sent, about 180 ms of
    the first article POST. Nothing here opens a connection: a broker or
    database that is down at start fails the requests that need it, as before.
    """
    from django.urls import get_resolver

    from annotations.models import http_url_validator
    from factcheck.celery import app as celery_app

    get_resolver().check()
    http_url_validator("https://example.org/")
    celery_app.finalize(auto=True)
    celery_app.connection_for_write().release()  # resolves the transport class; connects on first use only


_warm_up()
# gunicorn loads this module once and forks its workers from it (gunicorn.conf.py): keep the
# collector off what is loaded so far, so the workers keep sharing those pages (factcheck.celery).
freeze_for_fork()
