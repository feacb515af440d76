"""What a database shows, for tests/test_backup.py: run in a subprocess against the
database of DATABASE_URL and the files of MEDIA_ROOT, with the settings of `make run`.

    python -m tests.backup_figures < spec.json

spec: {"restore": ["ARCHIVE", "--force"] or null, "urls": [...]}. With "restore" it
first runs `manage.py restore` with those arguments. It prints one JSON object: the
restore's exit code and output, the row count of every table, each URL as an admin sees
it (an HTML page without its CSRF tokens; a file as its SHA-256), and the SHA-256 of
every file under MEDIA_ROOT. Importing it has no effect.
"""

import hashlib
import io
import json
import os
import re
import sys

CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"x-csrftoken": ")[^"]*')


def restore(arguments: list[str]) -> dict:
    from django.core.management import CommandError, call_command

    output = io.StringIO()
    try:
        call_command("restore", *arguments, stdout=output)
    except CommandError as error:
        return {"code": 1, "output": str(error)}
    return {"code": 0, "output": output.getvalue()}


def tables() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def pages(urls: list[str]) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    admin = Client(raise_request_exception=False)
    admin.force_login(User.objects.get(username="admin"))
    seen = {}
    for url in urls:
        response = admin.get(url)
        body = b"".join(response) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("text/html"):
            shown = CSRF.sub(r"\1…", body.decode())
        else:
            shown = hashlib.sha256(body).hexdigest()
        seen[url] = {"status": response.status_code, "shows": shown}
    return seen


def media() -> dict[str, str]:
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songkhla_network.settings_demo")
    import django

    django.setup()
    spec = json.load(sys.stdin)
    result = {}
    if spec.get("restore"):
        result["restore"] = restore(spec["restore"])
    result["tables"] = tables()  # before the pages sign in (a session row)
    result["pages"] = pages(spec["urls"]) if spec.get("urls") else {}
    result["media"] = media()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
