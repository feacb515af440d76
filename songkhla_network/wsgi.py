import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songkhla_network.settings")

application = get_wsgi_application()

# Django, the project and its libraries are loaded: move those objects out of the garbage
# collector's way, so that a full collection walks only what a request made. Without this
# a collection now and then added 50-60 ms to a large page (the district map at ten times
# Songkhla's size: p95 124 ms, 68 ms frozen; bench/results.md).
gc.freeze()
