"""The roster overview at province scale: its figures come from set-wise queries (the IDs
listed in more than one roster found in one pass, members counted roster by roster from
an index) rather than a question per member. These tests pin the figures to their plain
definition, member by member, on data with every awkward case, and pin the number of
queries at two data sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import MembershipStatus
from members.models import District, Organization
from members.rosters import selectors
from members.rosters.figures import listed_twice
from members.rosters.models import Roster, RosterFigures, RosterMember, RosterStatus
from members.validators import national_id_check_digit

from ..factories import MembershipFactory, OrganizationFactory, district, district_center

OVERVIEW = reverse("roster_overview")


def an_id(sequence: int) -> str:
    first_twelve = f"2{80110000000 + sequence * 41:011d}"
    return first_twelve + str(national_id_check_digit(first_twelve))


def group(code: str, status=MembershipStatus.ACTIVE, roster_status=RosterStatus.DRAFT):
    organization = OrganizationFactory(district=district(code))
    MembershipFactory(organization=organization, center=district_center(code), status=status)
    return Roster.objects.create(organization=organization, status=roster_status)


def add(roster, *national_ids, removed=False):
    RosterMember.objects.bulk_create(
        RosterMember(
            roster=roster,
            first_name="ทดสอบ",
            last_name="ขนาด",
            national_id=national_id,
            consent=bool(national_id),
            removed_on=datetime.date(2026, 1, 5) if removed else None,
        )
        for national_id in national_ids
    )


def awkward_data():
    """Duplicates across districts, with a roster of an organization that keeps none any
    more, with a removed member; blank IDs; a suspended group; an applicant's roster."""
    hatyai = group("9011", roster_status=RosterStatus.FORWARDED)
    rattaphum = group("9009", roster_status=RosterStatus.SUBMITTED)
    suspended = group("9009", status=MembershipStatus.SUSPENDED)
    applicant = group("9009", status=MembershipStatus.APPLIED)  # keeps no roster yet
    former = Roster.objects.create(organization=OrganizationFactory(district=district("9011")))
    add(hatyai, an_id(1), an_id(2), an_id(3), "", "")
    add(rattaphum, an_id(1), an_id(4), "")  # 1: listed in Hat Yai too
    add(suspended, an_id(2), an_id(5))  # 2: listed in Hat Yai too
    add(applicant, an_id(4))  # 4: flagged in Rattaphum's group, but not counted here
    add(former, an_id(5))  # 5: a roster outside the groups still counts as "elsewhere"
    add(rattaphum, an_id(3), removed=True)  # a removed member flags nobody
    add(hatyai, an_id(6), removed=True)
    add(suspended, an_id(6))


def by_definition() -> dict[int, dict[str, int]]:
    """Per district: current members of the groups' rosters, and those of them whose ID is
    current in another roster, asked member by member."""
    groups = set(selectors.member_groups().values_list("pk", flat=True))
    figures: dict[int, dict[str, int]] = {}
    for member in RosterMember.objects.current().select_related("roster__organization"):
        organization = member.roster.organization
        if organization.pk not in groups:
            continue
        row = figures.setdefault(organization.district_id, {"members": 0, "flagged": 0})
        row["members"] += 1
        elsewhere = (
            RosterMember.objects.current()
            .filter(national_id=member.national_id)
            .exclude(roster=member.roster)
            .exists()
        )
        if member.national_id and elsewhere:
            row["flagged"] += 1
    return figures


def test_listed_twice_are_the_ids_current_in_two_rosters(demo):
    awkward_data()
    counted: dict[str, set[int]] = {}
    for national_id, roster in RosterMember.objects.current().values_list("national_id", "roster"):
        if national_id:
            counted.setdefault(national_id, set()).add(roster)
    expected = {national_id for national_id, found in counted.items() if len(found) > 1}
    assert an_id(1) in expected and an_id(6) not in expected
    assert set(listed_twice()) == expected


def test_district_figures_match_the_member_by_member_definition(demo):
    awkward_data()
    expected = by_definition()
    rows = selectors.district_rows()
    assert len(rows) == District.objects.count()
    for row in rows:
        figures = expected.get(row.pk, {"members": 0, "flagged": 0})
        assert (row.members, row.flagged) == (figures["members"], figures["flagged"]), row.name
    assert sum(row.flagged for row in rows) >= 5


