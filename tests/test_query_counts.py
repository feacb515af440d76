"""List pages run a constant number of SQL queries, whatever the amount of data.

Each page is measured, the data grows, and the page is measured again. The N+1
detector (zeal, in the test settings) also fails any page that loads rows one by one.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import OrganizationKind

from .factories import (
    CommitteeMembershipFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    district,
    district_center,
    provincial_center,
)


def grow(count: int) -> None:
    """More groups, members and committee seats in Rattaphum and at the province."""
    rattaphum = district_center("9009")
    committee = rattaphum.committees.first()
    for index in range(count):
        group = OrganizationFactory(
            kind=[OrganizationKind.RUBBER_FUND_COOP, OrganizationKind.HOUSEWIFE_GROUP][index % 2],
            district=district("9009"),
        )
        MembershipFactory(organization=group, center=rattaphum)
        CommitteeMembershipFactory(
            committee=committee,
            person=PersonFactory(organization=group),
            term_start=datetime.date(2025, 1, 1),
        )
        coop = OrganizationFactory(kind=OrganizationKind.SAVINGS_COOP, district=district("9001"))
        MembershipFactory(organization=coop, center=provincial_center())


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/network/",
        "/network/districts/9009/",
        "/network/organizations/",
        "/network/organizations/?district=9009&status=active",
    ],
)
def test_list_pages_run_a_constant_number_of_queries(login, url):
    client = login("admin")
    grow(3)
    small = queries(client, url)
    grow(40)
    large = queries(client, url)
    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    # 2 session and user, 3 roles (access policy), the page, 3 to renew the session; the
    # center pages add the user's overdue action items, planning records and supporters.
    assert large <= 20  # the network page: 20, the district page: 18


def test_organization_page_is_constant_in_people_and_memberships(login):
    client = login("admin")
    group = OrganizationFactory(district=district("9009"))
    MembershipFactory(organization=group, center=district_center("9009"))
    PersonFactory(organization=group)
    small = queries(client, group.get_absolute_url())
    PersonFactory.create_batch(10, organization=group)
    large = queries(client, group.get_absolute_url())
    assert small == large
