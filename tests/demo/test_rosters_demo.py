"""The demo's rosters (demo/rosters.py): counts and status per district on the province's
overview. Moved here unchanged from tests/members/test_rosters.py: its figures are the
demo's (sixteen districts, Rattaphum's eight groups and their rosters, Hat Yai's five
members); tests/members/test_rosters.py holds the same rule on a network of its own
(issue 15)."""

import re

import pytest
from django.urls import reverse

from tests.test_thai_only import visible_words as all_visible_words

pytestmark = pytest.mark.usefixtures("demo")

MASKED = re.compile(r"\bx-xxxx-xxxxx-xx-\d\b|\b0x[x\d-]*\b")


def visible_words(html: str) -> set[str]:
    """Latin words a user reads, leaving out masked IDs and phones (x-xxxx-xxxxx-xx-3)."""
    return all_visible_words(MASKED.sub(" ", html))


def test_the_province_sees_counts_and_status_per_district(login):
    response = login("prov_marketing").get(reverse("roster_overview"))
    rows = {row.code: row for row in response.context["districts"]}
    assert len(rows) == 16
    rattaphum = rows["9009"]
    # Two Rattaphum applicants are not members yet: they keep no roster.
    assert (rattaphum.groups, rattaphum.forwarded, rattaphum.submitted) == (8, 1, 1)
    assert (rattaphum.in_progress, rattaphum.returned, rattaphum.without_roster) == (1, 1, 4)
    assert rattaphum.members == 12 + 6 + 4 + 3
    assert rows["9011"].members == 5
    assert response.context["totals"]["members"] == 12 + 6 + 4 + 3 + 5
    html = response.content.decode()
    assert "?district=9009" in html
    assert visible_words(html) == set()
