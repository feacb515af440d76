"""Member rosters (ส่งรายชื่อสมาชิก, issue 7): who keeps one (the active or suspended
member groups of district centers), writing members (one by one or from a spreadsheet,
all or nothing), erasing a member, the workflow through the district, the duplicate flags
across groups and the figures of the overview. Views: roster_views.py.

Personal data (PDPA): the uploaded file is read in memory and never stored; event notes
carry counts, never names, and a return reason may not carry a national ID or a phone
number; removing a member blanks the row's personal data and keeps the row, so every
count stays right. Removal works in every roster status and after the group stopped
keeping a roster: erasure is the member's right, not a step of the workflow.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from centers.models import CenterLevel, Membership, MembershipStatus
from songkhla_network import access
from songkhla_network.spreadsheets import Column, read_table
from songkhla_network.thai import BEDateError, date_from_cell, thai_digits_to_arabic
from songkhla_network.uploads import MEGABYTE

from .models import (
    District,
    NationalIdView,
    Organization,
    Roster,
    RosterAction,
    RosterEvent,
    RosterFigures,
    RosterFiguresRow,
    RosterMember,
    RosterStatus,
)
from .validators import (
    national_id_check_digit,
    national_id_digits,
    validate_national_id,
    validate_thai_phone,
)

MAX_ROWS = 5_000
MAX_UPLOAD_BYTES = 5 * MEGABYTE
NOT_EDITABLE = (
    "รายชื่อนี้อยู่ในสถานะ “{status}” จึงแก้ไขไม่ได้ หากต้องแก้ไข กรุณาขอให้ศูนย์อำเภอส่งรายชื่อกลับมาให้แก้ไขก่อน"
)
NOT_A_MEMBER_GROUP = (
    "รายชื่อสมาชิกจัดทำสำหรับกลุ่มที่เป็นสมาชิกของศูนย์ประสานงานเครือข่ายระดับอำเภอเท่านั้น "
    "องค์กรนี้ไม่ได้เป็นสมาชิกของศูนย์อำเภอ จึงไม่มีรายชื่อสมาชิกในระบบ"
)
APPLICATION_PENDING = (
    "ใบสมัครขององค์กรนี้ยังรอการพิจารณา กลุ่มส่งรายชื่อสมาชิกได้เมื่อใบสมัครได้รับอนุมัติและเป็นสมาชิกของศูนย์อำเภอแล้ว"
)
MEMBER_GONE = "สมาชิกนี้ถูกลบออกจากรายชื่อแล้ว"
ID_NOT_GIVEN = (
    "ชื่อและนามสกุลนี้ตรงกับสมาชิกเดิมที่มีเลขประจำตัวประชาชนในรายชื่อ แต่ช่องเลขประจำตัวประชาชนว่าง "
    "ระบบจึงไม่รู้ว่าเป็นคนเดียวกันหรือไม่ กรุณากรอกเลขประจำตัวประชาชนของสมาชิกคนนี้ "
    "หรือหากต้องการปรับปรุงเฉพาะข้อมูลอื่น ให้ลบคอลัมน์เลขประจำตัวประชาชนออกจากไฟล์"
)
ID_NEEDS_CONSENT = (
    "สมาชิกยังไม่ได้ให้ความยินยอม จึงเก็บเลขประจำตัวประชาชนไม่ได้ "
    "(สมาชิกปฏิเสธได้ ให้บันทึกเฉพาะชื่อ หรือระบุว่ายินยอมหากสมาชิกให้ความยินยอมแล้ว)"
)
ID_ALREADY_LISTED = "เลขประจำตัวประชาชนนี้อยู่ในรายชื่อของกลุ่มนี้แล้ว"
CONSENT_DATE_WITHOUT_CONSENT = "ระบุวันที่ให้ความยินยอมได้เฉพาะเมื่อสมาชิกยินยอม"
FUTURE_DATE = "วันที่ต้องไม่เลยวันนี้"
NO_PERSONAL_NUMBERS = "เหตุผลต้องไม่มีเลขประจำตัวประชาชนหรือหมายเลขโทรศัพท์"
# Personal numbers in free text, as people type them: Thai or Arabic digits, with spaces
# or dashes between the groups (what national_id_digits takes out). A national ID: a run
# of 13 digits. A Thai phone: 0 (or +66) and 8–9 more digits.
NATIONAL_ID_IN_TEXT = re.compile(r"\d(?:[\s\-]*\d){12}")
PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:\+66[\s\-]*|0)\d(?:[\s\-]*\d){7,8}")


def has_personal_number(text: str) -> bool:
    """Whether free text (a return reason) carries a national ID or a phone number."""
    text = thai_digits_to_arabic(text or "")
    return bool(NATIONAL_ID_IN_TEXT.search(text) or PHONE_IN_TEXT.search(text))


class RosterRefused(Exception):
    """A write the roster's state does not allow; the message is Thai, for the user."""


# Who keeps a roster -------------------------------------------------------------------


