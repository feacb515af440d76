"""Writing rosters: adding, editing and removing a member (with their personal data
erased), uploading a roster file (all or nothing), the workflow through the district, and
the log of unmasked national IDs shown. Every write records an event."""

import uuid
from typing import Any, Literal, overload

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import Organization

from . import notices
from .models import NationalIdView, Roster, RosterAction, RosterEvent, RosterFigures, RosterMember
from .policy import may_return_roster
from .rules import (
    ID_ALREADY_LISTED,
    MEMBER_FIELDS,
    MEMBER_GONE,
    NO_PERSONAL_NUMBERS,
    NOT_EDITABLE,
    TRANSITION_VERBS,
    TRANSITIONS,
    RosterRefused,
    has_personal_number,
)
from .spreadsheet import UploadResult, apply_row, fields_for, match_rows, read_roster


def record_event(
    roster: Roster, action: str, by: User | None, count: int | None = None, note: str = ""
) -> RosterEvent:
    return RosterEvent.objects.create(roster=roster, action=action, user=by, count=count, note=note)


def log_national_id_view(*, user: User, member: RosterMember, where: str) -> NationalIdView:
    """One showing of an unmasked national ID (PDPA): who, whose, when, on which page."""
    return NationalIdView.objects.create(user=user, member=member, where=where[:200])


@overload
def _locked_roster(organization: Organization, *, create: Literal[True]) -> Roster: ...
@overload
def _locked_roster(organization: Organization, *, create: bool) -> Roster | None: ...
def _locked_roster(organization: Organization, *, create: bool) -> Roster | None:
    """The organization's roster, locked for this transaction (created on the first write)."""
    if create:
        Roster.objects.get_or_create(organization=organization)
    # FOR NO KEY UPDATE: writers still queue on it, but the roster figures' rebuild, which
    # inserts rows referring to rosters (a key-share lock), is not blocked by it.
    return Roster.objects.select_for_update(no_key=True).filter(organization=organization).first()


def _require_editable(roster: Roster) -> None:
    """Adding, editing and uploading wait for a roster in the group's hands (draft or
    returned). Removal with erasure never waits (member_remove)."""
    if not roster.is_editable:
        raise RosterRefused(NOT_EDITABLE.format(status=roster.get_status_display()))


def member_add(
    *,
    organization: Organization,
    values: dict[str, Any],
    by: User,
    submission_key: uuid.UUID | None = None,
) -> RosterMember:
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


def member_edit(
    *, organization: Organization, member: RosterMember, values: dict[str, Any], by: User
) -> RosterMember:
    try:
        with transaction.atomic():
            roster = _locked_roster(organization, create=False)
            assert roster is not None  # the member is listed in it
            _require_editable(roster)
            member = _current_member(roster, member)
            for key in MEMBER_FIELDS:
                setattr(member, key, values[key])
            member.save()
            record_event(roster, RosterAction.EDITED, by, count=1)
    except IntegrityError:
        raise RosterRefused(ID_ALREADY_LISTED) from None
    return member


def _current_member(roster: Roster | None, member: RosterMember) -> RosterMember:
    """The member re-read under the roster's lock; refused when someone removed them a
    moment ago."""
    current = roster.members.current().filter(pk=member.pk).first() if roster else None
    if current is None:
        raise RosterRefused(MEMBER_GONE)
    return current


def member_remove(*, organization: Organization, member: RosterMember, by: User) -> RosterMember:
    """Take a member off the roster and erase their personal data; the row stays (empty)
    so the counts stay right, and the national-ID view log still points at it.

    Erasure (PDPA) is the member's right at any time: it works in every roster status
    (also submitted or forwarded) and after the group stopped keeping a roster."""
    with transaction.atomic():
        roster = _locked_roster(organization, create=False)
        member = _current_member(roster, member)
        assert roster is not None  # _current_member refuses without one
        member.title = member.first_name = member.last_name = ""
        member.national_id = member.phone = ""
        member.consent, member.consent_on = False, None
        member.removed_on = timezone.localdate()
        member.erased_at = timezone.now()
        member.save()
        record_event(roster, RosterAction.REMOVED, by, count=1)
    return member


def roster_transition(
    *, organization: Organization, action: str, by: User, reason: str = ""
) -> Roster:
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
            if not may_return_roster(by, organization, roster.status):
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
        if action == "return":
            notices.roster_returned(roster, organization, reason=reason)
    return roster


def roster_upload(*, organization: Organization, upload: UploadedFile, by: User) -> UploadResult:
    """Import a roster file: every row valid, or nothing at all. Rows that match a current
    member (match_rows) update that member; the others are added. One "uploaded" event with
    the number of rows."""
    rows, keys, result = read_roster(upload)
    if not result.ok:
        return result
    fields = fields_for(keys)
    today = timezone.localdate()
    with transaction.atomic():
        roster = _locked_roster(organization, create=True)
        _require_editable(roster)
        current = list(roster.members.current())
        matched, problems = match_rows(rows, current, file_has_ids="national_id" in keys)
        if problems:
            transaction.set_rollback(True)
            result.problems = problems
            return result
        added, changed = [], []
        for index, (_, row) in enumerate(rows):
            member = matched.get(index)
            if member is None:
                member = RosterMember(roster=roster, added_on=today)
                apply_row(member, row, MEMBER_FIELDS, today)
                added.append(member)
            elif apply_row(member, row, fields, today):
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
