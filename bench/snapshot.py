"""What every demo role sees, written to a folder, to prove a restructuring changed nothing.

    .venv/bin/python bench/snapshot.py OUT_DIR
    diff -r BEFORE_DIR AFTER_DIR

A fresh SQLite database is migrated and seeded with the demo (seed_demo); the random
public ids (UUIDs) are then set from each row's table and primary key, so two seedings
give the same links. For every demo role the site is crawled breadth-first from the home
page, following every link (as tests/test_links.py does), and every answer is written:
an HTML page as its bytes, with only what is random per request or per seeding replaced
(CSRF tokens, CSP nonces, forms' submission keys, the salted calendar links);
a PDF as its text, page by page (pypdf); a spreadsheet as its cells (openpyxl); a CSV as
it is; a redirect as its target. `index.txt` lists each URL with its status and file, and
`OUT_DIR.queries.txt`, beside the folder, the number of SQL queries each answer took.

Same day, same code: the two folders are identical (a run is compared with itself first).
Issue 15 ran it before and after every move of the restructuring.
"""

import hashlib
import io
import os
import re
import sys
import tempfile
import uuid
from collections import defaultdict, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLES = [
    "admin",
    "prov_marketing",
    "prov_coord",
    "rattaphum_coord",
    "rattaphum_chair",
    "hatyai_coord",
    "group_rep",
    "observer",
]
PAGES_PER_PATTERN = 40  # pages of one kind read per role (the demo has fewer of most)
FILES_PER_PATTERN = 3  # PDFs and spreadsheets of one kind opened per role
SKIPPED = ("/static/", "/media/", "/admin/")
TOKEN = re.compile(  # case-insensitive: htmx's header is spelled both ways
    rb'(name="csrfmiddlewaretoken" value=")[^"]+(")'
    rb'|("x-csrftoken": ")[^"]+(")'
    rb'|(nonce=")[^"]+(")'
    rb'|(csrf-token" content=")[^"]+(")'
    rb'|(name="submission_key" value=")[^"]+(")'
    rb"|(/meetings/calendar/\d+-)[0-9a-f]+(\.ics)",
    re.IGNORECASE,
)


def _masked(match: re.Match) -> bytes:
    groups = [g for g in match.groups() if g is not None]
    return groups[0] + b"*" + groups[1]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def main(out: Path) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="songkhla-snapshot-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songkhla_network.settings_test")
    import datetime

    import django
    from django.utils import timezone

    # One moment for the whole run (09.00 in Bangkok today): what the seeder and the pages
    # write as "now" (history, sent-at times) is the same in every run of the day.
    bangkok = datetime.timezone(datetime.timedelta(hours=7))
    frozen = datetime.datetime.combine(timezone.localdate(), datetime.time(9), tzinfo=bangkok)
    timezone.now = lambda: frozen
    django.setup()
    from django.apps import apps
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, models
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import Resolver404, resolve, reverse

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", verbosity=0)
    # Deterministic public ids: the same row gets the same id in every seeding.
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.UUIDField):
                    table = model._meta.db_table
                    for (pk,) in model.objects.values_list("pk").order_by("pk"):
                        value = uuid.uuid5(uuid.NAMESPACE_URL, f"{table}/{field.column}/{pk}")
                        pk_column = model._meta.pk.column
                        cursor.execute(
                            f'UPDATE "{table}" SET "{field.column}" = %s WHERE "{pk_column}" = %s',
                            [value.hex, pk],
                        )
    out.mkdir(parents=True, exist_ok=True)
    index, queries = [], []

    def pattern(url: str) -> tuple:
        parts = urlsplit(url)
        try:
            view = resolve(parts.path).view_name
        except Resolver404:
            view = parts.path
        return view, tuple(sorted({key for key, _ in parse_qsl(parts.query)}))

    def links_of(html: str, page: str) -> list[str]:
        parser = _Links()
        parser.feed(html)
        found = []
        for href in parser.hrefs:
            parts = urlsplit(urljoin("http://testserver" + page, href))
            if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
                continue
            if parts.path.startswith(SKIPPED) or parts.path == reverse("logout"):
                continue
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return found

    def content_of(response) -> tuple[str, bytes]:
        body = response.content
        kind = response.get("Content-Type", "")
        if "pdf" in kind:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(body))
            text = "\n\f\n".join(page.extract_text() for page in reader.pages)
            return "pdf.txt", f"pages: {len(reader.pages)}\n{text}".encode()
        if "spreadsheetml" in kind:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(body))
            lines = []
            for sheet in book.worksheets:
                lines.append(f"== {sheet.title}")
                for row in sheet.iter_rows(values_only=True):
                    lines.append(" | ".join("" if v is None else str(v) for v in row))
            return "xlsx.txt", "\n".join(lines).encode()
        if "html" in kind:
            return "html", TOKEN.sub(_masked, body)
        return "body", body

    for role in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=role))
        seen, read = set(), defaultdict(int)
        queue = deque(["/"])
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            kind = pattern(url)
            if read[("file", kind)] >= FILES_PER_PATTERN and (
                url.endswith((".pdf", ".xlsx", ".csv")) or "/pdf" in url or "export" in url
            ):
                continue
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                if response.streaming:  # a file: read to its end inside the count
                    response.content = b"".join(response.streaming_content)
            # A calendar link holds a per-user secret (salted): named without it.
            shown = re.sub(r"(/meetings/calendar/\d+-)[0-9a-f]+", r"\1*", url)
            name = hashlib.sha1(f"{role} {shown}".encode()).hexdigest()[:16]
            queries.append(f"{role} {shown} {len(captured)}")
            if response.status_code in (301, 302):
                target = urljoin(url, response["Location"])
                index.append(f"{role} {shown} {response.status_code} -> {target}")
                if urlsplit(target).path != reverse("login"):
                    queue.append(target)
                continue
            suffix, body = content_of(response)
            (out / f"{name}.{suffix}").write_bytes(body)
            index.append(f"{role} {shown} {response.status_code} {name}.{suffix}")
            if suffix != "html":
                read[("file", kind)] += 1
                continue
            if response.status_code != 200 or read[kind] >= PAGES_PER_PATTERN:
                continue
            read[kind] += 1
            for link in links_of(body.decode(), url):
                if link not in seen:
                    queue.append(link)
        print(f"{role}: {len(seen)} URLs", flush=True)
    (out / "index.txt").write_text("\n".join(index) + "\n")
    (out.parent / f"{out.name}.queries.txt").write_text("\n".join(queries) + "\n")
    print(f"{len(index)} answers in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
