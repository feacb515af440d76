"""Reading rosters: who keeps one, a roster's counts and duplicate flags, and the rows of
the overview (from the stored figures, figures.py)."""

import uuid
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from centers.models import CenterLevel, Membership, MembershipStatus
from members.models import District, Organization

from .figures import roster_figures
from .models import Roster, RosterEvent, RosterMember, RosterStatus

# Who keeps a roster -------------------------------------------------------------------


MEMBER_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


def member_groups() -> QuerySet[Organization]:
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


def keeps_roster(organization: Organization) -> bool:
    return member_groups().filter(pk=organization.pk).exists()


def has_pending_application(organization: Organization) -> bool:
    """An application to a district center waiting for its decision."""
    return Membership.objects.filter(
        organization=organization,
        status=MembershipStatus.APPLIED,
        center__level=CenterLevel.DISTRICT,
    ).exists()


# Reading ------------------------------------------------------------------------------


def roster_counts(roster: Roster | None) -> dict[str, int]:
    """Current and removed members of a roster, in one query."""
    if roster is None:
        return {"current": 0, "removed": 0}
    return roster.members.aggregate(
        current=Count("pk", filter=Q(removed_on__isnull=True)),
        removed=Count("pk", filter=Q(removed_on__isnull=False)),
    )


def duplicate_flags(roster: Roster | None) -> dict[str, list[str]]:
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


def district_rows(district_ids: Collection[int] | None = None) -> list[District]:
    """Per district: member groups, rosters by status, current members and flagged
    duplicates (from the stored figures). Three queries whatever the number of groups and
    members (more on the first view after a change, which builds the figures again)."""
    roster_figures()
    districts = District.objects.order_by("code")
    if district_ids is not None:
        districts = districts.filter(pk__in=district_ids)
    # Each district gets the page's figures as attributes (Any: mypy cannot know them).
    rows: list[Any] = list(districts)
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
    for district in rows:
        by_status = statuses.get(district.pk, {})
        district.groups = groups.get(district.pk, 0)
        district.forwarded = by_status.get(RosterStatus.FORWARDED, 0)
        district.submitted = by_status.get(RosterStatus.SUBMITTED, 0)
        district.in_progress = by_status.get(RosterStatus.DRAFT, 0)
        district.returned = by_status.get(RosterStatus.RETURNED, 0)
        district.without_roster = district.groups - sum(by_status.values())
        district.members = members.get(district.pk, 0)
        district.flagged = flagged.get(district.pk, 0)
    return rows


def district_totals(districts: list[District]) -> dict[str, int]:
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


def group_rows(organizations: QuerySet[Organization]) -> list[Organization]:
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


def rosters_waiting(condition: Q, limit: int = 10) -> tuple[list[Roster], int]:
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


def group_roster_states(organization_ids: Collection[int]) -> list[Organization]:
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


def added_with(
    *, organization: Organization, submission_key: uuid.UUID | None
) -> RosterMember | None:
    """The member the add form with this key added, if it was saved."""
    if submission_key is None:
        return None
    return RosterMember.objects.filter(
        roster__organization=organization, submission_key=submission_key
    ).first()


def recorded_submission_keys(roster: Roster | None, limit: int = 20) -> list[uuid.UUID]:
    """The keys of the roster's latest additions: the roster page gives them to the
    browser, which so learns that an addition whose answer it never got went through."""
    if roster is None:
        return []
    return list(
        roster.members.exclude(submission_key=None)
        .order_by("-pk")
        .values_list("submission_key", flat=True)[:limit]
    )


# The pages' reads ---------------------------------------------------------------------


def roster_of(organization: Organization) -> Roster | None:
    """The organization's roster (None before its first member)."""
    return Roster.objects.filter(organization=organization).first()


def member_roster(member: RosterMember) -> Roster:
    """The roster a member is listed in, read afresh."""
    return Roster.objects.get(pk=member.roster_id)


def current_members(roster: Roster | None) -> QuerySet[RosterMember]:
    """The roster's current members in the order they were added (none without a roster)."""
    if roster is None:
        return RosterMember.objects.none()
    return roster.members.current().order_by("pk")


def latest_events(roster: Roster | None, limit: int = 50) -> list[RosterEvent]:
    """What happened to the roster last, newest first, with who did it."""
    return list(roster.events.select_related("user")[:limit]) if roster else []


def first_organization(organization_ids: Collection[int]) -> Organization | None:
    """The first by name of these organizations (a representative's own group)."""
    return Organization.objects.filter(pk__in=organization_ids).order_by("name").first()


def district_groups(district: District) -> list[Organization]:
    """The district's member groups, as group_rows gives them."""
    return group_rows(Organization.objects.filter(district=district))


def roster_summary(organization: Organization) -> Roster | None:
    """The organization's roster with its `current` members counted (one query)."""
    return (
        Roster.objects.filter(organization=organization)
        .annotate(current=Count("members", filter=Q(members__removed_on__isnull=True)))
        .first()
    )