def test_district_statuses_count_the_groups_rosters(demo):
    awkward_data()
    rows = {row.code: row for row in selectors.district_rows()}
    for code, row in rows.items():
        groups = selectors.member_groups().filter(district__code=code)
        with_roster = Roster.objects.filter(organization__in=groups)
        assert row.groups == groups.count(), code
        assert row.forwarded == with_roster.filter(status=RosterStatus.FORWARDED).count()
        assert row.submitted == with_roster.filter(status=RosterStatus.SUBMITTED).count()
        assert row.in_progress == with_roster.filter(status=RosterStatus.DRAFT).count()
        assert row.returned == with_roster.filter(status=RosterStatus.RETURNED).count()
        assert row.without_roster == row.groups - with_roster.count()


@pytest.mark.parametrize("code", ["9009", "9011"])
def test_group_figures_match_the_member_by_member_definition(demo, code):
    awkward_data()
    for row in selectors.group_rows(Organization.objects.filter(district__code=code)):
        current = RosterMember.objects.current().filter(roster__organization=row)
        flagged = [
            member
            for member in current.exclude(national_id="")
            if RosterMember.objects.current()
            .filter(national_id=member.national_id)
            .exclude(roster=member.roster_id)
            .exists()
        ]
        assert row.current_members == current.count(), row.name
        assert row.flagged == len(flagged), row.name


def test_the_province_page_shows_the_figures(login):
    awkward_data()
    response = login("prov_coord").get(OVERVIEW)
    totals = response.context["totals"]
    expected = by_definition().values()
    assert totals["members"] == sum(figures["members"] for figures in expected)
    assert totals["flagged"] == sum(figures["flagged"] for figures in expected)


# The number of queries at two data sizes ------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(groups: int, members: int, start: int) -> None:
    """More groups in two districts, each with a roster of `members`; every other ID of a
    Hat Yai group is listed in a Rattaphum group too."""
    for index in range(groups):
        base = start + index * members
        add(group("9009"), *(an_id(base + n) for n in range(members)))
        hatyai = group("9011", roster_status=RosterStatus.SUBMITTED)
        add(hatyai, *(an_id(base + n + (0 if n % 2 else 500_000)) for n in range(members)))


def no_duplicates() -> None:
    RosterMember.objects.update(national_id="", consent=False)
    RosterFigures.members_changed()  # a bulk write outside services.py: it says so itself


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("prov_coord", OVERVIEW),
        ("rattaphum_coord", OVERVIEW),
        ("prov_coord", OVERVIEW + "?district=9011"),
    ],
)
def test_the_overview_asks_as_many_queries_small_and_large(login, username, url):
    """The first view after a change builds the stored figures again, in as many queries
    small and large; the views after it read them."""
    client = login(username)
    client.get(url)
    small = queries(client, url)
    grow(2, 5, 20_000)
    small_first = queries(client, url)
    assert queries(client, url) == small
    grow(20, 15, 10_000)
    assert queries(client, url) == small_first
    assert queries(client, url) == small
    assert small_first == small + 4  # the lock, delete, insert ... select, the state


@pytest.mark.parametrize("username", ["prov_coord", "rattaphum_coord"])
def test_the_overview_asks_as_many_queries_without_any_duplicate(login, username):
    """listed_twice() finds nothing: the flagged figures are still asked (and are 0)."""
    client = login(username)
    client.get(OVERVIEW)
    with_duplicates = queries(client, OVERVIEW)
    no_duplicates()
    assert listed_twice() == []
    client.get(OVERVIEW)  # builds the figures again
    assert queries(client, OVERVIEW) == with_duplicates
    response = client.get(OVERVIEW)
    assert response.context["totals"]["flagged"] == 0


def test_the_roster_page_of_a_big_group_asks_as_many_queries(login):
    client = login("rattaphum_coord")
    roster = group("9009", roster_status=RosterStatus.SUBMITTED)
    add(roster, *(an_id(n) for n in range(5)))
    url = reverse("roster_detail", args=[roster.organization.public_id])
    client.get(url)
    small = queries(client, url)
    add(roster, *(an_id(n) for n in range(5, 260)))  # three pages
    grow(5, 10, 0)  # some of them listed in other groups too
    assert queries(client, url) == small
    assert queries(client, url + "?page=3") == small


def test_the_indexes_of_current_members_exist(db):
    """Migration 0008: the partial indexes the figures are built from."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "members_rostermember")
    assert {"roster_member_current", "roster_member_current_id"} <= set(found)
