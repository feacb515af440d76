"""Permission matrix rows for the baseline data: registry imports and baseline profiles
(see tests/test_permissions.py)."""

from django.urls import reverse

from demo.baseline import PENDING_FILE
from members.registry.models import RegistryImport

from ..permission_helpers import EVERYONE_SIGNED_IN, LOGIN, ROLES, org, outcomes, url


def pending_import(name):
    """A URL of the demo's pending registry upload."""

    def make():
        return reverse(name, args=[RegistryImport.objects.get(file_name=PENDING_FILE).pk])

    return make


# Loading the registries: network admins and the federation's staff only.
IMPORTERS = {role: 403 for role in ROLES} | {"anonymous": LOGIN, "admin": 200, "prov_coord": 200}
POST_ONLY = EVERYONE_SIGNED_IN | {role: 405 for role in ROLES if role != "anonymous"}

ROWS = [
    ("registry_import", url("registry_import"), IMPORTERS),
    ("registry_template", url("registry_template"), IMPORTERS),
    ("registry_import_detail", pending_import("registry_import_detail"), IMPORTERS),
    ("registry_import_apply", pending_import("registry_import_apply"), POST_ONLY),
    ("registry_import_discard", pending_import("registry_import_discard"), POST_ONLY),
    # A Rattaphum group's profile: viewing it follows the organization page; editing is
    # for admins, the federation's staff, the district's coordinator and its own
    # representatives (the others who see the organization get 403).
    (
        "organization_profile",
        org("สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด", "organization_profile"),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=403, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=403, hatyai_coord=404, group_rep=404,
            observer=403,
        ),
    ),
    (
        "organization_profile",
        org("กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้", "organization_profile"),  # group_rep's
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=403, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=403, hatyai_coord=404, group_rep=200,
            observer=403,
        ),
    ),
    (
        "organization_profile",
        org("กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห", "organization_profile"),  # Hat Yai
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=403, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=200, group_rep=404,
            observer=403,
        ),
    ),
]  # fmt: skip
