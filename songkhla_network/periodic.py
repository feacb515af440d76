"""Periodic jobs, run from one entry point: `manage.py run_periodic`, started every minute
by cron or a systemd timer (README, Production).

An app declares its jobs in a `jobs.py` module, found at start (as admin.py is):

    @periodic_job("purchase_rounds", every=datetime.timedelta(minutes=1))
    def purchase_rounds() -> str:
        ...
        return "เปิดรอบ 1 รอบ"  # a line for the log and the admin page, no personal data

Each job has time slots of its period (floored from the epoch). A run first records
JobRun(job, slot); the pair is unique, so a second scheduler started in the same slot (two
crons, a cron and a person, two machines on one database) finds it taken and skips the
job: no job runs twice in a slot. A job that fails is recorded with its error and the
other jobs still run; it runs again in its next slot. Jobs must still be safe to repeat
(the round timer is): a slot missed while the server was off is not caught up, the next
slot does the work.

This module imports no app of the project; the jobs come to it.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import JobRun

logger = logging.getLogger(__name__)

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Job:
    name: str
    every: datetime.timedelta
    run: Callable[[], str]

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the period that `now` falls in."""
        periods = (now - EPOCH) // self.every
        return EPOCH + periods * self.every


JOBS: dict[str, Job] = {}


def periodic_job(name: str, *, every: datetime.timedelta) -> Callable:
    """Register a function as a periodic job run every `every` (at least a minute)."""
    if every < datetime.timedelta(minutes=1):
        raise ValueError("a periodic job runs at most once a minute")

    def register(function: Callable[[], str]) -> Callable[[], str]:
        if name in JOBS and JOBS[name].run is not function:
            raise ValueError(f"two periodic jobs are named {name}")
        JOBS[name] = Job(name=name, every=every, run=function)
        return function

    return register


def discover() -> dict[str, Job]:
    """Every app's jobs.py imported, so its jobs are registered."""
    autodiscover_modules("jobs")
    return JOBS


@dataclass(frozen=True)
class Outcome:
    job: str
    ran: bool  # False: another run had this slot
    ok: bool
    summary: str


def run_due(*, now: datetime.datetime | None = None, only: str | None = None) -> list[Outcome]:
    """Run every job (or the one named `only`) whose current slot has not been run yet."""
    now = now or timezone.now()
    outcomes = []
    for job in sorted(discover().values(), key=lambda job: job.name):
        if only and job.name != only:
            continue
        slot = job.slot(now)
        try:
            with transaction.atomic():
                record = JobRun.objects.create(job=job.name, slot=slot, started_at=timezone.now())
        except IntegrityError:
            outcomes.append(Outcome(job.name, ran=False, ok=True, summary="ทำไปแล้วในช่วงเวลานี้"))
            continue
        try:
            summary = job.run()
            ok = True
        except Exception as error:  # one job's failure stops none of the others
            logger.exception("periodic job %s failed", job.name)
            summary, ok = f"ผิดพลาด: {type(error).__name__}", False
        record.finished_at, record.ok, record.summary = timezone.now(), ok, summary
        record.save(update_fields=["finished_at", "ok", "summary"])
        outcomes.append(Outcome(job.name, ran=True, ok=ok, summary=summary))
    return outcomes
