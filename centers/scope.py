"""The access policy's core: who the user is, and the three answers a rule may give.

Roles come from the network's own data, read once per request (`scope_of`):

- network admin: a Django superuser, or staff of the federation, manages everything;
- province-wide: a running seat on the provincial committee or the marketing
  subcommittee (not on another working group) or a staff assignment to the provincial center
  (the federation's marketing department, "provincial coordinator");
- district: a running seat on a district center's committee, or a staff assignment to a
  district center (district coordinator): that district only;
- representative: a user linked to an organization: that organization only;
- anyone else signed in (a partner, an observer): aggregate figures and the network page.

A user may hold several roles; what they may do is the union.

Answers: ALLOW; FORBID (403: the object is within what the user may know exists, but the
role does not reach it); HIDE (404: outside the user's scope, it does not exist for them).

Each area's rules are a `policy.py` beside what they guard (centers/policy.py,
centers/applications/policy.py, meetings/policy.py, reports/policy.py,
members/organizations/policy.py, members/rosters/policy.py, members/baseline/policy.py,
members/registry/policy.py, transactions/purchases/policy.py,
transactions/catalogue/policy.py; phones and national IDs: centers/personal_data.py). They
read the Scope; views never do, they ask a policy. A rule is named one way:

- `<thing>_decision(user, obj) -> Decision`: may the user open it;
- `may_<verb>_<thing>(user, ...) -> bool`: may the user do it;
- `visible_<things>(user) -> QuerySet`: what a list shows the user;
- `<things>_for_<purpose>(user) -> QuerySet`: what the user may choose to act on;
- `<things>_waiting_for(user)` and `awaits_<things>(user) -> bool` (no query): what waits
  for the user's turn (the home page); each is also a right (a test holds them to it).
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Representative

from .models import CenterLevel, CommitteeKind, CommitteeMembership, Position, StaffAssignment

Viewer = User | AnonymousUser
Found = TypeVar("Found", bound=Model)

# Seats that carry a role: the executive committees and the marketing subcommittee. A seat
# on another working group gives none.
ROLE_COMMITTEES = (CommitteeKind.EXECUTIVE, CommitteeKind.MARKETING)
FORBIDDEN = "บัญชีของคุณไม่มีสิทธิ์ดูข้อมูลนี้"


class Decision(enum.Enum):
    ALLOW = "allow"
    FORBID = "forbid"
    HIDE = "hide"


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    province_wide: bool = False
    provincial_staff: bool = False
    coordinator_district_ids: frozenset[int] = field(default_factory=frozenset)
    committee_district_ids: frozenset[int] = field(default_factory=frozenset)
    chair_district_ids: frozenset[int] = field(default_factory=frozenset)
    provincial_marketing: bool = False
    seats: frozenset[tuple[int, str]] = field(default_factory=frozenset)  # (committee, position)
    staff_center_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    organization_district_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def district_ids(self) -> frozenset[int]:
        return self.coordinator_district_ids | self.committee_district_ids

    @property
    def everywhere(self) -> bool:
        return self.is_admin or self.province_wide

    @property
    def has_role(self) -> bool:
        """Any role beyond the aggregate figures every signed-in user sees."""
        return self.everywhere or bool(self.district_ids) or bool(self.organization_ids)

    @property
    def sees_organizations(self) -> bool:
        return self.has_role


ANONYMOUS = Scope()


def scope_of(user: Viewer) -> Scope:
    """The user's roles on this request (three queries, then cached on the user object,
    which lives for one request; an ended term therefore counts from the next request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_network_scope", None)
    if cached is not None:
        return cached
    all_seats = list(
        CommitteeMembership.objects.current()
        .filter(person__user=user)
        .values_list(
            "committee__center__level",
            "committee__center__district_id",
            "committee__kind",
            "position",
            "committee_id",
        )
    )
    # Only executive and marketing seats carry a role; any seat lets one read one's own
    # committee's meetings.
    seat_rows = [row[:4] for row in all_seats if row[2] in ROLE_COMMITTEES]
    seat_levels = [(level, district) for level, district, _, _ in seat_rows]
    assignment_rows = list(
        StaffAssignment.objects.current()
        .filter(user=user)
        .values_list("center__level", "center__district_id", "center_id")
    )
    assignments = [(level, district) for level, district, _ in assignment_rows]
    represented = list(
        Representative.objects.filter(user=user).values_list(
            "organization_id", "organization__district_id"
        )
    )
    scope = Scope(
        is_admin=user.is_superuser or user.is_staff,
        province_wide=any(
            level == CenterLevel.PROVINCIAL for level, _ in seat_levels + assignments
        ),
        provincial_staff=any(level == CenterLevel.PROVINCIAL for level, _ in assignments),
        coordinator_district_ids=frozenset(
            district for level, district in assignments if level == CenterLevel.DISTRICT
        ),
        committee_district_ids=frozenset(
            district for level, district in seat_levels if level == CenterLevel.DISTRICT
        ),
        chair_district_ids=frozenset(
            district
            for level, district, kind, position in seat_rows
            if level == CenterLevel.DISTRICT
            and kind == CommitteeKind.EXECUTIVE
            and position == Position.CHAIR
        ),
        provincial_marketing=any(
            level == CenterLevel.PROVINCIAL and kind == CommitteeKind.MARKETING
            for level, _, kind, _ in seat_rows
        ),
        organization_ids=frozenset(organization for organization, _ in represented),
        organization_district_ids=frozenset(district for _, district in represented),
        seats=frozenset((row[4], row[3]) for row in all_seats),
        staff_center_ids=frozenset(center for _, _, center in assignment_rows),
    )
    user._network_scope = scope  # type: ignore[attr-defined]  # one request's cache
    return scope


def enforce(decision: Decision, forbidden: str | None = None) -> None:
    """Turn a refusal into the response the policy asks for (`forbidden`: the 403 page's
    reason, when the area says more than the general one)."""
    if decision is Decision.HIDE:
        raise Http404("ไม่พบข้อมูลนี้")
    if decision is Decision.FORBID:
        raise PermissionDenied(forbidden or FORBIDDEN)


def obtain(
    queryset: QuerySet[Found],
    decide: Callable[[Viewer, Found], Decision],
    user: Viewer,
    /,
    *,
    forbidden: str | Callable[[Found], str | None] | None = None,
    **lookup: object,
) -> Found:
    """The object `lookup` finds in `queryset`, once the user may open it: 404 when it is
    missing or `decide` says HIDE, 403 when it says FORBID (`forbidden`: the reason, or a
    function of the object giving it)."""
    found = get_object_or_404(queryset, **lookup)
    decision = decide(user, found)
    if not callable(forbidden):
        reason = forbidden
    else:
        reason = forbidden(found) if decision is Decision.FORBID else None
    enforce(decision, reason)
    return found


def has_role(user: Viewer) -> bool:
    """Any role beyond the aggregate figures every signed-in user sees (no query beyond
    the scope's)."""
    return scope_of(user).has_role


def represented_organization_ids(user: Viewer) -> frozenset[int]:
    """The organizations the user represents: their own group's lines, roster and action
    items."""
    return scope_of(user).organization_ids
