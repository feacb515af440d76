"""Periodic work from one entry point (manage.py run_periodic): every job once per slot,
however many schedulers start at once; a failing job stops no other."""

import datetime
import io
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from songkhla_network import periodic, thai
from songkhla_network.models import JobRun
from transactions.purchases.models import RoundStatus

from .factories import PurchaseRoundFactory, admin_user
from .markers import needs_two_connections

ROOT = Path(__file__).resolve().parent.parent
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def extra_job():
    """Register a job for one test only; yields the list of the times it ran."""
    added = []

    def add(name, function, every=MINUTE):
        periodic.periodic_job(name, every=every)(function)
        added.append(name)

    yield add
    for name in added:
        periodic.JOBS.pop(name, None)


def test_every_periodic_job_is_listed():
    out = io.StringIO()
    call_command("run_periodic", "--list", stdout=out)
    assert "purchase_rounds: ทุก 1 นาที" in out.getvalue()
    assert "housekeeping: ทุก 1440 นาที" in out.getvalue()


def test_an_unknown_job_is_refused():
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("run_periodic", "--job", "no_such_job", stderr=err)
    assert "ไม่มีงานชื่อ no_such_job" in err.getvalue()


@pytest.mark.django_db
def test_the_round_timer_runs_from_the_scheduler_once_per_minute():
    draft = PurchaseRoundFactory(status=RoundStatus.DRAFT, opens_at=timezone.now() - MINUTE)
    out = io.StringIO()
    call_command("run_periodic", "--job", "purchase_rounds", stdout=out)
    draft.refresh_from_db()
    assert draft.status == RoundStatus.OPEN
    assert "purchase_rounds: เปิด 1 รอบ" in out.getvalue()
    run = JobRun.objects.get(job="purchase_rounds")
    assert run.ok is True and run.finished_at is not None
    assert run.summary.startswith("เปิด 1 รอบ")

    # Again in the same minute: the slot is taken, nothing runs.
    later = PurchaseRoundFactory(status=RoundStatus.DRAFT, opens_at=timezone.now() - MINUTE)
    slot = run.slot
    outcomes = periodic.run_due(now=slot + datetime.timedelta(seconds=59), only="purchase_rounds")
    assert [(o.ran, o.summary) for o in outcomes] == [(False, "ทำไปแล้วในช่วงเวลานี้")]
    later.refresh_from_db()
    assert later.status == RoundStatus.DRAFT
    # The next minute opens it.
    periodic.run_due(now=slot + MINUTE, only="purchase_rounds")
    later.refresh_from_db()
    assert later.status == RoundStatus.OPEN
    assert JobRun.objects.filter(job="purchase_rounds").count() == 2


def test_slots_follow_the_period():
    job = periodic.Job("x", datetime.timedelta(minutes=5), lambda: "")
    at = datetime.datetime(2026, 12, 8, 9, 7, 30, tzinfo=datetime.UTC)
    assert job.slot(at) == datetime.datetime(2026, 12, 8, 9, 5, tzinfo=datetime.UTC)
    daily = periodic.Job("y", datetime.timedelta(days=1), lambda: "")
    assert daily.slot(at) == datetime.datetime(2026, 12, 8, tzinfo=datetime.UTC)
    with pytest.raises(ValueError):
        periodic.periodic_job("too_often", every=datetime.timedelta(seconds=30))


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(extra_job):
    ran = []

    def broken():
        raise RuntimeError("ไม่ควรหลุดออกไป")

    extra_job("a_broken_job", broken)
    extra_job("b_working_job", lambda: ran.append(1) or "ทำแล้ว")
    outcomes = {o.job: o for o in periodic.run_due()}
    assert outcomes["a_broken_job"].ok is False
    assert outcomes["a_broken_job"].summary == "ผิดพลาด: RuntimeError"
    assert outcomes["b_working_job"].ok is True and ran == [1]
    assert JobRun.objects.get(job="a_broken_job").ok is False


@needs_two_connections
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_run_a_job_once(extra_job):
    from django.db import connections

    ran = []
    start = threading.Barrier(2)

    def slow():
        ran.append(threading.get_ident())
        return "ทำแล้ว"

    extra_job("a_slow_job", slow)
    now = timezone.now()
    outcomes = []

    def scheduler():
        start.wait()
        try:
            outcomes.extend(periodic.run_due(now=now, only="a_slow_job"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ran) == 1
    assert sorted(o.ran for o in outcomes) == [False, True]
    assert JobRun.objects.filter(job="a_slow_job").count() == 1


def test_two_schedulers_started_together_on_sqlite_run_each_job_once(tmp_path):
    """As `make run` and a cron entry would: two processes of run_periodic on one SQLite
    file with the settings of `make run`."""
    database = tmp_path / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="songkhla_network.settings_demo",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    both = [
        subprocess.Popen(
            [*manage, "run_periodic", "--job", "housekeeping"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=120) for process in both]
    assert [process.returncode for process in both] == [0, 0], results
    said = [out for out, _ in results if "housekeeping:" in out]
    assert len(said) == 1, results
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM songkhla_network_jobrun WHERE job = 'housekeeping'"
        ).fetchone()
    assert count == 1


@pytest.mark.django_db
def test_admins_see_what_the_scheduler_ran_in_thai(client):
    periodic.run_due(only="purchase_rounds")
    client.force_login(admin_user())
    page = client.get(reverse("admin:songkhla_network_jobrun_changelist")).content.decode()
    assert "purchase_rounds" in page
    assert "สำเร็จ" in page
    run = JobRun.objects.get(job="purchase_rounds")
    assert thai.be_datetime(run.started_at) in page  # a Buddhist-Era date, Bangkok time
    assert client.get(reverse("admin:songkhla_network_jobrun_add")).status_code == 403
