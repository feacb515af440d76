"""Applications and the MOU (issue 7): the rules the pages share, read from the data (the
status history, the center an organization applies to)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from centers.audit import _who
from centers.models import Center, CenterLevel, Membership, MembershipStatus
from songkhla_network.thai import be_date


@dataclass(frozen=True)
class StatusChange:
    when: datetime.datetime
    who: str
    old: str
    new: str
    detail: str = ""


def status_history(membership: Membership) -> list[StatusChange]:
    """Each change of the membership's status, and each MOU record, oldest first, from
    Membership.history (one query)."""
    records = membership.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    labels = dict(MembershipStatus.choices)
    changes, previous = [], None
    for record in records:
        status_changed = previous is None or record.status != previous.status
        if status_changed:
            detail = ""
            if record.status == MembershipStatus.DECLINED and record.decision_reason:
                detail = f"เหตุผล: {record.decision_reason}"
            changes.append(
                StatusChange(
                    when=record.history_date,
                    who=_who(record.history_user),
                    old=labels.get(previous.status, previous.status) if previous else "",
                    new=labels.get(record.status, record.status),
                    detail=detail,
                )
            )
        mou_changed = previous is not None and (
            record.mou_signed_on != previous.mou_signed_on or record.mou_scan != previous.mou_scan
        )
        if mou_changed and record.mou_signed_on:
            changes.append(
                StatusChange(
                    when=record.history_date,
                    who=_who(record.history_user),
                    old="",
                    new="",
                    detail=f"บันทึกการลงนามบันทึกข้อตกลงความร่วมมือ วันที่ {be_date(record.mou_signed_on)}",
                )
            )
        previous = record
    return changes


def proper_center(organization) -> Center | None:
    """The center the organization applies to under the two-tier rule: the district
    center of its district, or the provincial center (one query); None for the
    federation or a center's own host."""
    candidates = Center.objects.filter(
        Q(level=CenterLevel.PROVINCIAL) | Q(district_id=organization.district_id)
    ).select_related("district")
    # District first: a group's place is its own district's center.
    for center in sorted(candidates, key=lambda c: c.level != CenterLevel.DISTRICT):
        if Membership(organization=organization, center=center).level_error() is None:
            return center
    return None
