"""The settings of `make run`: the demo on one machine, answering as production does.

DEBUG stays off, so a missing page, a refusal and a failure show the Thai pages of
templates/ (404.html, 403.html, 500.html), never Django's English debug pages
(`DEBUG=1 make run` brings those back for a developer). What production takes from its
environment is made up here for 127.0.0.1: a secret key generated once into
var/secret-key (sessions survive a restart), the local host names, cookies over plain
HTTP, and static files served by WhiteNoise straight from the apps and static/, without
collectstatic. seed_demo runs here without --force (DEMO_SITE).
"""

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "secret-key"


def local_secret_key(path: Path) -> str:
    """The key in `path`, written there (readable by its owner only) the first time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by an earlier run (or by the other process just now)
        pass
    else:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


os.environ.setdefault("DEBUG", "0")
if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = local_secret_key(SECRET_KEY_FILE)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_COOKIES", "0")  # http://127.0.0.1 has no TLS

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

# Static files from the apps and static/ as they are on disk (no manifest to build).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo accounts share a public password: seed_demo builds them only on a demo site.
DEMO_SITE = True
