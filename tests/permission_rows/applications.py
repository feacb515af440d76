"""Permission matrix rows for this feature (see tests/test_permissions.py): applications
and the MOU (issue 7)."""

from django.urls import reverse

from ..permission_helpers import EVERYONE_SIGNED_IN, LOGIN, ROLES, outcomes, url

RATTAPHUM_APPLIED = "สหกรณ์กองทุนสวนยางเขาพระพัฒนา จำกัด"  # APPLIED at the Rattaphum center
RATTAPHUM_ACTIVE = "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"  # an active Rattaphum member
OWN_GROUP = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"  # group_rep's own group, active in Rattaphum
PROVINCIAL_APPLIED = "สหกรณ์ร้านค้าชุมชนสะเดา จำกัด"  # APPLIED at the provincial center


def membership_of(name):
    from centers.models import Membership

    return Membership.objects.open().get(organization__name=name)


def application(name, url_name="application_detail"):
    return lambda: reverse(url_name, args=[membership_of(name).pk])


def scan_url(name):
    """The MOU scan download of `name`'s membership, with a scan made for the row."""

    def make():
        from django.core.files.base import ContentFile

        membership = membership_of(name)
        membership.mou_scan.save("mou.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        membership.mou_scan_name = "บันทึกข้อตกลง.pdf"
        membership.mou_scan_type = "application/pdf"
        membership.save()
        return reverse("application_mou_scan", args=[membership.pk])

    return make


# A Rattaphum application: the district's coordinator, committee and the province-wide
# roles; Hat Yai's coordinator and another group's representative do not know it exists.
RATTAPHUM_READERS = outcomes(
    anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
    rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=404,
    observer=403,
)  # fmt: skip
POST_ONLY = EVERYONE_SIGNED_IN | {role: 405 for role in ROLES if role != "anonymous"}

ROWS = [
    ("application_list", url("application_list"), EVERYONE_SIGNED_IN | {"observer": 403}),
    (
        "application_create",
        url("application_create"),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=403, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=403, hatyai_coord=200, group_rep=403,
            observer=403,
        ),
    ),
    ("application_detail", application(RATTAPHUM_APPLIED), RATTAPHUM_READERS),
    (
        "application_detail",
        application(OWN_GROUP),
        RATTAPHUM_READERS | {"group_rep": 200},
    ),
    (
        "application_detail",
        application(PROVINCIAL_APPLIED),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=404, group_rep=404,
            observer=403,
        ),
    ),
    ("application_decide", application(RATTAPHUM_APPLIED, "application_decide"), POST_ONLY),
    ("application_mou", application(RATTAPHUM_ACTIVE, "application_mou"), POST_ONLY),
    ("application_mou_scan", scan_url(RATTAPHUM_ACTIVE), RATTAPHUM_READERS),
    ("application_mou_scan", scan_url(OWN_GROUP), RATTAPHUM_READERS | {"group_rep": 200}),
    (
        "application_mou_scan",
        application(RATTAPHUM_APPLIED, "application_mou_scan"),  # no scan yet
        RATTAPHUM_READERS | {
            role: 404 for role in ("admin", "prov_marketing", "prov_coord", "rattaphum_coord",
                                   "rattaphum_chair")
        },
    ),
]  # fmt: skip