MEMBER_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


def member_groups():
    """Organizations that keep a roster: the member groups of district centers (an active
    or suspended membership of a district center). An applicant is not a member yet: it
    keeps no roster until its application is approved."""
    return Organization.objects.filter(
        Exists(
            Membership.objects.filter(
                organization=OuterRef("pk"),
                status__in=MEMBER_STATUSES,
                center__level=CenterLevel.DISTRICT,
            )
        )
    )


def keeps_roster(organization) -> bool:
    return member_groups().filter(pk=organization.pk).exists()


def has_pending_application(organization) -> bool:
    """An application to a district center waiting for its decision."""
    return Membership.objects.filter(
        organization=organization,
        status=MembershipStatus.APPLIED,
        center__level=CenterLevel.DISTRICT,
    ).exists()


# Reading ------------------------------------------------------------------------------


def roster_counts(roster) -> dict:
    """Current and removed members of a roster, in one query."""
    if roster is None:
        return {"current": 0, "removed": 0}
    return roster.members.aggregate(
        current=Count("pk", filter=Q(removed_on__isnull=True)),
        removed=Count("pk", filter=Q(removed_on__isnull=False)),
    )


def duplicate_flags(roster) -> dict[str, list[str]]:
    """National ID -> the names of the other organizations whose roster lists it too (among
    current members). One query, for the whole roster; nothing of the other row but the
    organization's name."""
    if roster is None:
        return {}
    own = RosterMember.objects.current().filter(roster=roster).exclude(national_id="")
    rows = (
        RosterMember.objects.current()
        .filter(national_id__in=own.values("national_id"))
        .exclude(roster=roster)
        .values_list("national_id", "roster__organization__name")
        .order_by("national_id", "roster__organization__name")
        .distinct()
    )
    flags: dict[str, list[str]] = {}
    for national_id, name in rows:
        flags.setdefault(national_id, []).append(name)
    return flags


def _listed_twice():
    """The national IDs current in more than one roster, as a query (listed_twice)."""
    return (
        RosterMember.objects.current()
        .exclude(national_id="")
        .values("national_id")
        .annotate(rosters=Count("*"))  # not "pk": the index has no pk, the table is not read
        .filter(rosters__gt=1)
        .values("national_id")
        .order_by()
    )


def listed_twice() -> list[str]:
    """The national IDs current in more than one roster. One query, one ordered pass over
    the index roster_member_current_id; asking "is it listed elsewhere" member by member
    (an Exists subquery) probes the index once for each of them, which at province scale
    (300,000 members) took most of a second.

    Counting rows is counting rosters: a national ID is current at most once in a roster
    (the constraint roster_member_national_id_once_per_roster)."""
    return list(_listed_twice().values_list("national_id", flat=True))


# The overview's stored figures ---------------------------------------------------------
#
# Per roster, its current members and those of them whose national ID is current in
# another roster too (RosterFiguresRow): counting them live at province scale (300,000
# members) is one pass over the index of IDs and another counting roster by roster, about
# 90 ms a view. They are built on the first view after a change and read from there.
#
# Valid while RosterFigures.built_from matches its `version` and the last member's id.
# Every write to roster members raises the version in its own transaction
# (RosterFigures.members_changed): RosterMember.save() and delete() do (member_add,
# member_edit, member_remove, the demo data), roster_upload's bulk writes call it; admin
# never writes members. The last member's id catches rows bulk-created elsewhere (scale
# data, tests). A writer holds the version's row lock until it commits, so versions count
# writes in the order they commit: a build that read version n has seen every write up
# to n.


def _last_member():
    """Subquery: the id of the last roster member (rows bulk-created elsewhere)."""
    return Subquery(RosterMember.objects.order_by("-pk").values("pk")[:1])


def _locked_figures() -> RosterFigures:
    """The figures' state row, locked, with the last member's id as `last` (asked after
    the lock: a build that waited for a writer sees the version it raised)."""
    locked = RosterFigures.objects.select_for_update().filter(pk=1).annotate(last=_last_member())
    figures = locked.first()
    if figures is None:  # the first build, before any member was written
        RosterFigures.objects.get_or_create(pk=1)
        figures = locked.first()
    return figures


def _build_figures() -> None:
    """Count every roster's current members, and those of them whose ID is current in
    another roster too, again into RosterFiguresRow, in one statement: the current
    members roster by roster from the index roster_member_current, and the members with
    an ID listed twice (listed_twice, one pass over roster_member_current_id)."""
    current = (
        RosterMember.objects.current()
        .values("roster")
        .annotate(current=Count("*"), flagged=Value(0))
        .values_list("roster", "current", "flagged")
        .order_by()
    )
    flagged = (
        RosterMember.objects.current()
        .exclude(national_id="")
        .filter(national_id__in=_listed_twice())
        .values("roster")
        .annotate(current=Value(0), flagged=Count("*"))
        .values_list("roster", "current", "flagged")
        .order_by()
    )
    counts, params = current.union(flagged, all=True).query.sql_with_params()
    quote = connection.ops.quote_name
    RosterFiguresRow.objects.all().delete()
    with connection.cursor() as cursor:  # INSERT ... SELECT: the rows never leave the database
        cursor.execute(
            f"INSERT INTO {quote(RosterFiguresRow._meta.db_table)} "
            f"({quote('roster_id')}, {quote('current')}, {quote('flagged')}) "
            f"SELECT roster, SUM(current), SUM(flagged) FROM ({counts}) AS counts GROUP BY roster",
            params,
        )


