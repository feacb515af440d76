"""The benchmark behind `make bench`: the main pages under gunicorn on PostgreSQL at two
data sizes, and a load run of concurrent coordinators saving orders.

    .venv/bin/python bench/run.py [--factors 1 10] [--samples 40] [--load-seconds 30]

For each factor it builds (once; kept for the next run) a database `songkhla_bench_f<N>`
with the demo data and `seed_scale --factor N`, starts gunicorn with production settings
(DEBUG off, compressed static files), and for every page measures, over HTTP with a
signed-in user, the median and 95th percentile latency of `--samples` requests after a
warm-up, and, in this process through Django's test client against the same database,
the number of SQL queries. The floor is a trivial view of a signed-in user (a page with
no content of its own); each page is also given as a multiple of it, and /health/ (no
session, no template) is shown as the bare cost of a request. Then, at the first factor,
50 coordinators (seed_scale's coord_scale_01..50, three or four per district) save
orders in the same open round for `--load-seconds`, twice: with a 1–2 s typing pause
between a coordinator's saves (BENCH_THINK_SECONDS), and with none. For each: throughput,
errors, conflicts (HTTP 409, retried with the current version, as the page tells a user
to), p95, and afterwards a check that what is stored equals the last save each
district's coordinators had acknowledged (lost updates).

The results go to bench/results.md (and results.json), with the machine described.
PostgreSQL must listen on 127.0.0.1:5432 (user postgres, trust), as in CI.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = "postgres://postgres@127.0.0.1:5432"
PORT = 8790
TARGET_HTML_P95_MS = 150
TARGET_FLOOR_RATIO = 10
TARGET_PDF_MS = 2000
TARGET_LOAD_P95_MS = 500


def env_for(factor) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{PG}/songkhla_bench_f{factor:g}",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_COOKIES": "0",
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
            "LOG_LEVEL": "WARNING",
            "LOGIN_FAILURE_LIMIT": "1000",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "songkhla_network.settings",
        }
    )
    return env


def manage(factor, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env_for(factor), check=True)


def ensure_database(factor) -> None:
    """Create and fill the factor's database unless it is already complete."""
    import psycopg

    name = f"songkhla_bench_f{factor:g}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    if exists:
        with psycopg.connect(f"{PG}/{name}") as connection:
            try:
                done = connection.execute(
                    "SELECT 1 FROM members_organization WHERE registration_number LIKE 'จล.%%'"
                    " LIMIT 1"
                ).fetchone()
            except psycopg.Error:
                done = None
        if done:
            manage(factor, "migrate", "--noinput", "-v0")  # a schema newer than the data
            print(f"factor {factor:g}: database {name} is ready")
            return
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}"')
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    manage(factor, "migrate", "--noinput", "-v0")
    manage(factor, "seed_demo", "--force")
    manage(factor, "seed_scale", "--factor", f"{factor:g}")
    print(f"factor {factor:g}: built in {time.perf_counter() - started:.0f} s")


