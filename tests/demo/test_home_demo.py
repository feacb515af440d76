"""The home page for the demo's cast: each demo account lands on the blocks of its work,
and what waits for each of them is always theirs to do (moved unchanged from
tests/test_home.py: they are about the demo's accounts, like the permission matrix)."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from centers.applications import policy as application_policy
from centers.scope import Decision
from meetings import policy as meeting_policy
from members.rosters import policy as roster_policy
from members.rosters.models import Roster
from reports import policy as report_policy
from transactions.purchases import policy as purchase_policy
from transactions.purchases.models import PurchaseRound

from ..permission_helpers import ROLES

pytestmark = pytest.mark.usefixtures("demo")
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def section(response, heading_id: str) -> str:
    """The text of one block of the home page ('' when the page has no such block)."""
    html = response.content.decode()
    found = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split()) if found else ""


def home(login, role):
    response = login(role).get(reverse("home"))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("role", "blocks"),
    [
        ("admin", {"rounds", "applications", "rosters", "imports"}),
        ("prov_coord", {"rounds", "applications", "rosters", "imports", "meetings"}),
        ("prov_marketing", {"rounds", "minutes", "meetings"}),
        ("rattaphum_coord", {"orders", "rounds", "rosters", "meetings"}),
        (
            "rattaphum_chair",
            {"orders", "minutes", "signoff", "applications", "rosters", "meetings"},
        ),
        ("hatyai_coord", {"orders", "rounds", "rosters", "meetings"}),
        ("group_rep", {"group"}),
        ("observer", set()),
    ],
)
def test_each_role_lands_on_the_blocks_of_its_work(login, role, blocks):
    response = home(login, role)
    every = {
        "orders", "rounds", "minutes", "signoff", "applications", "rosters", "imports",
        "group", "meetings",
    }  # fmt: skip
    shown = {block for block in every if section(response, f"{block}-heading")}
    assert shown == blocks
    assert section(response, "overview-heading")  # everyone: the network's figures


def test_what_waits_for_a_user_is_always_theirs_to_do(demo):
    """The home page's 'whose turn' never offers more than the policy's 'may'."""
    from centers.models import Center

    rounds = list(PurchaseRound.objects.select_related("center"))
    centers = list(Center.objects.all())
    rosters = list(Roster.objects.select_related("organization"))
    for username in SIGNED_IN:
        user = User.objects.get(username=username)
        for purchase_round in purchase_policy.rounds_waiting_for(user).select_related("center"):
            assert purchase_policy.may_manage_round(user, purchase_round), (
                username,
                purchase_round,
            )
        for center in purchase_policy.order_centers_waiting_for(user):
            assert purchase_policy.may_submit_order(user, center), (username, center)
        for center in report_policy.reports_waiting_for(user):
            assert report_policy.may_sign_report(user, center), (username, center)
        for center in application_policy.applications_waiting_for(user):
            assert application_policy.may_decide_application(user, center), (username, center)
        waiting = set(Roster.objects.filter(roster_policy.rosters_waiting_for(user)))
        for roster in rosters:
            if roster in waiting:
                organization = roster.organization
                status = roster.status
                assert roster_policy.may_forward_roster(user, organization) or (
                    roster_policy.may_return_roster(user, organization, status)
                ), (username, roster)
        for committee in meeting_policy.committees_waiting_for(user):
            assert meeting_policy.committee_decision(user, committee) is Decision.ALLOW
        assert len(rounds) and len(centers)
