"""The network's structure: centers, memberships of organizations in them, committees."""

# isort: off
# Defined in this order, as when they were one module (content types and permissions of a
# new database follow it).
from .centers import (
    CenterLevel,
    CenterQuerySet,
    Center,
    MembershipStatus,
    OPEN_STATUSES,
    MEMBER_STATUSES,
    members_on,
    MembershipQuerySet,
    mou_upload_to,
    Membership,
)
from .committees import (
    CommitteeKind,
    Committee,
    Position,
    POSITION_ORDER,
    CommitteeMembershipQuerySet,
    CommitteeMembership,
    StaffAssignmentQuerySet,
    StaffAssignment,
    PlanningKind,
    PlanningRecord,
)

# isort: on

__all__ = [
    "CenterLevel",
    "CenterQuerySet",
    "Center",
    "MembershipStatus",
    "OPEN_STATUSES",
    "MEMBER_STATUSES",
    "members_on",
    "MembershipQuerySet",
    "mou_upload_to",
    "Membership",
    "CommitteeKind",
    "Committee",
    "Position",
    "POSITION_ORDER",
    "CommitteeMembershipQuerySet",
    "CommitteeMembership",
    "StaffAssignmentQuerySet",
    "StaffAssignment",
    "PlanningKind",
    "PlanningRecord",
]
