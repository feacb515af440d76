"""Permission matrix rows for member rosters (see tests/test_permissions.py)."""

from django.urls import reverse

from demo.rosters import KAMPHAENG_PHET, KHLONG_HAE, KUHA_TAI
from members.rosters.models import RosterMember

from ..permission_helpers import EVERYONE_SIGNED_IN, GO, LOGIN, ROLES, org, outcomes, url

PROVINCIAL_MEMBER = "สหกรณ์ออมทรัพย์ครูสงขลา จำกัด"  # not a district member group


def member(name, group):
    """A URL of one demo member (with a national ID) of `group`'s roster."""

    def make():
        row = (
            RosterMember.objects.current()
            .exclude(national_id="")
            .select_related("roster__organization")
            .filter(roster__organization__name=group)
            .order_by("pk")
            .first()
        )
        return reverse(name, args=[row.roster.organization.public_id, row.pk])

    return make


def transition(action):
    def make():
        return org(KUHA_TAI, "roster_detail")() + f"{action}/"

    return make


POST_ONLY = EVERYONE_SIGNED_IN | {role: 405 for role in ROLES if role != "anonymous"}
# A Rattaphum group's roster (members' names): admins, the federation's staff, the
# district's coordinator and executive chair, and the group itself. A province-wide
# committee seat sees counts and status on the overview only (403 with why).
RATTAPHUM_ROSTER = outcomes(
    anonymous=LOGIN,
    admin=200,
    prov_marketing=403,
    prov_coord=200,
    rattaphum_coord=200,
    rattaphum_chair=200,
    hatyai_coord=404,
    group_rep=200,
    observer=403,
)
# Removing a member with their data erased (the confirm page): those who edit the
# roster, and the federation's staff; in any roster status.
RATTAPHUM_REMOVERS = outcomes(
    anonymous=LOGIN,
    admin=200,
    prov_marketing=403,
    prov_coord=200,
    rattaphum_coord=200,
    rattaphum_chair=403,
    hatyai_coord=404,
    group_rep=404,
    observer=403,
)
# Editing a member: the group's representatives and the district's coordinator.
RATTAPHUM_EDITORS = outcomes(
    anonymous=LOGIN,
    admin=200,
    prov_marketing=403,
    prov_coord=403,
    rattaphum_coord=200,
    rattaphum_chair=403,
    hatyai_coord=404,
    group_rep=404,
    observer=403,
)

ROWS = [
    ("roster_detail", org(KUHA_TAI, "roster_detail"), RATTAPHUM_ROSTER),
    (
        "roster_detail",
        org(KHLONG_HAE, "roster_detail"),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=403, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=200, group_rep=404,
            observer=403,
        ),
    ),
    (
        "roster_detail",
        org(PROVINCIAL_MEMBER, "roster_detail"),  # explains that it keeps no roster
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=403, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=404, group_rep=404,
            observer=403,
        ),
    ),
    ("roster_upload", org(KUHA_TAI, "roster_upload"), POST_ONLY),
    ("roster_member_add", org(KUHA_TAI, "roster_member_add"), POST_ONLY),
    ("roster_member_remove", member("roster_member_remove", KAMPHAENG_PHET), RATTAPHUM_REMOVERS),
    (
        "roster_member_remove",
        member("roster_member_remove", KUHA_TAI),  # forwarded: erasure is never locked
        RATTAPHUM_REMOVERS | {"group_rep": 200},
    ),
    *(
        ("roster_transition", transition(action), POST_ONLY)
        for action in ("submit", "forward", "return")
    ),
    ("roster_member_edit", member("roster_member_edit", KAMPHAENG_PHET), RATTAPHUM_EDITORS),
    (
        "roster_member_edit",
        member("roster_member_edit", KUHA_TAI),  # forwarded: back to the roster, with why
        RATTAPHUM_EDITORS | {"admin": GO, "rattaphum_coord": GO, "group_rep": GO},
    ),
    (
        "roster_member_national_id",
        member("roster_member_national_id", KUHA_TAI),
        RATTAPHUM_ROSTER | {"prov_marketing": 403, "rattaphum_chair": 403},
    ),
    (
        "roster_overview",
        url("roster_overview"),
        EVERYONE_SIGNED_IN | {"group_rep": GO, "observer": 403},
    ),
    (
        "roster_overview",
        lambda: reverse("roster_overview") + "?district=9009",
        EVERYONE_SIGNED_IN | {"hatyai_coord": 404, "group_rep": GO, "observer": 403},
    ),
    *(
        (name, url(name), EVERYONE_SIGNED_IN | {"observer": 403})
        for name in ("roster_template_xlsx", "roster_template_csv")
    ),
]  # fmt: skip
