"""What the permission matrix rows are built from (tests/test_permissions.py and the
rows kept beside each feature in tests/permission_rows/)."""

from django.urls import reverse

from members.models import Organization

ROLES = [
    "anonymous",
    "admin",
    "prov_marketing",
    "prov_coord",
    "rattaphum_coord",
    "rattaphum_chair",
    "hatyai_coord",
    "group_rep",
    "observer",
]
LOGIN = 302  # to the sign-in page
GO = 302  # a redirect elsewhere (home)
EVERYONE_SIGNED_IN = {role: 200 for role in ROLES} | {"anonymous": LOGIN}
# Those who run a provincial round: admins, the marketing department and subcommittee.
ROUND_OWNERS = {role: 403 for role in ROLES} | {
    "anonymous": LOGIN, "admin": 200, "prov_marketing": 200, "prov_coord": 200,
    "hatyai_coord": 403,
}  # fmt: skip


def org(name, url_name="organization_detail"):
    return lambda: reverse(url_name, args=[Organization.objects.get(name=name).public_id])


def url(name, *args):
    return lambda: reverse(name, args=args)


def outcomes(**codes):
    """Expected codes for the roles; the keys must name every role."""
    assert set(codes) == set(ROLES), set(ROLES) ^ set(codes)
    return codes