def roster_figures() -> None:
    """Make sure the stored figures are current: one query when they are; otherwise built
    again, once: a second view that finds them out of date waits on the first's row lock
    and then finds them current. Five more queries then."""
    state = (
        RosterFigures.objects.filter(pk=1)
        .annotate(last=_last_member())
        .values_list("version", "built_from", "last")
        .first()
    )
    if state is not None and state[1] == f"{state[0]}:{state[2] or 0}":
        return
    # No savepoint: a view asks this outside a transaction, where atomic() asks no query.
    with transaction.atomic(savepoint=False):
        figures = _locked_figures()
        fingerprint = f"{figures.version}:{figures.last or 0}"
        if figures.built_from != fingerprint:
            _build_figures()
            figures.built_from = fingerprint
            figures.built_at = timezone.now()
            figures.save(update_fields=["built_from", "built_at"])


def district_rows(district_ids=None) -> list[District]:
    """Per district: member groups, rosters by status, current members and flagged
    duplicates (from the stored figures). Three queries whatever the number of groups and
    members (more on the first view after a change, which builds the figures again)."""
    roster_figures()
    districts = District.objects.order_by("code")
    if district_ids is not None:
        districts = districts.filter(pk__in=district_ids)
    districts = list(districts)
    groups: dict[int, int] = {}
    statuses: dict[int, dict[str, int]] = {}
    members: dict[int, int] = {}
    flagged: dict[int, int] = {}
    # Per district and roster status (None: no roster yet), the member groups and their
    # rosters' stored figures.
    for district, status, count, current, listed in (
        member_groups()
        .values("district", "roster__status")
        .annotate(
            n=Count("pk"),
            current=Sum("roster__figures__current"),
            listed=Sum("roster__figures__flagged"),
        )
        .values_list("district", "roster__status", "n", "current", "listed")
        .order_by()
    ):
        groups[district] = groups.get(district, 0) + count
        if status is not None:
            statuses.setdefault(district, {})[status] = count
        members[district] = members.get(district, 0) + (current or 0)
        flagged[district] = flagged.get(district, 0) + (listed or 0)
    for district in districts:
        by_status = statuses.get(district.pk, {})
        district.groups = groups.get(district.pk, 0)
        district.forwarded = by_status.get(RosterStatus.FORWARDED, 0)
        district.submitted = by_status.get(RosterStatus.SUBMITTED, 0)
        district.in_progress = by_status.get(RosterStatus.DRAFT, 0)
        district.returned = by_status.get(RosterStatus.RETURNED, 0)
        district.without_roster = district.groups - sum(by_status.values())
        district.members = members.get(district.pk, 0)
        district.flagged = flagged.get(district.pk, 0)
    return districts


def district_totals(districts) -> dict:
    keys = (
        "groups",
        "forwarded",
        "submitted",
        "in_progress",
        "returned",
        "without_roster",
        "members",
        "flagged",
    )
    return {key: sum(getattr(district, key) for district in districts) for key in keys}


def group_rows(organizations) -> list[Organization]:
    """The member groups among `organizations`, each with its roster's status, current
    members, last change and flagged duplicates (from the stored figures). Two queries
    (more on the first view after a change, which builds the figures again)."""
    roster_figures()
    last_event = RosterEvent.objects.filter(roster=OuterRef("roster")).order_by("-at", "-pk")
    return list(
        member_groups()
        .filter(pk__in=organizations.values("pk"))
        .select_related("district")
        .annotate(
            roster_status=F("roster__status"),
            current_members=Coalesce(F("roster__figures__current"), Value(0)),
            flagged=Coalesce(F("roster__figures__flagged"), Value(0)),
            last_change=Subquery(last_event.values("at")[:1]),
        )
        .order_by("district__code", "name")
    )


def rosters_waiting(condition, limit: int = 10) -> tuple[list[Roster], int]:
    """The rosters matching `condition` (access.rosters_waiting_for), each with its
    `current_members`, longest waiting first: the first `limit` and how many. Two queries."""
    waiting = Roster.objects.filter(condition)
    # Counted for the rows shown only (a subquery after the LIMIT), not for every roster
    # waiting.
    current = (
        RosterMember.objects.filter(roster=OuterRef("pk"), removed_on__isnull=True)
        .order_by()
        .values("roster")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        list(
            waiting.select_related("organization__district")
            .annotate(current_members=Coalesce(Subquery(current), Value(0)))
            .order_by("status_changed_at", "pk")[:limit]
        ),
        waiting.count(),
    )


