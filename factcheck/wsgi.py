import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()
# Import every view while the worker starts, not during the first request it
# serves: that request would otherwise wait for DRF, the schema generator and
# the matcher's modules to load.
get_resolver().check()
