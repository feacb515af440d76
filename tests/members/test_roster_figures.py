"""The roster overview's stored figures (RosterFiguresRow, figures.roster_figures): built on
the first view after a change, they must always equal the live definition (current
members per roster; those of them whose national ID is current in another roster). After
every kind of write (add, edit the ID, remove with erasure, upload, re-upload, status
changes, a group leaving) the page's figures are compared with the definition asked member
by member, and the fingerprint must have moved for every write that changes them."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import Membership, MembershipStatus
from members.rosters import rules, selectors, services
from members.rosters.figures import roster_figures
from members.rosters.models import (
    Roster,
    RosterFigures,
    RosterFiguresRow,
    RosterMember,
    RosterStatus,
)
from tests.members.test_roster_scale import add, an_id, by_definition, group

OVERVIEW = reverse("roster_overview")


def live() -> dict[int, tuple[int, int]]:
    """Roster -> (current members, those whose ID is current in another roster), member
    by member; rosters without a current member left out."""
    figures: dict[int, tuple[int, int]] = {}
    for member in RosterMember.objects.current():
        elsewhere = bool(member.national_id) and (
            RosterMember.objects.current()
            .filter(national_id=member.national_id)
            .exclude(roster=member.roster_id)
            .exists()
        )
        current, flagged = figures.get(member.roster_id, (0, 0))
        figures[member.roster_id] = (current + 1, flagged + elsewhere)
    return figures


def stored() -> dict[int, tuple[int, int]]:
    roster_figures()
    return {
        row.roster_id: (row.current, row.flagged)
        for row in RosterFiguresRow.objects.all()
        if row.current or row.flagged
    }


def fingerprint() -> str:
    figures = RosterFigures.objects.filter(pk=1).first()
    last = RosterMember.objects.order_by("-pk").values_list("pk", flat=True).first()
    return f"{figures.version if figures else 0}:{last or 0}"


def assert_exact(client=None):
    """The stored figures, the province's rows and its page equal the live definition."""
    assert stored() == live()
    expected = by_definition()
    for row in selectors.district_rows():
        figures = expected.get(row.pk, {"members": 0, "flagged": 0})
        assert (row.members, row.flagged) == (figures["members"], figures["flagged"]), row.name
    for code in ("9009", "9011"):
        for row in selectors.group_rows(selectors.member_groups().filter(district__code=code)):
            roster = getattr(row, "roster", None)
            assert (row.current_members, row.flagged) == live().get(
                roster.pk if roster else None, (0, 0)
            ), row.name
    if client is not None:
        totals = client.get(OVERVIEW).context["totals"]
        assert totals["members"] == sum(f["members"] for f in expected.values())
        assert totals["flagged"] == sum(f["flagged"] for f in expected.values())


def values(national_id="", first_name="ทดสอบ", consent=None) -> dict:
    return {
        "title": "นาง",
        "first_name": first_name,
        "last_name": "ตัวเลข",
        "national_id": national_id,
        "phone": "",
        "joined_on": None,
        "consent": bool(national_id) if consent is None else consent,
        "consent_on": None,
    }