def group_roster_states(organization_ids) -> list[Organization]:
    """The member groups among `organization_ids` (a representative's), each with its
    roster's `roster_status` (None before the first entry) and `current_members`. One
    query."""
    return list(
        member_groups()
        .filter(pk__in=organization_ids)
        .annotate(
            roster_status=F("roster__status"),
            current_members=Count(
                "roster__members", filter=Q(roster__members__removed_on__isnull=True)
            ),
        )
        .order_by("name")
    )


def status_label(status: str | None) -> str:
    return RosterStatus(status).label if status else "ยังไม่มีรายชื่อ"


# Writing ------------------------------------------------------------------------------


def record_event(roster, action, by, count=None, note="") -> RosterEvent:
    return RosterEvent.objects.create(roster=roster, action=action, user=by, count=count, note=note)


def log_national_id_view(*, user, member, where: str) -> NationalIdView:
    """One showing of an unmasked national ID (PDPA): who, whose, when, on which page."""
    return NationalIdView.objects.create(user=user, member=member, where=where[:200])


def _locked_roster(organization, *, create: bool) -> Roster | None:
    """The organization's roster, locked for this transaction (created on the first write)."""
    if create:
        Roster.objects.get_or_create(organization=organization)
    # FOR NO KEY UPDATE: writers still queue on it, but the roster figures' rebuild, which
    # inserts rows referring to rosters (a key-share lock), is not blocked by it.
    return Roster.objects.select_for_update(no_key=True).filter(organization=organization).first()


def _require_editable(roster) -> None:
    """Adding, editing and uploading wait for a roster in the group's hands (draft or
    returned). Removal with erasure never waits (member_remove)."""
    if not roster.is_editable:
        raise RosterRefused(NOT_EDITABLE.format(status=roster.get_status_display()))


MEMBER_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "national_id",
    "phone",
    "joined_on",
    "consent",
    "consent_on",
)


def member_add(*, organization, values: dict, by, submission_key=None) -> RosterMember:
    """Add one member. The form's `submission_key` is kept with the row: the same form
    sent twice (a double tap, a retry after a lost answer) returns the member it added."""
    try:
        with transaction.atomic():
            roster = _locked_roster(organization, create=True)
            if submission_key is not None:
                earlier = roster.members.filter(submission_key=submission_key).first()
                if earlier is not None:
                    return earlier
            _require_editable(roster)
            member = RosterMember(
                roster=roster,
                submission_key=submission_key,
                **{key: values[key] for key in MEMBER_FIELDS},
            )
            member.save()
            record_event(roster, RosterAction.ADDED, by, count=1)
    except IntegrityError:  # the same ID added at the same moment by someone else
        raise RosterRefused(ID_ALREADY_LISTED) from None
    return member


def added_with(*, organization, submission_key) -> RosterMember | None:
    """The member the add form with this key added, if it was saved."""
    if submission_key is None:
        return None
    return RosterMember.objects.filter(
        roster__organization=organization, submission_key=submission_key
    ).first()


def recorded_submission_keys(roster, limit: int = 20) -> list:
    """The keys of the roster's latest additions: the roster page gives them to the
    browser, which so learns that an addition whose answer it never got went through."""
    if roster is None:
        return []
    return list(
        roster.members.exclude(submission_key=None)
        .order_by("-pk")
        .values_list("submission_key", flat=True)[:limit]
    )


def member_edit(*, organization, member, values: dict, by) -> RosterMember:
    try:
        with transaction.atomic():
            roster = _locked_roster(organization, create=False)
            _require_editable(roster)
            member = _current_member(roster, member)
            for key in MEMBER_FIELDS:
                setattr(member, key, values[key])
            member.save()
            record_event(roster, RosterAction.EDITED, by, count=1)
    except IntegrityError:
        raise RosterRefused(ID_ALREADY_LISTED) from None
    return member


def _current_member(roster, member) -> RosterMember:
    """The member re-read under the roster's lock; refused when someone removed them a
    moment ago."""
    current = roster.members.current().filter(pk=member.pk).first() if roster else None
    if current is None:
        raise RosterRefused(MEMBER_GONE)
    return current


def member_remove(*, organization, member, by) -> RosterMember:
    """Take a member off the roster and erase their personal data; the row stays (empty)
    so the counts stay right, and the national-ID view log still points at it.

    Erasure (PDPA) is the member's right at any time: it works in every roster status
    (also submitted or forwarded) and after the group stopped keeping a roster."""
    with transaction.atomic():
        roster = _locked_roster(organization, create=False)
        member = _current_member(roster, member)
        member.title = member.first_name = member.last_name = ""
        member.national_id = member.phone = ""
        member.consent, member.consent_on = False, None
        member.removed_on = timezone.localdate()
        member.erased_at = timezone.now()
        member.save()
        record_event(roster, RosterAction.REMOVED, by, count=1)
    return member


