"""The roster overview's stored figures.

Per roster, its current members and those of them whose national ID is current in
another roster too (RosterFiguresRow): counting them live at province scale (300,000
members) is one pass over the index of IDs and another counting roster by roster, about
90 ms a view. They are built on the first view after a change and read from there.

Valid while RosterFigures.built_from matches its `version` and the last member's id.
Every write to roster members raises the version in its own transaction
(RosterFigures.members_changed): RosterMember.save() and delete() do (member_add,
member_edit, member_remove, the demo data), roster_upload's bulk writes call it; admin
never writes members. The last member's id catches rows bulk-created elsewhere (scale
data, tests). A writer holds the version's row lock until it commits, so versions count
writes in the order they commit: a build that read version n has seen every write up
to n.
"""

from django.db import connection, transaction
from django.db.models import Count, Subquery, Value
from django.utils import timezone

from .models import RosterFigures, RosterFiguresRow, RosterMember


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