def analyze(factor) -> None:
    """Fresh planner statistics, as a live database has them: without them the first
    minutes after a bulk load plan as if the tables were empty (seen here: 600 ms reports
    that take 50 ms once analysed)."""
    import psycopg

    with psycopg.connect(f"{PG}/songkhla_bench_f{factor:g}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def start_gunicorn(factor, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            GUNICORN,
            "songkhla_network.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env_for(factor),
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


# In-process Django (same database as gunicorn) -----------------------------------------


def setup_django(factor) -> None:
    os.environ.update(env_for(factor))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def session_cookie(username: str) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies["sessionid"].value


ORGANIZATION_FILTER = "/network/organizations/?district=9009&kind=savings_group"


def pages() -> list[tuple[str, str, str]]:
    """(label, path, username) of the pages measured."""
    from demo.scale import LAST_MONTH
    from meetings.models import Meeting, MeetingStatus
    from transactions.purchases.models import PurchaseRound, RoundStatus

    open_round = PurchaseRound.objects.get(title__contains="จำลอง", status=RoundStatus.OPEN)
    settled = (
        PurchaseRound.objects.filter(title__contains="จำลอง", status=RoundStatus.SETTLED)
        .order_by("-opens_at")
        .first()
    )
    meeting = (
        Meeting.objects.filter(
            committee__name__startswith="คณะทำงานจำลอง", status=MeetingStatus.HELD
        )
        .order_by("-starts_at")
        .first()
    )
    report_month = LAST_MONTH - datetime.timedelta(days=1)
    be, month = report_month.year + 543, report_month.month
    return [
        ("หน้าเครือข่าย", "/network/", "prov_coord"),
        ("รายชื่อองค์กร (กรองอำเภอและประเภท)", ORGANIZATION_FILTER, "prov_coord"),
        ("รายการรอบซื้อร่วม", "/purchases/", "prov_coord"),
        ("รอบซื้อร่วม (รวมทุกอำเภอ)", f"/purchases/{open_round.pk}/", "prov_coord"),
        ("รอบซื้อร่วม (ผู้แทนกลุ่ม)", f"/purchases/{open_round.pk}/", "group_rep"),
        ("รอบที่ปิดแล้ว (รวมทุกอำเภอ)", f"/purchases/{settled.pk}/", "prov_coord"),
        ("การส่งมอบของรอบที่ปิดแล้ว", f"/purchases/{settled.pk}/deliveries/", "prov_coord"),
        ("บันทึกคำสั่งซื้อของอำเภอ", f"/purchases/{open_round.pk}/districts/9009/", "rattaphum_coord"),
        ("รายการประชุม", "/meetings/", "prov_coord"),
        ("หน้าการประชุม", f"/meetings/{meeting.pk}/", "prov_coord"),
        ("ทะเบียนสมาชิก (ภาพรวมจังหวัด)", "/network/rosters/", "prov_coord"),
        ("รายงานประจำเดือน จังหวัด", f"/reports/province/{be}/{month}/", "prov_coord"),
        ("รายงานประจำเดือน อำเภอ", f"/reports/9009/{be}/{month}/", "prov_coord"),
        ("รายงานประจำเดือน พีดีเอฟ", f"/reports/9009/{be}/{month}/report.pdf", "prov_coord"),
        ("แดชบอร์ด", f"/reports/dashboard/?year={be}", "prov_coord"),
        ("แผนที่เครือข่าย", "/reports/map/", "prov_coord"),
        ("แผนที่เครือข่าย อำเภอ", "/reports/map/?district=9009", "prov_coord"),
        ("การแจ้งเตือน", "/notifications/", "rattaphum_coord"),
    ]  # fmt: skip


def query_count(path: str, username: str) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)  # warm caches that live for the process (fonts, templates)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


# HTTP ----------------------------------------------------------------------------------