ID_FILE = ["ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "ยินยอมให้เก็บข้อมูล"]


def roster_csv(rows, headers=ID_FILE) -> SimpleUploadedFile:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile("รายชื่อ.csv", stream.getvalue().encode("utf-8-sig"))


@pytest.fixture
def cast(login):
    """Two groups' rosters in two districts sharing an ID, and the province's client."""
    hatyai = group("9011")
    rattaphum = group("9009")
    add(hatyai, an_id(1), an_id(2), "")
    add(rattaphum, an_id(1), an_id(3))
    client = login("prov_coord")
    assert_exact(client)
    return hatyai, rattaphum, client, User.objects.get(username="rattaphum_coord")


def changes(write):
    """Run a write; assert the fingerprint moved."""
    before = fingerprint()
    result = write()
    assert fingerprint() != before
    return result


def test_add_a_member_listed_elsewhere(cast):
    hatyai, rattaphum, client, user = cast
    changes(
        lambda: services.member_add(
            organization=rattaphum.organization, values=values(an_id(2)), by=user
        )
    )
    assert_exact(client)
    changes(lambda: services.member_add(organization=hatyai.organization, values=values(), by=user))
    assert_exact(client)


def test_edit_the_id_on_and_off_a_duplicate(cast):
    hatyai, rattaphum, client, user = cast
    member = rattaphum.members.get(national_id=an_id(3))
    member = changes(
        lambda: services.member_edit(
            organization=rattaphum.organization, member=member, values=values(an_id(2)), by=user
        )
    )
    assert_exact(client)
    changes(
        lambda: services.member_edit(
            organization=rattaphum.organization, member=member, values=values(an_id(4)), by=user
        )
    )
    assert_exact(client)
    changes(  # consent withdrawn: the ID goes
        lambda: services.member_edit(
            organization=rattaphum.organization,
            member=rattaphum.members.get(national_id=an_id(1)),
            values=values(consent=False),
            by=user,
        )
    )
    assert_exact(client)


def test_remove_with_erasure_in_any_status(cast):
    hatyai, rattaphum, client, user = cast
    Roster.objects.filter(pk=hatyai.pk).update(status=RosterStatus.FORWARDED)
    changes(
        lambda: services.member_remove(
            organization=hatyai.organization,
            member=hatyai.members.get(national_id=an_id(1)),
            by=user,
        )
    )
    assert_exact(client)
    changes(
        lambda: services.member_remove(
            organization=hatyai.organization,
            member=hatyai.members.current().get(national_id=""),
            by=user,
        )
    )
    assert_exact(client)


def test_upload_and_upload_again(cast):
    hatyai, rattaphum, client, user = cast
    file = roster_csv([["ใหม่", "หนึ่ง", an_id(2), "ใช่"], ["ใหม่", "สอง", an_id(9), "ใช่"]])
    result = changes(
        lambda: services.roster_upload(organization=rattaphum.organization, upload=file, by=user)
    )
    assert result.ok and result.added == 2
    assert_exact(client)
    # Another roster: a row listed in the first too, one listed nowhere else.
    file = roster_csv([["ใหม่", "สอง", an_id(9), "ใช่"], ["ใหม่", "สาม", an_id(3), "ใช่"]])
    result = changes(
        lambda: services.roster_upload(organization=hatyai.organization, upload=file, by=user)
    )
    assert result.ok and result.added == 2
    assert_exact(client)
    # Again, with consent only: withdrawn, the ID goes.
    file = roster_csv([["ใหม่", "หนึ่ง", "ไม่"]], headers=["ชื่อ", "นามสกุล", "ยินยอมให้เก็บข้อมูล"])
    result = changes(
        lambda: services.roster_upload(organization=rattaphum.organization, upload=file, by=user)
    )
    assert result.ok and result.updated == 1
    assert not rattaphum.members.current().filter(national_id=an_id(2)).exists()
    assert_exact(client)
    # Again, with IDs: the member without one gets one, listed in Hat Yai too.
    file = roster_csv([["ใหม่", "หนึ่ง", an_id(2), "ใช่"]])
    result = changes(
        lambda: services.roster_upload(organization=rattaphum.organization, upload=file, by=user)
    )
    assert result.ok and result.updated == 1
    assert rattaphum.members.current().filter(national_id=an_id(2)).exists()
    assert_exact(client)


def test_an_upload_that_changes_nothing_keeps_the_figures(cast):
    hatyai, rattaphum, client, user = cast
    file = roster_csv([["ใหม่", "หนึ่ง", an_id(7), "ใช่"]])
    services.roster_upload(organization=rattaphum.organization, upload=file, by=user)
    assert_exact(client)
    before = fingerprint()
    file = roster_csv([["ใหม่", "หนึ่ง", an_id(7), "ใช่"]])
    result = services.roster_upload(organization=rattaphum.organization, upload=file, by=user)
    assert result.ok and result.unchanged == 1
    assert fingerprint() == before
    assert_exact(client)


def test_status_changes_and_a_group_leaving(cast):
    hatyai, rattaphum, client, user = cast
    services.roster_transition(organization=rattaphum.organization, action="submit", by=user)
    assert_exact(client)
    services.roster_transition(organization=rattaphum.organization, action="forward", by=user)
    province = User.objects.get(username="prov_coord")
    services.roster_transition(
        organization=rattaphum.organization, action="return", by=province, reason="แก้ชื่อ"
    )
    assert_exact(client)
    rows = {row.code: row for row in selectors.district_rows()}
    assert rows["9009"].returned >= 1
    Membership.objects.filter(organization=hatyai.organization).update(
        status=MembershipStatus.LEFT, left_on=datetime.date(2026, 1, 5)
    )
    assert_exact(client)  # its members leave the counts, its IDs still flag the others


def test_rows_written_outside_the_module_are_caught(cast):
    """Rows bulk-created elsewhere (scale or demo data) move the last member's id; a save
    anywhere raises the version."""
    hatyai, rattaphum, client, user = cast
    changes(lambda: add(group("9009"), an_id(2), an_id(3)))
    assert_exact(client)
    member = hatyai.members.get(national_id=an_id(2))
    member.national_id, member.consent = an_id(8), True
    changes(member.save)
    assert_exact(client)


def test_a_refused_write_changes_nothing(cast):
    hatyai, rattaphum, client, user = cast
    before = fingerprint()
    with pytest.raises(rules.RosterRefused):
        services.member_add(organization=rattaphum.organization, values=values(an_id(1)), by=user)
    assert fingerprint() == before
    assert_exact(client)


def test_current_figures_are_one_query_and_built_once(cast):
    hatyai, rattaphum, client, user = cast
    roster_figures()
    with CaptureQueriesContext(connection) as captured:
        roster_figures()
    assert len(captured) == 1
    services.member_add(organization=rattaphum.organization, values=values(an_id(5)), by=user)
    with CaptureQueriesContext(connection) as captured:
        roster_figures()
    assert len(captured) == 5  # the check, the lock, delete, insert ... select, the state
    built_at = RosterFigures.objects.get(pk=1).built_at
    roster_figures()
    assert RosterFigures.objects.get(pk=1).built_at == built_at
