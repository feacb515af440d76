"""The embedded SQLite default holds two people at once, as PostgreSQL does: the
documented conflict, the refusal, or one approval, never a 500 "database is locked".

tests/sqlite_race.py fires the two requests from two threads through the pages, on a new
SQLite file with the settings of `make run`; it runs in a subprocess, so this test runs
in CI too, where the suite's own database is PostgreSQL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .sqlite_race import (
    APPROVED,
    CLOSED,
    CLOSED_REFUSAL,
    CONFLICT,
    DECIDED,
    MINUTES_APPROVED,
    MINUTES_REFUSED,
    SAVED,
)

ROOT = Path(__file__).resolve().parent.parent
TRIALS = 8
OWN_SETTINGS = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE"}


def environment(**env) -> dict:
    """The environment of a fresh process: nothing of the test settings."""
    clean = {key: value for key, value in os.environ.items() if key not in OWN_SETTINGS}
    return {**clean, **env}


@pytest.fixture(scope="module")
def race(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-race")
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_race", str(TRIALS)],
        cwd=ROOT,
        env=environment(
            DATABASE_URL=f"sqlite:///{folder / 'songkhla.sqlite3'}",
            MEDIA_ROOT=str(folder / "media"),
            SECRET_KEY="sqlite-race-test",
            ALLOWED_HOSTS="testserver",
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(result.stdout)


def no_failure(trial):
    for answer in trial["answers"]:
        assert answer["status"] not in (500, "exception"), answer
        assert answer["errors"] == [], answer  # "database is locked" and any other


def outcome(trial):
    """(status, the expected sentences shown) of each request, sorted."""
    return sorted((answer["status"], tuple(answer["shows"])) for answer in trial["answers"])


@pytest.mark.parametrize("database_url", ["", "sqlite:////tmp/songkhla-elsewhere.sqlite3"])
def test_every_sqlite_database_is_set_up_for_a_web_server(database_url):
    script = (
        "import json; from songkhla_network import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment(DEBUG="1", DATABASE_URL=database_url),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def test_the_race_ran_on_sqlite_in_write_ahead_log_mode_with_the_settings_of_make_run(race):
    assert race["settings"] == "songkhla_network.settings_demo"
    assert race["journal_mode"] == "wal"
    assert race["database"]["transaction_mode"] == "IMMEDIATE"


def test_two_saves_of_one_district_order_give_one_save_and_the_conflict(race):
    for trial in race["saves"]:
        no_failure(trial)
        assert outcome(trial) == [(200, (SAVED,)), (409, (CONFLICT,))], trial
        assert trial["version"] == 1
        assert len(trial["quantities"]) == 1  # one person's figures, not a mix


def test_an_order_saved_while_the_round_closes_lands_before_it_or_is_refused(race):
    orders = set()
    for trial in race["close"]:
        no_failure(trial)
        save, close = trial["answers"]
        assert close["status"] == 200 and close["messages"] == [["success", CLOSED]], trial
        assert trial["status"] == "closed"
        if save["status"] == 200:
            assert save["shows"] == [SAVED]
            assert trial["lines"] == 2 and trial["saved_before_close"], trial
            orders.add("saved, then closed")
        else:
            assert (save["status"], save["shows"]) == (400, [CLOSED_REFUSAL]), trial
            assert trial["lines"] == 0, trial
            orders.add("closed, save refused")
    assert orders == {"saved, then closed", "closed, save refused"}  # both orders met


def decisions(trial) -> list:
    """[(level, start of the message)] of the two pages, sorted: one each."""
    found = []
    for answer in trial["answers"]:
        assert answer["status"] == 200 and len(answer["messages"]) == 1, trial
        found.append(tuple(answer["messages"][0]))
    return sorted(found)


def test_two_approvals_of_one_application_give_one_approval(race):
    for trial in race["application"]:
        no_failure(trial)
        (error, refusal), (success, approval) = decisions(trial)
        assert (error, success) == ("error", "success"), trial
        assert approval.startswith(APPROVED)
        assert refusal.startswith(DECIDED)
        assert trial["status"] == "active" and trial["approvals_in_history"] == 1


def test_two_approvals_of_one_set_of_minutes_give_one_approval(race):
    for trial in race["minutes"]:
        no_failure(trial)
        (error, refusal), (success, approval) = decisions(trial)
        assert (error, success) == ("error", "success"), trial
        assert approval.startswith(f"{MINUTES_APPROVED}{trial['title']}")
        assert refusal == MINUTES_REFUSED
        assert trial["minutes_status"] == "amended" and trial["amendments"] == 1
