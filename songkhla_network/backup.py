"""Backup and restore of the whole system: the database and the uploaded files
(MEDIA_ROOT) together, in one archive (`manage.py backup`, `manage.py restore`).

The database is copied with its own tools: SQLite's online backup (a consistent copy
while the server runs, no program needed), PostgreSQL's pg_dump in its custom format
and pg_restore (the postgresql-client package, of the server's major version or newer).
The archive (.tar.gz) holds manifest.json (what was copied, the row count of every
table, the files), the database and media/. A restore puts both back into an empty
database and an empty MEDIA_ROOT, and checks every table's row count against the
manifest. It refuses to replace a database that has tables, or files in MEDIA_ROOT,
unless told to (force=True).

Messages are in Thai, then English after " / " (the operator's log may be read by
either).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
NAME_PREFIX = "songkhla-"
NAME_SUFFIX = ".tar.gz"


class BackupError(Exception):
    """A refused or failed backup or restore; the message says why, in Thai / English."""


@dataclass
class Outcome:
    """What a backup or a restore did: the archive, the database's tables and rows, the
    media files and their bytes (the archive's size, for a backup)."""

    path: Path
    tables: int
    rows: int
    files: int
    size: int
    notes: list[str] = field(default_factory=list)
    created_at: str = ""


def _count(value: int) -> str:
    return f"{value:,}"


def size_text(size: int) -> str:
    """3.4 MB, 12 KB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:,.1f} MB"
    if size >= 1000:
        return f"{size / 1000:,.0f} KB"
    return f"{size} B"


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            f"สำรองและกู้คืนได้เฉพาะ SQLite และ PostgreSQL (ฐานข้อมูลนี้: {connection.vendor}) / "
            f"Only SQLite and PostgreSQL are supported (this database: {connection.vendor})."
        )
    return connection.vendor


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _row_counts(cursor, tables) -> dict[str, int]:
    """{table: rows} of the project's tables (SQLite's own sqlite_* tables left out)."""
    counts = {}
    for table in sorted(table for table in tables if not table.startswith("sqlite_")):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


# PostgreSQL's tools -----------------------------------------------------------------------


def _postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"ไม่พบโปรแกรม {name}: ติดตั้งแพ็กเกจ postgresql-client รุ่นเดียวกับเซิร์ฟเวอร์หรือใหม่กว่า / "
            f"{name} not found: install postgresql-client of the server's major version or newer."
        )
    return found


def _postgres_environment() -> dict[str, str]:
    """Where and as whom pg_dump and pg_restore connect: the Django connection's settings."""
    database = connection.settings_dict
    options = database.get("OPTIONS", {})
    environment = dict(os.environ)
    for variable, value in (
        ("PGHOST", database.get("HOST")),
        ("PGPORT", database.get("PORT")),
        ("PGUSER", database.get("USER")),
        ("PGPASSWORD", database.get("PASSWORD")),
        ("PGDATABASE", database.get("NAME")),
        ("PGSSLMODE", options.get("sslmode")),
        ("PGSSLROOTCERT", options.get("sslrootcert")),
        ("PGSSLCERT", options.get("sslcert")),
        ("PGSSLKEY", options.get("sslkey")),
        ("PGPASSFILE", options.get("passfile")),
        ("PGSERVICE", options.get("service")),
    ):
        if value:
            environment[variable] = str(value)
    return environment


def _run(command: list[str]) -> None:
    result = subprocess.run(
        command, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} ไม่สำเร็จ / {Path(command[0]).name} failed:\n"
            + result.stderr.strip()
        )