class Browser:
    """One keep-alive connection with a session cookie and a CSRF cookie."""

    def __init__(self, cookie: str | None):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookies = {"sessionid": cookie} if cookie else {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection.connect()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def timed_get(self, path) -> float:
        start = time.perf_counter()
        status, _ = self.request("GET", path)
        elapsed = (time.perf_counter() - start) * 1000
        assert status == 200, (path, status)
        return elapsed


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


TRIVIAL = ("หน้าว่างของผู้ใช้ที่ลงชื่อแล้ว (floor)", "/accounts/password/done/", "prov_coord")


def measure_pages(samples: int) -> list[dict]:
    """The floor is a trivial view a signed-in user opens (a page with no content of its
    own: session, user, roles, menu, base template); /health/ (no session, no template) is
    shown too, as the bare cost of a request."""
    health = Browser(None)
    for _ in range(5):
        health.timed_get("/health/")
    health_times = [health.timed_get("/health/") for _ in range(samples)]
    rows = []
    browsers = {}
    floor_median = None
    for label, path, username in [TRIVIAL, *pages()]:
        browser = browsers.setdefault(username, Browser(session_cookie(username)))
        for _ in range(3):
            browser.timed_get(path)
        count = samples if not path.endswith(".pdf") else max(10, samples // 4)
        times = [browser.timed_get(path) for _ in range(count)]
        median = statistics.median(times)
        floor_median = floor_median or median
        rows.append(
            {
                "label": label,
                "path": path,
                "median": median,
                "p95": percentile(times, 0.95),
                "queries": query_count(path, username),
                "ratio": median / floor_median,
            }
        )
        print(f"  {label}: median {median:.0f} ms, p95 {rows[-1]['p95']:.0f} ms")
    health_median = statistics.median(health_times)
    rows.insert(
        0,
        {
            "label": "สุขภาพระบบ /health/ (ไม่มีเซสชัน)",
            "path": "/health/",
            "median": health_median,
            "p95": percentile(health_times, 0.95),
            "queries": 1,
            "ratio": health_median / floor_median,
        },
    )
    return rows


# Load run ------------------------------------------------------------------------------

CELL = re.compile(rb'name="(q_(\d+)_(\d+))"')
# A cell with the value the page shows (order_cell writes the value right after the name).
CELL_VALUE = re.compile(rb'name="(q_\d+_\d+)"(?: value="([^"]*)")?')
VERSION = re.compile(rb'name="version" value="(\d+)"')
# The removals a save would make, which the page asks to confirm (former members' lines).
CONFIRM = re.compile(rb'name="confirmed" value="([^"]*)"')


def load_run(seconds: int, clients: int, think: tuple[float, float] | None = None) -> dict:
    """Coordinators save their district's order over and over for `seconds`.

    Between two saves each coordinator pauses for `think` seconds, drawn uniformly from
    (low, high): the time a person takes to type the next figures. The default is 1–2 s;
    BENCH_THINK_SECONDS sets it ("1-2", "0.5", or "0" for no pause: every coordinator
    saves again the moment the page is back, as fast as the server answers). The pause is
    not part of any latency measured; the figures returned say which pause was used."""
    from django.contrib.auth import get_user_model

    from centers.models import StaffAssignment
    from transactions.purchases.models import OrderLine, PurchaseRound, RoundStatus

    open_round = PurchaseRound.objects.get(title__contains="จำลอง", status=RoundStatus.OPEN)
    users = list(
        get_user_model().objects.filter(username__startswith="coord_scale_").order_by("username")
    )[:clients]
    district_of = dict(
        StaffAssignment.objects.filter(user__in=users).values_list(
            "user_id", "center__district__code"
        )
    )
    if think is None:
        low, _, high = os.environ.get("BENCH_THINK_SECONDS", "1-2").partition("-")
        think = (float(low), float(high or low))
    print(f"  think time between saves: {think[0]:g}–{think[1]:g} s" if think[1] else "  no pause")
    lock = threading.Lock()
    acknowledged: dict[str, tuple[int, dict]] = {}  # district -> (version sent, cells)
    latencies, errors, conflicts, saves = [], [], [0], [0]

    # Sessions are made here, on this thread's one database connection: the client threads
    # speak HTTP only (fifty threads with a connection each would exhaust PostgreSQL's).
    cookies = {user.pk: session_cookie(user.username) for user in users}
    deadline = time.monotonic() + seconds

    def coordinator(user, seed):
        generator = random.Random(seed)
        code = district_of[user.pk]
        path = f"/purchases/{open_round.pk}/districts/{code}/"
        browser = Browser(cookies[user.pk])
        status, page = browser.request("GET", path)
        while time.monotonic() < deadline:
            if think[1]:
                time.sleep(generator.uniform(*think))
                if time.monotonic() >= deadline:
                    break
            version = int(VERSION.search(page).group(1))
            cells = sorted({match.group(1).decode() for match in CELL.finditer(page)})
            chosen = {name: str(generator.randint(1, 40)) for name in cells[:20]}
            form = {
                "version": str(version),
                "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
            }
            # The other cells keep what the page shows, as a coordinator's browser sends
            # them: clearing them would remove those lines, which the page asks to confirm.
            form.update(
                {
                    match.group(1).decode(): (match.group(2) or b"").decode()
                    for match in CELL_VALUE.finditer(page)
                }
            )
            form.update(chosen)
            sent = {name: value for name, value in form.items() if name.startswith("q_") and value}
            body = urllib.parse.urlencode(form)
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": browser.cookies.get("csrftoken", ""),
                "Referer": f"http://127.0.0.1:{PORT}{path}",
            }
            start = time.perf_counter()
            status, data = browser.request("POST", path, body=body, headers=headers)
            confirm = CONFIRM.search(data) if status == 200 else None
            if confirm:  # the coordinator reads the lines to go and confirms (one more POST)
                form["confirmed"] = confirm.group(1).decode()
                body = urllib.parse.urlencode(form)
                status, data = browser.request("POST", path, body=body, headers=headers)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                if status == 302:
                    saves[0] += 1
                    if code not in acknowledged or acknowledged[code][0] < version:
                        acknowledged[code] = (version, sent)
                elif status == 409:
                    conflicts[0] += 1
                else:
                    errors.append(status)
            # After a conflict the coordinator reloads the page (its current figures and
            # version) and types again: the conflict page keeps what they had typed, which
            # may leave out lines another coordinator has since saved.
            status, page = browser.request("GET", path)

    def guarded(user, seed):
        try:
            coordinator(user, seed)
        except Exception as error:  # a client that dies is an error of the run, not a crash
            with lock:
                errors.append(type(error).__name__)

    threads = [
        threading.Thread(target=guarded, args=(user, index)) for index, user in enumerate(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    lost = 0
    for code, (_, cells) in acknowledged.items():
        stored = {
            f"q_{organization}_{item}": quantity
            for organization, item, quantity in OrderLine.objects.filter(
                order__round=open_round, order__center__district__code=code
            ).values_list("organization_id", "item_id", "quantity")
        }
        expected = {name: Decimal(value.replace(",", "")) for name, value in cells.items()}
        if stored != expected:
            lost += 1
    return {
        "clients": len(users),
        "seconds": elapsed,
        "requests": len(latencies),
        "saves": saves[0],
        "throughput": saves[0] / elapsed,
        "conflicts": conflicts[0],
        "errors": len(errors),
        "error_codes": sorted(set(map(str, errors))),
        "median": statistics.median(latencies) if latencies else 0,
        "p95": percentile(latencies, 0.95) if latencies else 0,
        "districts": len(acknowledged),
        "lost_updates": lost,
        "think_seconds": list(think),
    }


# One factor in its own process (its own DATABASE_URL) ----------------------------------


def run_factor(factor, samples, load_seconds, clients, workers) -> dict:
    setup_django(factor)
    process = start_gunicorn(factor, workers)
    try:
        print(f"factor {factor:g}: pages")
        rows = measure_pages(samples)
        load = []
        if load_seconds:
            # With a typing pause between a coordinator's saves (the default, BENCH_THINK_SECONDS),
            # and without any: every coordinator saves again the moment the page is back.
            for think in (None, (0.0, 0.0)):
                print(f"factor {factor:g}: load run, {clients} coordinators, {load_seconds} s")
                load.append(load_run(load_seconds, clients, think))
    finally:
        process.terminate()
        process.wait(timeout=30)
    from members.models import Organization
    from members.rosters.models import RosterMember
    from transactions.purchases.models import OrderLine

    return {
        "factor": factor,
        "organizations": Organization.objects.count(),
        "roster_members": RosterMember.objects.count(),
        "order_lines": OrderLine.objects.count(),
        "pages": rows,
        "load": load,
    }


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kilobytes / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    postgres = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, PostgreSQL {postgres} on 127.0.0.1"
    )


def write_results(results: list[dict], workers: int, samples: int) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M} with `make bench` "
        f"(gunicorn, {workers} sync workers, DEBUG off, PostgreSQL; {samples} requests per page "
        "after a warm-up, one at a time over a keep-alive connection; the PDF gets a quarter "
        "of them).",
        "",
        f"Machine: {machine()}.",
        "",
        "Targets (issue 8): every page's query count equal at both factors; every HTML page's "
        f"p95 under {TARGET_HTML_P95_MS} ms at factor 10 and within {TARGET_FLOOR_RATIO}× the "
        f"trivial view; the report PDF under {TARGET_PDF_MS / 1000:g} s; the load run without "
        f"errors or lost updates, p95 under {TARGET_LOAD_P95_MS} ms.",
        "",
    ]
    factors = [result["factor"] for result in results]
    for result in results:
        lines.append(
            f"- factor {result['factor']:g}: {result['organizations']:,} organizations, "
            f"{result['roster_members']:,} roster members, {result['order_lines']:,} order lines"
        )
    lines += ["", "## Pages", ""]
    header = "| page | " + " | ".join(
        f"f{f:g} median ms | f{f:g} p95 ms | f{f:g} × floor | f{f:g} queries" for f in factors
    )
    lines += [header + " |", "|---" * (1 + 4 * len(factors)) + "|"]
    by_label = {}
    for result in results:
        for row in result["pages"]:
            by_label.setdefault(row["label"], {})[result["factor"]] = row
    for label, cells in by_label.items():
        values = []
        for factor in factors:
            row = cells.get(factor)
            values += (
                [
                    f"{row['median']:.0f}",
                    f"{row['p95']:.0f}",
                    f"{row['ratio']:.1f}",
                    str(row["queries"]),
                ]
                if row
                else ["–"] * 4
            )
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    lines += ["", "## Load run", ""]
    for result in results:
        loads = result["load"] or []
        if not loads:
            continue
        first = loads[0]
        lines += [
            f"At factor {result['factor']:g}: {first['clients']} coordinators (three or four per "
            f"district, {first['districts']} districts) saving their district's order (20 cells) "
            f"in the same open round for {first['seconds']:.0f} s each run; latency is the save "
            "(the POST), a 409 is a conflict the page shows with the current figures and the "
            "client retries; lost updates compare what is stored with the last acknowledged save "
            "of each district.",
            "",
            "| pause between a coordinator's saves | saves | saves per second | conflicts (409, "
            "retried) | errors | median ms | p95 ms | lost updates |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for load in loads:
            low, high = load["think_seconds"]
            pause = f"{low:g}–{high:g} s" if high else "none"
            codes = f" {load['error_codes']}" if load["error_codes"] else ""
            lines.append(
                f"| {pause} | {load['saves']:,} | {load['throughput']:.1f} | "
                f"{load['conflicts']:,} | {load['errors']}{codes} | "
                f"{load['median']:.0f} | {load['p95']:.0f} | {load['lost_updates']} |"
            )
        lines.append("")
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n")
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print("written: bench/results.md")


def result_file(factor) -> Path:
    return ROOT / "var" / f"bench-result-f{factor:g}.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        load = args.load_seconds if args.one == args.factors[0] else 0
        result = run_factor(args.one, args.samples, load, args.clients, args.workers)
        result_file(args.one).write_text(json.dumps(result, ensure_ascii=False))
        return
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env_for(args.factors[0]),
        check=True,
    )
    results = []
    for factor in args.factors:
        ensure_database(factor)
        analyze(factor)
        subprocess.run(
            [PYTHON, __file__, "--one", f"{factor:g}", "--factors", *map(str, args.factors),
             "--samples", str(args.samples), "--load-seconds", str(args.load_seconds),
             "--clients", str(args.clients), "--workers", str(args.workers)],
            cwd=ROOT, env=env_for(factor), check=True,
        )  # fmt: skip
        results.append(json.loads(result_file(factor).read_text()))
    write_results(results, args.workers, args.samples)


if __name__ == "__main__":
    main()