# The workflow: action -> (statuses it starts from, status it leads to, event).
TRANSITIONS = {
    "submit": (
        (RosterStatus.DRAFT, RosterStatus.RETURNED),
        RosterStatus.SUBMITTED,
        RosterAction.SUBMITTED,
    ),
    "forward": (
        (RosterStatus.DRAFT, RosterStatus.SUBMITTED, RosterStatus.RETURNED),
        RosterStatus.FORWARDED,
        RosterAction.FORWARDED,
    ),
    "return": (
        (RosterStatus.SUBMITTED, RosterStatus.FORWARDED),
        RosterStatus.RETURNED,
        RosterAction.RETURNED,
    ),
}
TRANSITION_VERBS = {"submit": "ส่งศูนย์อำเภอ", "forward": "ส่งต่อจังหวัด", "return": "ส่งกลับ"}
DONE = {
    "submit": "ส่งรายชื่อให้ศูนย์อำเภอแล้ว",
    "forward": "ส่งรายชื่อต่อให้จังหวัดแล้ว",
    "return": "ส่งรายชื่อกลับให้แก้ไขแล้ว",
}


def roster_transition(*, organization, action: str, by, reason: str = "") -> Roster:
    """Submit (group → district), forward (district → province) or return (→ the group,
    with a reason). The caller has checked the user's role; the state is checked here,
    under a lock."""
    starts, target, event = TRANSITIONS[action]
    with transaction.atomic():
        roster = _locked_roster(organization, create=False)
        if roster is None:
            raise RosterRefused("ยังไม่มีรายชื่อสมาชิก กรุณาเพิ่มสมาชิกหรือนำเข้ารายชื่อก่อน")
        if roster.status not in starts:
            raise RosterRefused(
                f"รายชื่อนี้อยู่ในสถานะ “{roster.get_status_display()}” จึง{TRANSITION_VERBS[action]}ไม่ได้"
            )
        if action == "return":
            reason = reason.strip()
            if not reason:
                raise RosterRefused("กรุณาระบุเหตุผลที่ส่งกลับ เพื่อให้กลุ่มรู้ว่าต้องแก้ไขอะไร")
            if has_personal_number(reason):  # kept in the history, never erased
                raise RosterRefused(NO_PERSONAL_NUMBERS)
            if not access.may_return_roster(by, organization, roster.status):
                raise RosterRefused(
                    "รายชื่อที่ยังอยู่ที่ศูนย์อำเภอ ศูนย์อำเภอเป็นผู้ส่งกลับ จังหวัดส่งกลับได้เมื่อศูนย์อำเภอส่งต่อมาแล้ว"
                )
        else:
            current = roster.members.current().count()
            if not current:
                raise RosterRefused("ยังไม่มีสมาชิกในรายชื่อ กรุณาเพิ่มสมาชิกก่อนส่ง")
        count = None if action == "return" else current
        roster.status = target
        roster.status_changed_at = timezone.now()
        roster.save(update_fields=["status", "status_changed_at", "updated_at"])
        record_event(roster, event, by, count=count, note=reason if action == "return" else "")
    return roster


# The spreadsheet ----------------------------------------------------------------------


def _example_national_id() -> str:
    first_twelve = "310170023007"
    return first_twelve + str(national_id_check_digit(first_twelve))


EXAMPLE_NATIONAL_ID = _example_national_id()
EXAMPLE = {"first_name": "สมใจ", "last_name": "ตัวอย่าง"}
CONSENT_YES = {"ใช่", "ยินยอม", "ให้ความยินยอม", "ยินยอมแล้ว", "y", "yes", "1", "true", "✓", "/"}
CONSENT_NO = {"ไม่", "ไม่ใช่", "ไม่ยินยอม", "ไม่ให้ความยินยอม", "n", "no", "0", "false", "-", "✗"}

