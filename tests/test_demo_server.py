"""`make run` answers as production does: the Thai error pages, not Django's debug pages.

The checks run in a subprocess with the settings `make run` uses (settings_demo) and
nothing of the test settings: no DEBUG, no SECRET_KEY from the environment, a new SQLite
file.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run as `python -c` (module __main__, which is also its own URLconf: the project's
# URLs and one view that fails).
PAGES = """
import json
import django
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

django.setup()

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client


@login_not_required
def failure(request):
    raise RuntimeError("a bug")


urlpatterns = [path("failure/", failure), path("", include("songkhla_network.urls"))]
settings.ROOT_URLCONF = "__main__"
settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
partner = User.objects.create_user("partner", password="x")  # no role in the network
anonymous = Client(raise_request_exception=False)
signed_in = Client(raise_request_exception=False)
signed_in.force_login(partner)
pages = {
    "login": anonymous.get("/accounts/login/"),
    "css": anonymous.get("/static/css/site.css"),
    "missing": anonymous.get("/no-such-page/"),
    "forbidden": signed_in.get("/network/organizations/"),
    "failure": anonymous.get("/failure/"),
}
print(json.dumps({
    "debug": settings.DEBUG,
    "demo_site": settings.DEMO_SITE,
    "pages": {
        name: {
            "status": response.status_code,
            "text": b"".join(response).decode() if name != "css" else "",
        }
        for name, response in pages.items()
    },
}, ensure_ascii=False))
"""


def run_demo_settings(tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="songkhla_network.settings_demo",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", PAGES],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def title(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    return found.group(1).strip() if found else ""


def test_make_run_uses_the_demo_settings():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export DJANGO_SETTINGS_MODULE = songkhla_network.settings_demo" in makefile
    recipe = makefile.split("\nrun: $(BIN)/.installed\n", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=1" not in recipe
    assert "manage.py seed_demo\n" in recipe + "\n"  # no --force: the demo site may seed


def test_make_run_shows_the_thai_error_pages(tmp_path):
    result = run_demo_settings(tmp_path, ALLOWED_HOSTS="testserver")
    assert result["debug"] is False and result["demo_site"] is True
    pages = result["pages"]
    assert pages["login"]["status"] == 200 and "เข้าสู่ระบบ" in pages["login"]["text"]
    assert pages["css"]["status"] == 200  # WhiteNoise serves the static files
    assert pages["missing"]["status"] == 404
    assert title(pages["missing"]["text"]) == "ไม่พบหน้าที่ต้องการ"
    assert pages["forbidden"]["status"] == 403
    assert title(pages["forbidden"]["text"]) == "ไม่มีสิทธิ์เข้าถึงหน้านี้"
    assert pages["failure"]["status"] == 500
    assert title(pages["failure"]["text"]) == "ระบบขัดข้องชั่วคราว"
    for page in ("missing", "forbidden", "failure"):
        text = pages[page]["text"]
        # Django's debug pages: "Page not found (404)", "Traceback", "DEBUG = True".
        assert "DEBUG" not in text and "Traceback" not in text and "a bug" not in text, page


def test_the_demo_secret_key_is_made_once_and_kept(tmp_path):
    path = tmp_path / "var" / "secret-key"
    script = (
        "import sys; from pathlib import Path; "
        "from songkhla_network.settings_demo import local_secret_key as key; "
        "path = Path(sys.argv[1]); print(key(path)); print(key(path))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "not-this-one"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split()
    assert len(first) >= 50 and first == second == path.read_text()
    assert path.stat().st_mode & 0o777 == 0o600  # readable by its owner only
