"""A database built and seeded before issue 15 (purchasing and its catalogue in one app;
rosters, registry imports and baseline profiles in the members app) migrates to today's
schema and keeps every row and every figure a user sees.

tests/data/demo_before_issue15.sqlite3.xz is the demo as `migrate` and `seed_demo --force`
built it at that schema, with a group holding catalogue permissions and admin log entries
on a product, a partner and a round, and a second group of prov_coord's holding
permissions on rosters, national-ID views, registry imports, baseline profiles and links
with admin log entries on a roster, a registry import, a baseline profile and a link;
demo_before_issue15.json holds the figures that code showed (tests/migration_figures.py).
The migration runs on a SQLite copy in a new process, whatever database the suite runs on
(CI: PostgreSQL)."""

import json
import lzma
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# Rows that say which app a model belongs to: they change with the app, nothing else.
BOOKKEEPING = {"django_content_type", "django_migrations", "sqlite_sequence"}
# Tables of what came after issue 15 (issue 16's scheduler, task queue and notifications):
# migrating an old database creates them, empty, beside the old ones.
LATER_TABLES = ("notifications_", "django_tasks_database_", "songkhla_network_jobrun")


def _old_schema(schema: list) -> list:
    return [entry for entry in schema if not entry[2].startswith(LATER_TABLES)]


# The models that changed app: their old app label, then each model's new one.
MOVED = {
    # Left purchasing for the catalogue.
    "transactions": {
        f"{history}{model}": "catalogue"
        for model in ("product", "referenceprice", "partner", "support", "productinterest")
        for history in ("", "historical")
    },
    # Left the members app for an app of their own each.
    "members": {
        **dict.fromkeys(
            (
                "roster",
                "rosterevent",
                "rostermember",
                "rosterfigures",
                "rosterfiguresrow",
                "nationalidview",
            ),
            "rosters",
        ),
        "registryimport": "registry",
        **{
            f"{history}{model}": "baseline"
            for model in ("baselineprofile", "organizationlink")
            for history in ("", "historical")
        },
    },
}
# The first migration of each new app: a migrate stopped there has the new app's content
# types and permissions made by post_migrate beside the old ones.
FIRST = {
    "catalogue": "product",
    "rosters": "roster",
    "registry": "registryimport",
    "baseline": "baselineprofile",
}


def _contents(database: Path) -> dict:
    connection = sqlite3.connect(database)
    try:
        schema = sorted(
            connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
                " WHERE name NOT LIKE 'sqlite_autoindex%'"
            )
        )
        tables = [name for kind, name, _, _ in schema if kind == "table"]
        rows = {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr)
            for table in tables
        }
    finally:
        connection.close()
    return {"schema": schema, "rows": rows}


def _run(*command: str, database: Path) -> str:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment |= {"DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return result.stdout


def _app(app: str, model: str) -> str:
    """The app label of a model of the old code, in the new code."""
    return MOVED.get(app, {}).get(model, app)


def _permission(label: str) -> str:
    app, _, codename = label.partition(".")
    return f"{_app(app, codename.split('_', 1)[1])}.{codename}"


@pytest.mark.parametrize("stopped", [False, True], ids=["at-once", "stopped-halfway"])
def test_a_database_from_before_issue15_keeps_its_rows_and_figures(tmp_path, stopped):
    """`stopped`: a first migrate stopped after catalogue 0001 (and rosters, registry and
    baseline 0001), and post_migrate made the new apps' own content types and permissions
    before the old ones were moved."""
    database = tmp_path / "before.sqlite3"
    database.write_bytes(lzma.decompress((DATA / "demo_before_issue15.sqlite3.xz").read_bytes()))
    before = _contents(database)

    if stopped:
        for app in FIRST:
            _run("manage.py", "migrate", "--noinput", app, "0001", database=database)
        halfway = {row[1:] for row in _contents(database)["rows"]["django_content_type"]}
        for app, model in FIRST.items():
            old = next(label for label in MOVED if model in MOVED[label])
            assert {(app, model), (old, model)} <= halfway
    _run("manage.py", "migrate", "--noinput", database=database)
    assert "[ ]" not in _run("manage.py", "showmigrations", database=database)
    after = _contents(database)

    # The tables, their columns, indexes and constraints: untouched (state-only migrations).
    assert _old_schema(after["schema"]) == before["schema"]
    # Every row of every table, as it was (the later apps add their own permissions).
    old_types = {row[0] for row in before["rows"]["django_content_type"]}
    for table, rows in before["rows"].items():
        if table == "auth_permission":
            kept = [row for row in after["rows"][table] if row[1] in old_types]
            assert kept == rows, table
        elif table not in BOOKKEEPING:
            assert after["rows"][table] == rows, table
    assert set(before["rows"]["django_migrations"]) <= set(after["rows"]["django_migrations"])
    # The content types keep their ids (permissions, admin log and history point at them);
    # the moved models' now name their new app.
    content_types = {row[0]: row[1:] for row in before["rows"]["django_content_type"]}
    expected = {pk: (_app(app, model), model) for pk, (app, model) in content_types.items()}
    assert {
        row[0]: row[1:] for row in after["rows"]["django_content_type"] if row[0] in old_types
    } == expected

    # What a user sees, read through today's code.
    shown = json.loads(_run("tests/migration_figures.py", database=database))
    old = json.loads((DATA / "demo_before_issue15.json").read_text())
    old["prov_coord_permissions"] = sorted(map(_permission, old["prov_coord_permissions"]))
    old["admin_log"] = [[_app(app, model), model, name] for app, model, name in old["admin_log"]]
    assert shown == old
    assert len(shown["rounds"]) == 5 and shown["admin_log"]
    assert len(shown["rosters"]) == 5 and len(shown["baseline_profiles"]) == 7
    assert {"rosters.view_roster", "baseline.change_baselineprofile"} <= set(
        shown["prov_coord_permissions"]
    )