COLUMNS = [
    Column(
        "number",
        "ลำดับ",
        aliases=("ลำดับที่", "ที่"),
        example="1",
        help="ไม่บังคับ ระบบไม่ได้ใช้คอลัมน์นี้",
    ),
    Column(
        "title",
        "คำนำหน้า",
        aliases=("คำนำหน้าชื่อ",),
        example="นาง",
        help="เช่น นาย นาง นางสาว",
    ),
    Column(
        "first_name",
        "ชื่อ",
        aliases=("ชื่อจริง",),
        required=True,
        example=EXAMPLE["first_name"],
        help="ชื่อจริงของสมาชิก",
    ),
    Column(
        "last_name",
        "นามสกุล",
        aliases=("สกุล",),
        required=True,
        example=EXAMPLE["last_name"],
        help="นามสกุลของสมาชิก",
    ),
    Column(
        "national_id",
        "เลขประจำตัวประชาชน",
        aliases=("เลขบัตรประชาชน", "เลขประจำตัวประชาชน13หลัก", "เลขบัตร", "เลขประจำตัว"),
        example=EXAMPLE_NATIONAL_ID,
        help="13 หลัก มีหรือไม่มีขีดก็ได้ ใส่ได้เฉพาะเมื่อสมาชิกยินยอมให้เก็บข้อมูล",
    ),
    Column(
        "phone",
        "โทรศัพท์",
        aliases=("เบอร์โทร", "เบอร์โทรศัพท์", "หมายเลขโทรศัพท์", "โทร"),
        example="081-234-5678",
        help="9–10 หลัก ขึ้นต้นด้วย 0",
    ),
    Column(
        "joined_on",
        "วันที่เข้าเป็นสมาชิก",
        aliases=("วันที่เป็นสมาชิก", "วันที่สมัคร", "วันที่เข้าเป็นสมาชิกกลุ่ม"),
        example="15/3/2560",
        help="วัน/เดือน/ปี พ.ศ. เช่น 15/3/2560",
    ),
    Column(
        "consent",
        "ยินยอมให้เก็บข้อมูล",
        aliases=("ยินยอมให้เก็บข้อมูล(ใช่/ไม่)", "ยินยอม", "ความยินยอม", "การให้ความยินยอม"),
        example="ใช่",
        help="ใช่ หรือ ไม่ (ว่างไว้: สมาชิกใหม่ถือว่าไม่ยินยอม สมาชิกเดิมคงตามที่บันทึกไว้)",
    ),
    Column(
        "consent_on",
        "วันที่ให้ความยินยอม",
        aliases=("วันที่ยินยอม",),
        example="1/6/2569",
        help="ว่างไว้ได้ ระบบใช้วันที่นำเข้า",
    ),
]
HEADERS = {column.key: column.header for column in COLUMNS}
TEMPLATE_NOTES = [
    "วิธีใช้: กรอกสมาชิกหนึ่งคนต่อหนึ่งแถวในแผ่นงานแรก ลบแถวตัวอย่างออกก่อนนำเข้า",
    "ชื่อและนามสกุลต้องมีทุกแถว คอลัมน์อื่นว่างไว้ได้",
    "เลขประจำตัวประชาชน 13 หลัก ระบบตรวจหลักสุดท้าย (เลขตรวจสอบ) ให้ ใช้เลขไทยหรือเลขอารบิกก็ได้",
    "เก็บเลขประจำตัวประชาชนได้เฉพาะสมาชิกที่ยินยอมให้เครือข่ายเก็บข้อมูลส่วนบุคคล สมาชิกที่ไม่ยินยอมให้ใส่เฉพาะชื่อ",
    "วันที่ใช้ปี พ.ศ. เช่น 15/3/2560",
    "ถ้ามีแถวใดผิด ระบบจะไม่นำเข้าเลยทั้งไฟล์ และแสดงทุกแถวที่ต้องแก้ไขพร้อมกัน",
    "แถวที่เลขประจำตัวตรงกับสมาชิกเดิม (หรือชื่อและนามสกุลตรงกับสมาชิกเดิมที่ไม่มีเลข) จะปรับปรุงสมาชิกเดิม"
    " แถวอื่นเพิ่มเป็นสมาชิกใหม่",
    "ช่องเลขประจำตัวที่ว่างไม่ลบเลขที่เก็บไว้แล้ว ถ้าสมาชิกถอนความยินยอม ให้กรอก “ไม่” ในช่องยินยอม"
    " ระบบจะลบเลขประจำตัวของสมาชิกคนนั้น",
    f"ไม่เกิน {MAX_ROWS:,} แถว และไฟล์ไม่เกิน {MAX_UPLOAD_BYTES // MEGABYTE} เมกะไบต์ต่อครั้ง",
]


@dataclass
class Problem:
    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class UploadResult:
    problems: list[Problem] = field(default_factory=list)
    file_error: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_error

    @property
    def count(self) -> int:
        return self.added + self.updated + self.unchanged


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value.day}/{value.month}/{value.year}"
    return str(value)


def _shown_id(value) -> str:
    """A national ID cell as the problem table shows it: a valid ID masked (the full
    number is shown only on pages that log the showing), anything else as typed."""
    digits = national_id_digits(str(value or ""))
    try:
        validate_national_id(digits)
    except ValidationError:
        return _shown(value)
    return access.mask_national_id(digits)


def _sheet_date(value, today) -> datetime.date | None:
    """A cell as a date (thai.date_from_cell), never after today."""
    value = date_from_cell(value)
    if value is not None and value > today:
        raise BEDateError(FUTURE_DATE)
    return value


def clean_phone(text: str) -> str:
    """A phone as typed, with Arabic digits; a number that lost its leading 0 in a
    spreadsheet (812345678) gets it back."""
    phone = thai_digits_to_arabic(text or "").strip()
    if phone.isdigit() and len(phone) in (8, 9) and not phone.startswith("0"):
        phone = "0" + phone
    return phone


