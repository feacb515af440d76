"""Who may read, prepare and approve committees' meetings.

The secretary of a committee and the staff of its center prepare and record its
meetings; the chair approves the minutes; members read. Province-wide roles and admins
read every committee's meetings; others only their own committees'. Observers: counts."""

from django.db.models import Q, QuerySet

from centers.models import Committee, Position
from centers.scope import Decision, Viewer, scope_of

from .models import Attachment, Meeting


def visible_committees(user: Viewer) -> QuerySet[Committee]:
    """The committees whose meetings the user may read."""
    scope = scope_of(user)
    if scope.everywhere:
        return Committee.objects.all()
    return Committee.objects.filter(
        Q(pk__in={committee for committee, _ in scope.seats})
        | Q(center_id__in=scope.staff_center_ids)
    )


def committee_decision(user: Viewer, committee: Committee) -> Decision:
    scope = scope_of(user)
    if scope.everywhere:
        return Decision.ALLOW
    if committee.pk in {c for c, _ in scope.seats} or committee.center_id in scope.staff_center_ids:
        return Decision.ALLOW
    district = committee.center.district_id
    if district is not None and district not in scope.district_ids and scope.district_ids:
        return Decision.HIDE  # another district: it does not exist for a district user
    return Decision.FORBID


def meeting_decision(user: Viewer, meeting: Meeting) -> Decision:
    """A meeting: as its committee."""
    return committee_decision(user, meeting.committee)


def attachment_decision(user: Viewer, attachment: Attachment) -> Decision:
    """An agenda item's attachment: as its meeting's committee."""
    return committee_decision(user, attachment.item.meeting.committee)


def may_prepare_meetings(user: Viewer, committee: Committee) -> bool:
    """Schedule, set the agenda, record attendance, minutes and action items."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or (committee.pk, Position.SECRETARY) in scope.seats
        or committee.center_id in scope.staff_center_ids
    )


def may_approve_minutes(user: Viewer, committee: Committee) -> bool:
    scope = scope_of(user)
    return scope.is_admin or (committee.pk, Position.CHAIR) in scope.seats


def may_follow_meetings(user: Viewer) -> bool:
    """The meetings home's upcoming and past meetings, one's committees and the calendar
    feed: anyone with a role, and anyone with a seat on some committee."""
    scope = scope_of(user)
    return scope.has_role or bool(scope.seats)


def may_see_centers_met(user: Viewer) -> bool:
    """Which centers met this month, center by center (others get the count): admins and
    province-wide roles."""
    return scope_of(user).everywhere


# What waits for whom (the home page) --------------------------------------------------


def committees_waiting_for(user: Viewer) -> QuerySet[Committee]:
    """The committees the user sits on or works for (staff of their center): whose
    meetings are theirs, whatever else they may read."""
    scope = scope_of(user)
    return Committee.objects.filter(
        Q(pk__in={committee for committee, _ in scope.seats})
        | Q(center_id__in=scope.staff_center_ids)
    )


def awaits_meetings(user: Viewer) -> bool:
    """Whether some committee's meetings are the user's (no query)."""
    scope = scope_of(user)
    return bool(scope.seats or scope.staff_center_ids)
