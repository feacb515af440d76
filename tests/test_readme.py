"""README (and the documents beside it) is true for a reader who has only the repository:
it points at nothing outside it, and every file, folder and page address it names exists."""

import datetime
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import Resolver404, resolve, reverse

from centers.models import Committee, CommitteeMembership, Position
from demo.rosters import KUHA_TAI
from members.models import Organization, Person

REPO = Path(settings.BASE_DIR)
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# Made by `make run` and `make setup`, ignored by git: named, never shipped.
GENERATED = ("var/", ".venv/")
NOT_SEARCHED = {".git", ".venv", "var", "node_modules", "__pycache__", ".ruff_cache"}
FILE_SUFFIXES = {
    ".py", ".md", ".txt", ".toml", ".html", ".css", ".js", ".po", ".mo", ".json", ".csv",
    ".xlsx", ".svg", ".woff2", ".cfg", ".ini", ".yml", ".yaml",
}  # fmt: skip
# Files of the server the operator writes (production, backups), not pages of the site.
HOST_PATHS = ("/etc/", "/srv/", "/backup/", "/usr/", "/var/")
# What a placeholder of an address in README may stand for.
SAMPLES = ["9009", "1", str(uuid.uuid4()), "province"]


def spans(text: str) -> list[str]:
    """Inline code without spaces, and link targets: where a document names a path."""
    code = re.sub(r"```.*?```", "", text, flags=re.S)
    found = [span for span in re.findall(r"`([^`\n]+)`", code) if not re.search(r"\s", span)]
    return found + re.findall(r"\]\(([^)\s]+)\)", text)


def repository_files(name: str) -> list[Path]:
    return [
        path
        for path in REPO.rglob(name)
        if not NOT_SEARCHED.intersection(path.relative_to(REPO).parts)
    ]


def resolves(address: str) -> bool:
    """An address of the site, with its <placeholders> filled by a sample that fits."""
    holes = re.findall(r"<[^>]+>", address)
    candidates = [address]
    for hole in holes:
        candidates = [c.replace(hole, sample, 1) for c in candidates for sample in SAMPLES]
    for candidate in candidates:
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return True
    return False


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_it_points_at_nothing_outside_the_repository(document):
    text = document.read_text(encoding="utf-8")
    outside = sorted(set(re.findall(r"\S*\.\./\S*", text)))
    assert not outside, f"{document.name} names paths outside the repository: {outside}"


def problem(span: str) -> str | None:
    """Why a path or address a document names is not in the repository, or None."""
    span = span.split("#")[0].rstrip(".,;:")
    if not span or "://" in span or span.startswith(GENERATED + HOST_PATHS):
        return None
    if span.startswith("/"):
        return None if resolves(span) else f"{span} (no page of the site)"
    if "/" in span and re.match(r"[A-Za-z_.]", span):
        return None if list(REPO.glob(span.rstrip("/"))) else span
    if Path(span).suffix in FILE_SUFFIXES and re.fullmatch(r"[\w.-]+", span):
        return None if repository_files(span) else f"{span} (no such file in the repository)"
    return None


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_path_and_address_it_names_exists(document):
    missing = [
        found for span in spans(document.read_text(encoding="utf-8")) if (found := problem(span))
    ]
    assert not missing, f"{document.name} names what the repository does not have: {missing}"


def test_readme_opens_in_thai_for_the_federations_staff():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    title, opening = text.split("\n## ")[:2]
    assert len(title.strip().splitlines()) == 1, "the Thai section comes right after the title"
    thai = sum(1 for char in opening if "\u0e00" <= char <= "\u0e7f")
    assert thai > 0.6 * sum(1 for char in opening if char.isalpha()), opening[:200]
    for needed in ("make run", "songkhla-demo", "admin", "observer"):
        assert needed in opening, needed


def role_row(table_heading: str, role: str) -> str:
    """The README's row for `role` in the role table whose header starts with `table_heading`."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index(f"| role | {table_heading}") :].split("\n\n")[0]
    return next(line for line in table.splitlines() if line.startswith(f"| {role} |"))


def test_the_roster_cells_say_what_a_committee_member_really_gets(client, demo):
    """PDPA: members' names only to those who work with them. A province-wide committee
    seat, and a district committee seat other than the chair's, see the rosters' counts
    and status, and get 403 on a group's roster (the names)."""
    group = Organization.objects.get(name=KUHA_TAI)
    roster = reverse("roster_detail", args=[group.public_id])
    member = User.objects.create_user("rattaphum_member")
    CommitteeMembership.objects.create(
        committee=Committee.objects.get(name="คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"),
        person=Person.objects.create(first_name="สมหมาย", last_name="ใจงาม", user=member),
        position=Position.MEMBER,
        term_start=datetime.date(2025, 1, 1),
    )
    for username, row in [
        ("prov_marketing", "provincial / marketing committee member"),
        ("rattaphum_member", "district committee member"),
    ]:
        client.force_login(User.objects.get(username=username))
        assert client.get(roster).status_code == 403, username
        overview = client.get(reverse("roster_overview"))
        assert overview.status_code == 200, username
        cell = role_row("applications and MOUs", row).split("|")[3]
        assert "counts and status" in cell and "403" in cell, cell
