"""Backup and restore (manage.py backup, manage.py restore; README "Backup and restore").

A backup of the demo network with uploaded files, restored into an empty database
(another file on SQLite, another database on PostgreSQL) and an empty MEDIA_ROOT, shows
the same pages (rounds, dashboard, monthly reports, the organization with its MOU, the
meeting with its attachment, the downloads) and holds the same rows and files. Both
databases are read by tests/backup_figures.py in a subprocess with the settings of
`make run`; the restore runs there as an operator would run it.
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from centers.models import Membership
from demo.seed import seed_demo
from meetings.models import Attachment, Meeting
from songkhla_network import backup
from transactions.purchases.models import PurchaseRound

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
OWN_SETTINGS = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE"}


def database_url(name: str) -> str:
    """The URL of database `name` on the server the tests use."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    database = connection.settings_dict
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST']}:{database['PORT']}/{name}"


@contextlib.contextmanager
def empty_database(tmp_path):
    """A new, empty database beside the test database; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield database_url(str(tmp_path / "restored.sqlite3"))
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def figures(url: str, media_root: Path, urls: list[str], restore=None) -> dict:
    """What the database at `url` holds and shows (tests/backup_figures.py)."""
    environment = {key: value for key, value in os.environ.items() if key not in OWN_SETTINGS}
    environment.update(
        DATABASE_URL=url,
        MEDIA_ROOT=str(media_root),
        SECRET_KEY="backup-test",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.backup_figures"],
        input=json.dumps({"restore": restore, "urls": urls}),
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(result.stdout)


def upload_files() -> list[str]:
    """An MOU scan and a meeting attachment, uploaded through their pages; their
    download URLs."""
    coordinator = Client()
    coordinator.force_login(User.objects.get(username="rattaphum_coord"))
    membership = Membership.objects.get(
        organization__name="สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด", center__district__code="9009"
    )
    response = coordinator.post(
        reverse("application_mou", args=[membership.pk]),
        {
            "mou-signed_on": "10/3/2569",
            "mou-signatories": "นายสมปอง ใจดี ประธานกลุ่ม",
            "mou-scan": SimpleUploadedFile("บันทึกข้อตกลง.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.filter(committee__name="คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ").first()
    item = meeting.agenda.get(section=4)
    response = coordinator.post(
        reverse("agenda_item", args=[meeting.pk, item.pk]),
        {
            "form": "attachment",
            "file": SimpleUploadedFile("แผนซื้อปุ๋ย.pdf", PDF + b"plan", "application/pdf"),
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(item=item)
    return [
        reverse("application_detail", args=[membership.pk]),
        reverse("application_mou_scan", args=[membership.pk]),
        membership.organization.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("meeting_attachment", args=[attachment.pk]),
    ]


def pages_with_figures() -> list[str]:
    """Rounds, the dashboard and the province's monthly report of every month and year a
    round was sent to the supplier, the network."""
    urls = [reverse("network_home"), reverse("purchase_round_list"), reverse("report_dashboard")]
    for purchase_round in PurchaseRound.objects.order_by("pk"):
        urls.append(purchase_round.get_absolute_url())
        if purchase_round.ordered_on:
            day = purchase_round.ordered_on
            urls.append(reverse("center_report", args=["province", day.year + 543, day.month]))
            urls.append(f"{reverse('report_dashboard')}?year={day.year + 543}")
    return list(dict.fromkeys(urls))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_shows_the_same_pages_and_files(
    tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()
    urls = pages_with_figures() + upload_files()
    output = io.StringIO()
    call_command("backup", dir=tmp_path / "backups", stdout=output)
    (archive,) = (tmp_path / "backups").glob("songkhla-*.tar.gz")
    assert "สำรองข้อมูลแล้ว" in output.getvalue() and "Backup written" in output.getvalue()
    assert archive.stat().st_mode & 0o777 == 0o600  # national IDs inside: the owner only
    # Not over the data it came from.
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert "ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว" in str(refusal.value)
    assert "ไม่ได้กู้คืนอะไร" in str(refusal.value) and "Nothing was restored" in str(refusal.value)
    source = figures(database_url(connection.settings_dict["NAME"]), settings.MEDIA_ROOT, urls)
    assert len(source["media"]) >= 2 and source["tables"]["transactions_orderline"] > 0

    restored_media = tmp_path / "restored-media"
    with empty_database(tmp_path) as url:
        restored = figures(url, restored_media, urls, restore=[str(archive)])
        assert restored["restore"]["code"] == 0, restored["restore"]["output"]
        said = restored["restore"]["output"]
        assert "กู้คืนจาก" in said and "ตรงกับสำเนาทุกตาราง" in said, said
        assert "Restored from" in said and "every table as in the backup" in said, said
        assert restored["tables"] == source["tables"]
        assert restored["media"] == source["media"]
        for page in urls:
            assert restored["pages"][page]["status"] == 200, page
            assert restored["pages"][page] == source["pages"][page], page

        # The restored database is not empty now: a second restore changes nothing.
        now = figures(url, restored_media, [])
        again = figures(url, restored_media, [], restore=[str(archive)])
        assert again["restore"]["code"] == 1
        assert "ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว" in again["restore"]["output"]
        assert "The database is not empty" in again["restore"]["output"]
        assert "--force" in again["restore"]["output"]
        assert again["tables"] == now["tables"] and again["media"] == now["media"]
        # Unless told to.
        forced = figures(url, restored_media, urls[:1], restore=[str(archive), "--force"])
        assert forced["restore"]["code"] == 0, forced["restore"]["output"]
        assert forced["tables"] == source["tables"] and forced["media"] == source["media"]


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    stranger = tmp_path / "photos.tar.gz"
    with tarfile.open(stranger, "w:gz") as archive:
        archive.addfile(tarfile.TarInfo("photo.jpg"), io.BytesIO(b""))
    with pytest.raises(backup.BackupError, match="ไม่ใช่สำเนาข้อมูลของระบบ"):
        backup.restore(stranger)


def test_old_backups_beyond_keep_are_deleted(tmp_path):
    for stamp in ("20261201-020000", "20261202-020000", "20261203-020000"):
        (tmp_path / f"songkhla-{stamp}.tar.gz").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("kept")
    deleted = backup.prune(tmp_path, keep=2)
    assert [path.name for path in deleted] == ["songkhla-20261201-020000.tar.gz"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "notes.txt",
        "songkhla-20261202-020000.tar.gz",
        "songkhla-20261203-020000.tar.gz",
    ]