def _clean_row(row_no: int, values: dict, today) -> tuple[dict, list[Problem]]:
    problems = []

    def problem(key, message):
        shown = _shown_id if key == "national_id" else _shown
        problems.append(Problem(row_no, HEADERS[key], message, shown(values.get(key, ""))))

    row = {}
    for key, limit in (("title", 30), ("first_name", 100), ("last_name", 100)):
        text = str(values.get(key, "") or "").strip()
        if key != "title" and not text:
            problem(key, f"กรุณากรอก{HEADERS[key]}")
        elif len(text) > limit:
            problem(key, f"ยาวเกิน {limit} ตัวอักษร")
        row[key] = text

    national_id = national_id_digits(str(values.get("national_id", "") or ""))
    if national_id:
        try:
            validate_national_id(national_id)
        except ValidationError as error:
            problem("national_id", error.messages[0])
            national_id = ""
    row["national_id"] = national_id

    phone = clean_phone(str(values.get("phone", "") or ""))
    if phone:
        try:
            validate_thai_phone(phone)
        except ValidationError as error:
            problem("phone", error.messages[0])
    row["phone"] = phone

    for key in ("joined_on", "consent_on"):
        try:
            row[key] = _sheet_date(values.get(key, ""), today)
        except BEDateError as error:
            problem(key, str(error))
            row[key] = None

    # True, False, or None for a blank cell: a new member without consent, an existing
    # member's consent left as recorded (only an explicit "ไม่" withdraws it).
    consent_text = str(values.get("consent", "") or "").strip().lower()
    if consent_text in CONSENT_YES:
        row["consent"] = True
    elif consent_text in CONSENT_NO:
        row["consent"] = False
    elif consent_text == "":
        row["consent"] = None
    else:
        row["consent"] = None
        problem("consent", "กรุณากรอก “ใช่” หรือ “ไม่”")
        return row, problems
    if row["national_id"] and not row["consent"]:
        problem("consent", ID_NEEDS_CONSENT)
    if row["consent_on"] and not row["consent"]:
        problem("consent_on", CONSENT_DATE_WITHOUT_CONSENT)
    if (
        row["national_id"] == EXAMPLE_NATIONAL_ID
        and row["first_name"] == EXAMPLE["first_name"]
        and row["last_name"] == EXAMPLE["last_name"]
    ):
        problem("first_name", "แถวนี้เป็นตัวอย่างจากแบบฟอร์ม กรุณาลบแถวนี้หรือแทนที่ด้วยข้อมูลจริง")
    return row, problems


def read_roster(upload) -> tuple[list[tuple[int, dict]], set[str], UploadResult]:
    """The file's rows, cleaned; the columns the file has; and every problem found."""
    result = UploadResult()
    try:
        table = read_table(upload, COLUMNS, max_rows=MAX_ROWS)
    except ValidationError as error:
        result.file_error = error.messages[0]
        return [], set(), result
    if table.missing:
        names = " และ ".join(f"“{column.header}”" for column in table.missing)
        result.file_error = (
            f"ไม่พบคอลัมน์ {names} ในแถวหัวตาราง กรุณาใช้แบบฟอร์มของระบบ หรือตั้งชื่อหัวคอลัมน์ให้ตรงกับแบบฟอร์ม"
        )
        return [], set(), result
    keys = {key for _, values in table.rows[:1] for key in values}
    today = timezone.localdate()
    rows, first_seen = [], {}
    for row_no, values in table.rows:
        if all(value == "" for key, value in values.items() if key != "number"):
            continue  # a numbered but empty line of the template
        row, problems = _clean_row(row_no, values, today)
        national_id = row["national_id"]
        if national_id and national_id in first_seen:
            problems.append(
                Problem(
                    row_no,
                    HEADERS["national_id"],
                    f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {first_seen[national_id]} ในไฟล์นี้",
                    _shown_id(values.get("national_id", "")),
                )
            )
        elif national_id:
            first_seen[national_id] = row_no
        result.problems.extend(problems)
        rows.append((row_no, row))
    if not rows and not result.problems:
        result.file_error = "ไม่พบรายชื่อในไฟล์ กรุณากรอกรายชื่อใต้แถวหัวตาราง"
    return rows, keys, result


def _fields_for(keys: set[str]) -> list[str]:
    """The member fields a file sets: only the columns it has (and consent's date with it)."""
    simple = ("title", "first_name", "last_name", "phone", "joined_on")
    fields = [key for key in simple if key in keys]
    if "national_id" in keys:
        fields.append("national_id")
    if "consent" in keys:
        fields += ["consent", "consent_on"]
    return fields


