"""Test settings: the real settings plus an N+1 query detector and fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .settings import *  # noqa: E402,F403
from .settings import DATABASES, INSTALLED_APPS, MIDDLEWARE, STORAGES  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
# Any page that loads related objects one row at a time raises zeal.NPlusOneError.
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
# No session renewal within a test (its query counts stay the same however long it runs);
# test_security sets the real minute where renewal is tested.
SESSION_RENEW_SECONDS = 3600
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files from the apps and static/ without collectstatic, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Django's own session and user lookups may repeat within one request (sign-out,
# admin user pages); they are framework internals, not our list pages.
ZEAL_ALLOWLIST = [
    {"model": "sessions.Session", "field": "get()"},
    {"model": "auth.User", "field": "get()"},
]

# Uploaded files from tests go to a throwaway folder, never to var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="songkhla-test-media-"))

# SQLite: the test database in a file, not in memory, so that tests of two people at
# once (two connections, tests/markers.py) meet SQLite's real locking. It is thrown away:
# no waiting for the disk.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="songkhla-test-db-")) / "test.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
    }

# Tasks run at once, in the process that enqueues them (after the commit that wrote what
# they send); the database backend and its worker are tested on their own.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