# Backup ------------------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> dict[str, int]:
    """SQLite's online backup: one consistent copy even while the server writes."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        tables = [
            name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return _row_counts(copy.cursor(), tables)
    finally:
        copy.close()


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump from a snapshot the row counts are read in too: the counts are the dump's."""
    pg_dump = _postgres_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ]
        )
        return _row_counts(cursor, connection.introspection.table_names(cursor))


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return []
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _archive_name(folder: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return folder / f"{NAME_PREFIX}{stamp}{NAME_SUFFIX}"


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives this command wrote in `folder`."""
    archives = sorted(folder.glob(f"{NAME_PREFIX}*{NAME_SUFFIX}"))
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def backup(folder: Path, keep: int | None = None) -> Outcome:
    """Write songkhla-YYYYMMDD-HHMMSS.tar.gz in `folder` (readable by its owner only):
    the database, then the files of MEDIA_ROOT, and the manifest."""
    vendor = _vendor()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = _archive_name(folder)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        counts = (_dump_sqlite if vendor == "sqlite" else _dump_postgresql)(database_file)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime().isoformat(),
            "database": vendor,
            "django": django.get_version(),
            "migrations": _applied_migrations(),
            "tables": counts,
            "media": {
                file.relative_to(media_root).as_posix(): file.stat().st_size for file in files
            },
        }
        partial = Path(work) / path.name
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
        ):
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            tar.add(database_file, arcname=database_file.name)
            for file in files:
                tar.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
        if path.exists():
            raise BackupError(f"มีไฟล์ {path} อยู่แล้ว / {path} already exists.")
        partial.rename(path)  # whole or not at all
    outcome = Outcome(
        path=path,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        size=path.stat().st_size,
    )
    if keep:
        for old in prune(folder, keep):
            outcome.notes.append(f"ลบสำเนาเก่า {old.name} / Deleted the old backup {old.name}")
    return outcome


# Restore -----------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError):
        raise BackupError(
            "ไฟล์นี้ไม่ใช่สำเนาข้อมูลของระบบ (ไม่มี manifest.json) / "
            "This is not a backup of this system (no manifest.json)."
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"สำเนานี้เป็นรูปแบบที่ไม่รู้จัก ({manifest.get('format')}) / "
            f"Unknown backup format ({manifest.get('format')})."
        )
    return manifest


def _current_tables() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _row_counts(cursor, connection.introspection.table_names(cursor))


def _refusals(force: bool, media_root: Path) -> list[str]:
    """Why the restore would replace something (nothing, with force)."""
    if force:
        return []
    refusals = []
    tables = _current_tables()
    if tables:
        refusals.append(
            f"ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว ({_count(len(tables))} ตาราง "
            f"{_count(sum(tables.values()))} แถว) / The database is not empty "
            f"({_count(len(tables))} tables, {_count(sum(tables.values()))} rows)."
        )
    files = _media_files(media_root)
    if files:
        refusals.append(
            f"โฟลเดอร์ไฟล์แนบ {media_root} มีไฟล์อยู่แล้ว ({_count(len(files))} ไฟล์) / "
            f"MEDIA_ROOT {media_root} is not empty ({_count(len(files))} files)."
        )
    return refusals


def _load_sqlite(source: Path) -> None:
    """SQLite's backup API the other way: every page of the database replaced, in one
    transaction (a failure leaves it as it was)."""
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()
    connection.close()  # the next query opens it again, with the settings' PRAGMAs


def _load_postgresql(source: Path, work: Path) -> None:
    """The dump as SQL (pg_restore) run by psql in one transaction, after dropping what
    the database holds (a forced restore): a failure leaves the database as it was."""
    pg_restore, psql = _postgres_tool("pg_restore"), _postgres_tool("psql")
    drops = work / "drop.sql"
    with connection.cursor() as cursor:
        drops.write_text(
            "".join(
                f"DROP {'VIEW' if table.type == 'v' else 'TABLE'} IF EXISTS "
                f"{_quote(table.name)} CASCADE;\n"
                for table in connection.introspection.get_table_list(cursor)
            )
        )
    script = work / "restore.sql"
    _run([pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(source)])
    connection.close()
    _run(
        [
            psql,
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={drops}",
            f"--file={script}",
        ]
    )
    script.unlink()


def _restore_media(archive: tarfile.TarFile, media_root: Path, work: Path) -> int:
    members = [member for member in archive.getmembers() if member.name.startswith(f"{MEDIA}/")]
    archive.extractall(work, members=members, filter="data")
    if media_root.exists():
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    media_root.mkdir(parents=True, exist_ok=True)
    extracted = work / MEDIA
    if extracted.is_dir():
        for child in extracted.iterdir():
            shutil.move(child, media_root / child.name)
    return len(_media_files(media_root))


def _unapplied_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def restore(path: Path, force: bool = False) -> Outcome:
    """Put the archive's database and files back. Refused (BackupError, nothing changed)
    when the database has tables or MEDIA_ROOT has files, unless force."""
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    try:
        archive = tarfile.open(path, mode="r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"เปิดไฟล์ {path} ไม่ได้ / Cannot open {path}: {error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="songkhla-restore-") as work:
        manifest = read_manifest(archive)
        if manifest["database"] != vendor:
            raise BackupError(
                f"สำเนานี้เป็นฐานข้อมูล {manifest['database']} กู้คืนลง {vendor} ไม่ได้ / "
                f"This backup is of a {manifest['database']} database, not {vendor}."
            )
        refusals = _refusals(force, media_root)
        if refusals:
            raise BackupError(
                "\n".join(refusals) + "\nไม่ได้กู้คืนอะไร: กู้คืนลงฐานข้อมูลใหม่ที่ว่างและโฟลเดอร์ไฟล์แนบที่ว่าง "
                "หรือสั่งซ้ำพร้อม --force เพื่อแทนที่ข้อมูลเดิมทั้งหมด "
                "(สำรองข้อมูลเดิมไว้ก่อนด้วย manage.py backup) / "
                "Nothing was restored: restore into a new, empty database and an empty "
                "MEDIA_ROOT, or run again with --force to replace everything there "
                "(back it up first with manage.py backup)."
            )
        database_file = DATABASE_FILES[vendor]
        archive.extract(database_file, work, filter="data")
        if vendor == "sqlite":
            _load_sqlite(Path(work) / database_file)
        else:
            _load_postgresql(Path(work) / database_file, Path(work))
        counts = _current_tables()
        if counts != manifest["tables"]:
            different = sorted(
                table
                for table in set(counts) | set(manifest["tables"])
                if counts.get(table) != manifest["tables"].get(table)
            )
            raise BackupError(
                "ฐานข้อมูลที่กู้คืนไม่ตรงกับสำเนาในตาราง / The restored database differs from "
                "the backup in: " + ", ".join(different)
            )
        files = _restore_media(archive, media_root, Path(work))
    if files != len(manifest["media"]):
        raise BackupError(
            f"กู้คืนไฟล์แนบได้ {files} จาก {len(manifest['media'])} ไฟล์ / "
            f"Restored {files} of {len(manifest['media'])} files."
        )
    outcome = Outcome(
        path=path,
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        size=sum(manifest["media"].values()),
        created_at=manifest.get("created_at", ""),
    )
    unapplied = _unapplied_migrations()
    if unapplied:
        outcome.notes.append(
            f"สำเนานี้มาจากรุ่นที่เก่ากว่า: รัน manage.py migrate ต่อ ({len(unapplied)} รายการ) / "
            f"The backup is from an older version: run manage.py migrate "
            f"({len(unapplied)} migrations)."
        )
    return outcome