def _apply(member: RosterMember, row: dict, fields: list[str], today) -> bool:
    """Set a row's values on a member; whether anything changed. A blank national-ID cell
    never erases a stored ID, and a blank consent cell leaves an existing member's consent
    as recorded: only an explicit "ไม่" withdraws consent, and the ID goes with it."""
    before = {name: getattr(member, name) for name in MEMBER_FIELDS}
    for name in fields:
        if name in ("consent", "consent_on") or (name == "national_id" and not row[name]):
            continue
        setattr(member, name, row[name])
    consent = row["consent"] if "consent" in fields else None
    if consent is False or (consent is None and member.pk is None):
        member.consent, member.consent_on = False, None
        member.national_id = ""  # no consent (or consent withdrawn): no ID kept
    elif consent is True:
        kept = before["consent_on"] if before["consent"] else None
        member.consent, member.consent_on = True, row["consent_on"] or kept or today
    return any(getattr(member, name) != before[name] for name in MEMBER_FIELDS)


def _match(rows, current, *, file_has_ids: bool) -> tuple[dict[int, RosterMember], list[Problem]]:
    """Row index -> the current member the row updates. A row's national ID matches the
    member with that ID. Without an ID match, first and last name match a member without
    an ID; a member with an ID only when the file has no ID column at all (a sheet of
    names and phones, or of consent). A blank ID cell whose name belongs only to members
    with an ID is a problem: the same person, or a namesake? The file must say."""
    by_id = {member.national_id: member for member in current if member.national_id}
    matched: dict[int, RosterMember] = {}
    taken: set[int] = set()
    for index, (_, row) in enumerate(rows):
        member = by_id.get(row["national_id"]) if row["national_id"] else None
        if member is not None:
            matched[index] = member
            taken.add(member.pk)
    by_name: dict[tuple[str, str], list[RosterMember]] = {}
    for member in sorted(current, key=lambda m: (bool(m.national_id), m.pk)):
        by_name.setdefault((member.first_name, member.last_name), []).append(member)
    problems = []
    for index, (row_no, row) in enumerate(rows):
        if index in matched:
            continue
        namesakes = by_name.get((row["first_name"], row["last_name"]), [])
        for member in namesakes:
            if member.pk in taken or (member.national_id and (file_has_ids or row["national_id"])):
                continue
            matched[index] = member
            taken.add(member.pk)
            break
        else:
            with_id = [m for m in namesakes if m.national_id and m.pk not in taken]
            if file_has_ids and not row["national_id"] and with_id:
                problems.append(Problem(row_no, HEADERS["national_id"], ID_NOT_GIVEN, ""))
    return matched, problems


def roster_upload(*, organization, upload, by) -> UploadResult:
    """Import a roster file: every row valid, or nothing at all. Rows that match a current
    member (_match) update that member; the others are added. One "uploaded" event with
    the number of rows."""
    rows, keys, result = read_roster(upload)
    if not result.ok:
        return result
    fields = _fields_for(keys)
    today = timezone.localdate()
    with transaction.atomic():
        roster = _locked_roster(organization, create=True)
        _require_editable(roster)
        current = list(roster.members.current())
        matched, problems = _match(rows, current, file_has_ids="national_id" in keys)
        if problems:
            transaction.set_rollback(True)
            result.problems = problems
            return result
        added, changed = [], []
        for index, (_, row) in enumerate(rows):
            member = matched.get(index)
            if member is None:
                member = RosterMember(roster=roster, added_on=today)
                _apply(member, row, MEMBER_FIELDS, today)
                added.append(member)
            elif _apply(member, row, fields, today):
                changed.append(member)
        RosterMember.objects.bulk_create(added, batch_size=500)
        if changed:
            RosterMember.objects.bulk_update(changed, MEMBER_FIELDS, batch_size=500)
        result.added, result.updated = len(added), len(changed)
        result.unchanged = len(rows) - result.added - result.updated
        record_event(
            roster,
            RosterAction.UPLOADED,
            by,
            count=len(rows),
            note=f"เพิ่ม {result.added:,} คน ปรับปรุง {result.updated:,} คน "
            f"ไม่เปลี่ยนแปลง {result.unchanged:,} คน",
        )
        if added or changed:  # bulk writes: RosterMember.save() is not called
            RosterFigures.members_changed()
    return result


# The organization page ----------------------------------------------------------------


def organization_roster_context(request, organization) -> dict:
    """The short "รายชื่อสมาชิก" part of the organization page of a group that keeps a
    roster: status and current members for those who follow rosters
    (access.may_see_roster_status); the link to the names only for those who may open
    the roster (access.roster_decision). Two queries."""
    user = request.user
    if not access.may_see_roster_status(user, organization):
        return {}
    if not keeps_roster(organization):
        return {}
    roster = (
        Roster.objects.filter(organization=organization)
        .annotate(current=Count("members", filter=Q(members__removed_on__isnull=True)))
        .first()
    )
    return {
        "roster_part": {
            "status": roster.status if roster else "none",
            "status_label": status_label(roster.status if roster else None),
            "current": roster.current if roster else 0,
            "changed_at": roster.status_changed_at if roster else None,
            "may_open": access.roster_decision(user, organization) is access.Decision.ALLOW,
        }
    }
