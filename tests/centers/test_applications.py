"""Applications through the district, the decision, the MOU (issue 7): the rules, the
pages as each role sees them, the history, the uploads, and constant query counts."""

import datetime
import pathlib
import threading
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.applications import services
from centers.models import Membership, MembershipStatus
from demo.seed import seed_demo
from members.models import Organization, OrganizationKind
from songkhla_network.thai import be_date
from tests.centers.test_network_pages import text_of
from tests.test_thai_only import visible_words

from ..factories import (
    CommitteeFactory,
    DistrictCenterFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    admin_user,
    chair_user,
    district_of,
    member_groups,
    province,
    provincial_center,
    representative_user,
    seat_user,
    staff_user,
)
from ..markers import needs_two_connections

pytestmark = pytest.mark.django_db

NEW_GROUP = "กลุ่มเลี้ยงปลาดุกบ้านหนองปลิง"
DECLINED_REASON = "ยังไม่ครบเงื่อนไขการรับสมาชิก: ยังไม่ได้ส่งรายงานการประชุมใหญ่"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
CREATE = reverse("application_create")
LIST = reverse("application_list")


def build_network():
    """A district center with its coordinator and chair, a group of each status (two
    applied, active, left, declined through the services), a representative's group, a
    shop cooperative applying to the province, and the other roles of the network."""
    center = DistrictCenterFactory()
    coordinator = staff_user(center, first_name="สุนิสา", last_name="ทองคำ")
    chair = chair_user(center, first_name="บุญเลิศ", last_name="ชูช่วย")
    elsewhere = DistrictCenterFactory()  # another district ("Hat Yai"), with a member
    member_groups(elsewhere, 1)
    prov_coord = staff_user(province())
    marketing = province().committees.filter(kind="marketing").first() or CommitteeFactory(
        center=province(), kind="marketing"
    )
    applied = MembershipFactory(center=center, status="applied", recorded_by=coordinator)
    applied_too = MembershipFactory(center=center, status="applied", recorded_by=coordinator)
    active = MembershipFactory(center=center, organization__kind=OrganizationKind.RUBBER_FUND_COOP)
    left = MembershipFactory(
        center=center, status="left", organization__kind=OrganizationKind.HOUSEWIFE_GROUP
    )
    declined = services.application_record(
        center=center,
        organization=OrganizationFactory(district=center.district),
        applied_on=datetime.date(2025, 11, 3),
        by=coordinator,
    )
    declined = services.application_decline(membership=declined, reason=DECLINED_REASON, by=chair)
    (rep_group,) = member_groups(center, 1)
    shop = MembershipFactory(
        center=province(),
        status="applied",
        organization__kind=OrganizationKind.SHOP_COOP,
        recorded_by=prov_coord,
    )
    return SimpleNamespace(
        center=center,
        elsewhere=elsewhere,
        coordinator=coordinator,
        chair=chair,
        admin=admin_user(username="test_admin"),
        prov_coord=prov_coord,
        prov_marketing=seat_user(marketing, "member"),
        hatyai_coord=staff_user(elsewhere),
        group_rep=representative_user(rep_group),
        observer=UserFactory(),
        applied=applied,
        applied_too=applied_too,
        active=active,
        left=left,
        declined=declined,
        rep_group=rep_group,
        shop=shop,
    )


@pytest.fixture
def net():
    return build_network()


@pytest.fixture
def as_user(client):
    """as_user(user) signs the test client in as `user`."""

    def _as(user):
        client.force_login(user)
        return client

    return _as


def membership_of(name) -> Membership:
    return (
        Membership.objects.select_related("organization", "center")
        .filter(organization__name=name)
        .order_by("-pk")
        .first()
    )


def fresh(membership) -> Membership:
    return membership_of(membership.organization.name)


def chair_of(center) -> str:
    return f"ประธานคณะกรรมการบริหารศูนย์ฯ อำเภอ{center.district.name}"


def detail(membership):
    return reverse("application_detail", args=[membership.pk])


def decide(membership):
    return reverse("application_decide", args=[membership.pk])


def mou(membership):
    return reverse("application_mou", args=[membership.pk])


def new_group(center, **overrides):
    data = {
        "center": center.pk,
        "organization": "",
        "name": NEW_GROUP,
        "kind": OrganizationKind.OTHER_GROUP,
        "registration_number": "",
        "phone": "081-234-5678",
        "member_count": "๒๕",
        "address": "หมู่ 4 ตำบลท่าชะมวง",
        "applied_on": "3/3/2569",
        "note": "ยื่นใบสมัครในการประชุมประจำเดือน",
    }
    return data | overrides


def scan(name="บันทึกข้อตกลง.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def mou_data(**overrides):
    data = {
        "mou-signed_on": "10/3/2569",
        "mou-signatories": "นายสมปอง ใจดี ประธานกลุ่ม\nนายสมชาย อินทร์แก้ว ผู้จัดการสหกรณ์การเกษตรรัตภูมิ จำกัด",
        "mou-scan": scan(),
    }
    return data | overrides


def approve(client, membership, joined_on="5/3/2569"):
    return client.post(decide(membership), {"action": "approve", "approve-joined_on": joined_on})


# Recording an application ---------------------------------------------------------------


def test_the_coordinator_records_a_new_group_and_it_is_not_yet_a_member(net, as_user):
    client = as_user(net.coordinator)
    response = client.post(CREATE, new_group(net.center))
    group = Organization.objects.get(name=NEW_GROUP)
    membership = group.memberships.get()
    assert response["Location"] == detail(membership)
    assert group.district == net.center.district  # fixed to the center's district
    assert group.member_count == 25  # Thai digits read
    assert membership.status == MembershipStatus.APPLIED  # approval needed
    assert membership.recorded_by == net.coordinator
    assert membership.joined_on is None and membership.decided_on is None
    page = text_of(client.get(detail(membership)))
    assert "รอพิจารณา" in page and chair_of(net.center) in page
    assert "สุนิสา ทองคำ" in page  # who recorded it


def test_a_group_cannot_apply_directly_to_the_province(net, as_user):
    client = as_user(net.prov_coord)
    data = new_group(
        center=provincial_center(),
        kind=OrganizationKind.SAVINGS_GROUP,
        district=net.center.district.code,
        name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่พัฒนา",
    )
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert (
        "กลุ่มออมทรัพย์เพื่อการผลิตเป็นสมาชิกของศูนย์ระดับอำเภอในอำเภอของตน ไม่เชื่อมกับระดับจังหวัดโดยตรง"
        in text_of(response)
    )
    assert not Organization.objects.filter(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่พัฒนา").exists()


def test_an_existing_district_group_cannot_apply_to_the_province(net, as_user):
    group = net.left.organization
    before = Membership.objects.count()
    response = as_user(net.admin).post(
        CREATE,
        new_group(center=provincial_center(), organization=group.public_id, name="", kind=""),
    )
    assert "ไม่เชื่อมกับระดับจังหวัดโดยตรง" in text_of(response)
    assert Membership.objects.count() == before


def test_the_service_refuses_the_province_for_a_group_and_a_second_open_membership(net):
    rattaphum = net.center
    group = Organization(
        name="กลุ่มทดสอบระดับ", kind=OrganizationKind.HOUSEWIFE_GROUP, district=rattaphum.district
    )
    with pytest.raises(ValidationError) as refusal:
        services.application_record(
            center=provincial_center(),
            organization=group,
            applied_on=datetime.date(2026, 3, 1),
            note="",
            by=None,
        )
    assert "ไม่เชื่อมกับระดับจังหวัดโดยตรง" in " ".join(refusal.value.messages)
    assert not Organization.objects.filter(name="กลุ่มทดสอบระดับ").exists()
    with pytest.raises(ValidationError) as refusal:
        services.application_record(
            center=rattaphum,
            organization=net.active.organization,
            applied_on=datetime.date(2026, 3, 1),
            note="",
            by=None,
        )
    assert "ที่ยังไม่สิ้นสุด" in " ".join(refusal.value.messages)


def test_a_group_of_another_district_is_refused_by_the_district_center(net):
    hat_yai = net.elsewhere
    group = MembershipFactory(
        center=hat_yai, organization__kind=OrganizationKind.HOUSEWIFE_GROUP
    ).organization
    Membership.objects.filter(organization=group).update(
        status=MembershipStatus.LEFT, left_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as refusal:
        services.application_record(
            center=net.center,
            organization=group,
            applied_on=datetime.date(2026, 3, 1),
        )
    assert f"เป็นสมาชิกได้เฉพาะศูนย์ระดับอำเภอ{hat_yai.district.name}" in " ".join(refusal.value.messages)


def test_bad_input_is_explained_and_nothing_is_saved(net, as_user):
    client = as_user(net.coordinator)
    before = Organization.objects.count(), Membership.objects.count()
    response = client.post(
        CREATE, new_group(net.center, kind="", phone="12", applied_on="3/3/2026", name=NEW_GROUP)
    )
    text = text_of(response)
    assert "ยังไม่ได้บันทึก" in text
    assert "กรุณาเลือกประเภทองค์กร" in text
    assert "ปี 2026 เป็นปี ค.ศ." in text  # a Christian-era year is refused
    assert (Organization.objects.count(), Membership.objects.count()) == before
    response = client.post(CREATE, new_group(net.center, phone="12"))
    assert "หมายเลขโทรศัพท์ไม่ถูกต้อง" in text_of(response)
    assert (Organization.objects.count(), Membership.objects.count()) == before
    response = client.post(CREATE, new_group(net.center, name=""))
    assert "กรุณาเลือกองค์กรที่มีอยู่ในระบบ หรือกรอกชื่อองค์กรใหม่" in text_of(response)


def test_the_member_count_is_a_whole_number_in_any_digits(net, as_user):
    client = as_user(net.coordinator)
    before = Organization.objects.count()
    for typed, message in [
        ("12.5", "กรอกเป็นจำนวนเต็ม คน ไม่มีทศนิยม"),
        ("-3", "ต้องไม่ติดลบ"),
        ("สามสิบ", "กรุณากรอกเป็นตัวเลข"),
    ]:
        assert message in text_of(client.post(CREATE, new_group(net.center, member_count=typed))), (
            typed
        )
    assert Organization.objects.count() == before
    client.post(CREATE, new_group(net.center, member_count="๑,๒๐๐"))
    assert Organization.objects.get(name=NEW_GROUP).member_count == 1200


def test_a_new_group_with_a_name_already_in_the_district_is_refused(net, as_user):
    response = as_user(net.coordinator).post(
        CREATE, new_group(net.center, name=net.left.organization.name)
    )
    assert "ในอำเภอนี้อยู่แล้ว" in text_of(response)
    assert Organization.objects.filter(name=net.left.organization.name).count() == 1


def test_the_form_offers_only_the_users_centers_and_organizations_that_may_apply(net, as_user):
    response = as_user(net.coordinator).get(CREATE)
    form = response.context["form"]
    assert [center.district.code for center in form.fields["center"].queryset] == [
        net.center.district.code
    ]
    assert form.initial["center"] == net.center.pk  # the only one: preselected
    offered = {organization.name for organization in form.fields["organization"].queryset}
    assert net.left.organization.name in offered  # left: may apply again
    assert net.active.organization.name not in offered
    assert net.applied.organization.name not in offered
    hat_yai_group = net.elsewhere.memberships.get().organization
    assert hat_yai_group.name not in offered  # Hat Yai
    assert net.center.host.name not in offered  # the center's own host
    assert "district" not in form.fields  # fixed to the center's district


def test_an_organization_link_preselects_it_and_its_center(net, as_user):
    group = net.left.organization
    response = as_user(net.admin).get(CREATE, {"organization": str(group.public_id)})
    form = response.context["form"]
    assert form.initial["organization"] == group.public_id
    assert form.initial["center"] == net.center.pk
    html = response.content.decode()
    assert f'value="{group.public_id}" selected' in html


def test_those_who_do_not_record_applications_are_told_why(net, as_user):
    for user in (net.chair, net.group_rep, net.observer, net.prov_marketing):
        response = as_user(user).get(CREATE)
        assert response.status_code == 403
        assert "บัญชีของคุณไม่มีสิทธิ์บันทึกใบสมัคร" in text_of(response)


# Deciding -----------------------------------------------------------------------------


def test_only_the_chair_or_an_admin_decides_a_rattaphum_application(net, as_user):
    membership = net.applied
    response = approve(as_user(net.coordinator), membership)
    assert response.status_code == 403
    assert chair_of(net.center) in text_of(response)
    assert approve(as_user(net.prov_marketing), membership).status_code == 403
    assert approve(as_user(net.hatyai_coord), membership).status_code == 404
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED

    response = approve(as_user(net.chair), membership)
    assert response["Location"] == detail(membership)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.joined_on == datetime.date(2026, 3, 5)
    assert membership.decided_on == datetime.date(2026, 3, 5)
    assert membership.decided_by == net.chair


def test_an_admin_approves_too(net, as_user):
    membership = net.applied_too
    approve(as_user(net.admin), membership)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_by == net.admin


def test_the_province_decides_a_provincial_level_application(net, as_user):
    membership = net.shop
    assert membership.center.is_provincial
    assert approve(as_user(net.chair), membership).status_code == 404
    response = as_user(net.prov_coord).get(detail(membership))
    assert "อนุมัติใบสมัคร" in text_of(response)
    approve(as_user(net.prov_coord), membership)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_by == net.prov_coord


def test_the_decision_forms_show_only_to_those_who_decide(net, as_user):
    membership = net.applied
    assert "ไม่อนุมัติใบสมัคร" in text_of(as_user(net.chair).get(detail(membership)))
    coordinator_page = text_of(as_user(net.coordinator).get(detail(membership)))
    assert "เหตุผลที่ไม่อนุมัติ" not in coordinator_page
    assert "รอพิจารณา" in coordinator_page


def test_declining_needs_a_reason(net, as_user):
    membership = net.applied
    client = as_user(net.chair)
    response = client.post(decide(membership), {"action": "decline", "decline-reason": "  "})
    assert response.status_code == 200
    assert "กรุณาระบุเหตุผลที่ไม่อนุมัติใบสมัคร" in text_of(response)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED

    reason = "ยังไม่ได้ส่งงบการเงินปีล่าสุด"
    client.post(decide(membership), {"action": "decline", "decline-reason": reason})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert membership.decision_reason == reason
    assert membership.decided_on == timezone.localdate()
    assert membership.decided_by == net.chair
    page = text_of(as_user(net.coordinator).get(detail(membership)))
    assert reason in page and "ไม่อนุมัติใบสมัคร" in page
    with pytest.raises(ValidationError):
        services.application_decline(membership=membership, reason="", by=None)


def test_a_decided_application_cannot_be_decided_again(net, as_user):
    membership = net.applied
    client = as_user(net.chair)
    approve(client, membership)
    response = client.post(
        decide(membership), {"action": "decline", "decline-reason": "เปลี่ยนใจ"}, follow=True
    )
    assert "ใบสมัครนี้พิจารณาแล้ว" in text_of(response)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decision_reason == ""
    # The service itself refuses too (it re-reads the row under a lock).
    with pytest.raises(ValidationError, match="พิจารณาแล้ว"):
        services.application_approve(
            membership=membership, joined_on=datetime.date(2026, 3, 6), by=None
        )
    stale = Membership.objects.get(pk=membership.pk)
    stale.status = MembershipStatus.APPLIED  # a copy read before the first decision
    with pytest.raises(ValidationError, match="พิจารณาแล้ว"):
        services.application_decline(membership=stale, reason="ช้าไป", by=None)


def test_an_approval_date_is_checked(net, as_user):
    membership = net.applied
    client = as_user(net.chair)
    response = approve(client, membership, joined_on="1/1/2547")  # before the application
    assert "วันที่เข้าเป็นสมาชิกต้องไม่ก่อนวันที่ยื่นใบสมัคร" in text_of(response)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = approve(client, membership, joined_on=be_date(tomorrow, "numeric"))
    assert "ต้องไม่เป็นวันในอนาคต" in text_of(response)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_decide_without_an_action_changes_nothing(net, as_user):
    membership = net.applied
    response = as_user(net.chair).post(decide(membership), {}, follow=True)
    assert "ไม่ทราบว่าต้องการอนุมัติหรือไม่อนุมัติ" in text_of(response)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


# History --------------------------------------------------------------------------------


def test_the_history_shows_each_change_with_its_user(net, as_user):
    client = as_user(net.coordinator)
    client.post(CREATE, new_group(net.center))
    membership = membership_of(NEW_GROUP)
    approve(as_user(net.chair), membership)
    client = as_user(net.coordinator)
    client.post(mou(membership), mou_data())
    history = client.get(detail(membership)).context["history"]
    assert [(change.who, change.old, change.new) for change in history[:2]] == [
        ("สุนิสา ทองคำ", "", "ยื่นใบสมัคร"),
        ("บุญเลิศ ชูช่วย", "ยื่นใบสมัคร", "เป็นสมาชิก"),
    ]
    assert history[2].who == "สุนิสา ทองคำ"
    assert "บันทึกการลงนามบันทึกข้อตกลงความร่วมมือ วันที่ 10 มี.ค. 2569" in history[2].detail
    page = text_of(client.get(detail(membership)))
    assert "ยื่นใบสมัคร → เป็นสมาชิก" in page
    assert membership.history.count() == 3


def test_a_declined_application_has_its_history(net, as_user):
    membership = net.declined
    assert membership.status == MembershipStatus.DECLINED
    assert membership.decision_reason == DECLINED_REASON
    assert membership.decided_by == net.chair
    assert membership.recorded_by == net.coordinator
    history = as_user(net.coordinator).get(detail(membership)).context["history"]
    assert [(change.who, change.new) for change in history] == [
        ("สุนิสา ทองคำ", "ยื่นใบสมัคร"),
        ("บุญเลิศ ชูช่วย", "ไม่อนุมัติใบสมัคร"),
    ]
    assert DECLINED_REASON in history[1].detail
    # Waiting applications carry the coordinator who recorded them.
    assert fresh(net.applied).recorded_by == net.coordinator
    assert fresh(net.shop).recorded_by == net.prov_coord


# The MOU ----------------------------------------------------------------------------


def test_the_coordinator_records_the_mou_and_the_date_shows_on_the_organization_page(net, as_user):
    membership = net.active
    client = as_user(net.coordinator)
    response = client.post(mou(membership), mou_data())
    assert response["Location"] == detail(membership)
    membership.refresh_from_db()
    assert membership.mou_signed_on == datetime.date(2026, 3, 10)
    assert membership.mou_scan_name == "บันทึกข้อตกลง.pdf"
    assert membership.mou_scan_type == "application/pdf"
    assert membership.mou_scan.name.startswith("mou/")  # a random stored name
    assert "บันทึกข้อตกลง" not in membership.mou_scan.name
    assert membership.mou_signatories.splitlines()[0] == "นายสมปอง ใจดี ประธานกลุ่ม"
    page = client.get(membership.organization.get_absolute_url())
    html = page.content.decode()
    assert "10 มี.ค. 2569" in text_of(page)
    assert reverse("application_mou_scan", args=[membership.pk]) in html
    assert detail(membership) in html

    download = client.get(reverse("application_mou_scan", args=[membership.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"


def test_the_scan_downloads_only_for_permitted_roles(net, as_user):
    membership = net.active
    as_user(net.coordinator).post(mou(membership), mou_data())
    url = reverse("application_mou_scan", args=[membership.pk])
    expected = {
        "admin": 200, "prov_coord": 200, "chair": 200, "hatyai_coord": 404,
        "group_rep": 404, "observer": 403,
    }  # fmt: skip
    for username, status in expected.items():
        response = as_user(getattr(net, username)).get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == status, username
    # Hat Yai's coordinator does not even see the link on a page.
    assert (
        as_user(net.hatyai_coord).get(membership.organization.get_absolute_url()).status_code == 404
    )


def test_a_missing_scan_is_a_thai_404(net, as_user):
    response = as_user(net.coordinator).get(reverse("application_mou_scan", args=[net.applied.pk]))
    assert response.status_code == 404
    assert "ไม่พบไฟล์สำเนาบันทึกข้อตกลง" in text_of(response)
    assert "ยังไม่ได้แนบไฟล์" in text_of(response)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (scan(content=b"not a pdf at all"), "เนื้อไฟล์ไม่ตรงกับชนิดไฟล์ตามนามสกุล"),
        (scan(name="mou.docx", content=b"PK\x03\x04rest"), "รับเฉพาะไฟล์พีดีเอฟ หรือรูปภาพ"),
        (scan(name="mou.exe", content=b"MZ\x90\x00"), "รับเฉพาะไฟล์พีดีเอฟ หรือรูปภาพ"),
        (scan(content=b"%PDF-" + b"0" * (10 * 1024 * 1024)), "ไฟล์ใหญ่เกิน 10 เมกะไบต์"),
        (scan(content=b""), "ไฟล์ที่ส่งว่างเปล่า"),  # Django's own check, in Thai
    ],
    ids=["not-a-pdf", "office", "program", "too-big", "empty"],
)
def test_the_scan_is_checked(net, as_user, upload, message):
    membership = net.active
    before = membership.mou_signed_on
    response = as_user(net.coordinator).post(mou(membership), mou_data(**{"mou-scan": upload}))
    assert response.status_code == 200
    text = text_of(response)
    assert message in text
    membership.refresh_from_db()
    assert membership.mou_signed_on == before and not membership.mou_scan


def test_an_image_scan_is_accepted(net, as_user):
    membership = net.active
    png = scan(name="บันทึกข้อตกลง.png", content=b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    as_user(net.coordinator).post(mou(membership), mou_data(**{"mou-scan": png}))
    membership.refresh_from_db()
    assert membership.mou_scan_type == "image/png"


def test_the_first_mou_needs_a_scan_and_a_date_later_edits_keep_the_scan(net, as_user):
    membership = net.active
    client = as_user(net.coordinator)
    response = client.post(mou(membership), mou_data(**{"mou-scan": ""}))
    assert "กรุณาแนบสำเนาบันทึกข้อตกลงที่ลงนามแล้ว" in text_of(response)
    client.post(mou(membership), mou_data())
    membership.refresh_from_db()
    stored = membership.mou_scan.name
    response = client.post(mou(membership), mou_data(**{"mou-signed_on": "", "mou-scan": ""}))
    assert "กรุณาระบุวันที่ลงนามบันทึกข้อตกลง" in text_of(response)
    client.post(mou(membership), mou_data(**{"mou-signed_on": "12/3/2569", "mou-scan": ""}))
    membership.refresh_from_db()
    assert membership.mou_signed_on == datetime.date(2026, 3, 12)
    assert membership.mou_scan.name == stored


def test_no_mou_before_approval_and_not_by_the_chair(net, as_user):
    applied = net.applied
    response = as_user(net.coordinator).post(mou(applied), mou_data(), follow=True)
    assert "เมื่อใบสมัครได้รับอนุมัติแล้วเท่านั้น" in text_of(response)
    applied.refresh_from_db()
    assert applied.mou_signed_on is None and not applied.mou_scan
    active = net.active
    response = as_user(net.chair).post(mou(active), mou_data())
    assert response.status_code == 403
    assert "ผู้ประสานงาน" in text_of(response)
    with pytest.raises(ValidationError, match="ได้รับอนุมัติแล้วเท่านั้น"):
        services.mou_record(
            membership=applied,
            signed_on=datetime.date(2026, 3, 1),
            signatories="นายหนึ่ง",
            scan=None,
        )


def test_a_registration_number_taken_a_moment_ago_is_a_thai_refusal(net, monkeypatch):
    """Two coordinators add the same new organization at once: both pass the checks, the
    database refuses the second; the refusal is a message, not a 500."""
    checked = Organization.full_clean

    def checked_then_taken(organization, *args, **kwargs):
        checked(organization, *args, **kwargs)
        # The other coordinator's organization lands between the check and the save.
        OrganizationFactory(name="สหกรณ์ที่เพิ่งเพิ่ม", registration_number="สข.9999/2569")

    monkeypatch.setattr(Organization, "full_clean", checked_then_taken)
    before = Organization.objects.count(), Membership.objects.count()
    newcomer = Organization(
        name=NEW_GROUP,
        kind=OrganizationKind.OTHER_GROUP,
        registration_number="สข.9999/2569",
        district=net.center.district,
    )
    with pytest.raises(ValidationError) as refusal:
        services.application_record(
            center=net.center,
            organization=newcomer,
            applied_on=datetime.date(2026, 3, 3),
        )
    message = refusal.value.message_dict["registration_number"][0]
    assert message.startswith("มีองค์กรที่ใช้เลขทะเบียนนี้อยู่แล้ว")
    # Nothing of this application is left (the service's transaction rolled back).
    assert not Organization.objects.filter(name=NEW_GROUP).exists()
    assert (Organization.objects.count(), Membership.objects.count()) == before


def stored_scans() -> set[str]:
    """Every file under the MOU folder of the test storage."""
    media = pathlib.Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(media)) for path in (media / "mou").rglob("*") if path.is_file()}


def test_a_refused_mou_leaves_no_file(net, as_user):
    membership = net.active
    before = stored_scans()
    # The model refuses the membership itself (its organization's kind was changed behind
    # its back): checked before the scan is written.
    Organization.objects.filter(pk=membership.organization_id).update(
        kind=OrganizationKind.SHOP_COOP
    )
    response = as_user(net.coordinator).post(mou(membership), mou_data())
    assert response.status_code == 200
    assert "ไม่ใช่ศูนย์ระดับอำเภอ" in text_of(response)
    membership.refresh_from_db()
    assert not membership.mou_scan
    assert stored_scans() == before


def test_a_failed_save_deletes_the_new_scan(net, monkeypatch):
    membership = net.active
    before = stored_scans()

    def fail(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Membership, "save", fail)
    with pytest.raises(DatabaseError):
        services.mou_record(
            membership=membership,
            signed_on=datetime.date(2026, 3, 10),
            signatories="นายหนึ่ง",
            scan=scan(),
        )
    assert stored_scans() == before


def test_replacing_the_scan_deletes_the_old_file_once_committed(
    net, as_user, django_capture_on_commit_callbacks
):
    membership = net.active
    client = as_user(net.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mou(membership), mou_data())
    membership.refresh_from_db()
    first = membership.mou_scan.name
    assert first in stored_scans()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(mou(membership), mou_data(**{"mou-scan": scan(name="ฉบับแก้ไข.pdf")}))
    membership.refresh_from_db()
    second = membership.mou_scan.name
    assert second != first and {first, second} <= stored_scans()  # not before the commit
    for callback in callbacks:
        callback()
    assert first not in stored_scans() and second in stored_scans()
    assert membership.mou_scan_name == "ฉบับแก้ไข.pdf"
    download = client.get(reverse("application_mou_scan", args=[membership.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    # An edit that keeps the scan deletes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mou(membership), mou_data(**{"mou-scan": "", "mou-signed_on": "12/3/2569"}))
    assert second in stored_scans()


# The organization page, the center page and the list ------------------------------------


def test_the_organization_page_offers_an_application_only_when_it_may_apply(net, as_user):
    left = net.left.organization
    page = as_user(net.coordinator).get(left.get_absolute_url())
    link = f"{CREATE}?organization={left.public_id}"
    assert link in page.content.decode()
    assert "บันทึกใบสมัคร" in text_of(page)
    assert link not in as_user(net.chair).get(left.get_absolute_url()).content.decode()
    active = net.active.organization
    html = as_user(net.coordinator).get(active.get_absolute_url()).content.decode()
    assert f"{CREATE}?organization=" not in html  # already a member
    declined = net.declined.organization
    html = as_user(net.coordinator).get(declined.get_absolute_url()).content.decode()
    assert f"{CREATE}?organization={declined.public_id}" in html  # declined: may apply again


def test_the_organization_page_links_memberships_the_user_may_open(net, as_user):
    host = net.center.host  # its membership is with the province
    html = as_user(net.coordinator).get(host.get_absolute_url()).content.decode()
    membership = host.memberships.get()
    assert detail(membership) not in html
    html = as_user(net.admin).get(host.get_absolute_url()).content.decode()
    assert detail(membership) in html


def test_the_center_page_counts_pending_applications(net, as_user):
    response = as_user(net.coordinator).get(
        reverse("center_detail", args=[net.center.district.code])
    )
    text = text_of(response)
    assert "ใบสมัครรอพิจารณา 2 รายการ" in text  # two APPLIED groups
    assert f"{LIST}?center={net.center.pk}" in response.content.decode()


def test_observers_are_refused_the_list_with_a_reason(net, as_user):
    response = as_user(net.observer).get(LIST)
    assert response.status_code == 403
    assert "ใบสมัครสมาชิกเปิดดูได้เฉพาะ" in text_of(response)


def test_the_list_shows_pending_first_and_only_the_users_scope(net, as_user):
    response = as_user(net.coordinator).get(LIST)
    rows = response.context["page"].object_list
    statuses = [membership.status for membership in rows]
    pending = statuses.count(MembershipStatus.APPLIED)
    assert pending == 2 and set(statuses[:pending]) == {MembershipStatus.APPLIED}
    assert {membership.center.district.code for membership in rows} == {net.center.district.code}
    assert "บันทึกใบสมัคร" in text_of(response)
    declined = [m for m in rows if m.status == MembershipStatus.DECLINED]
    assert [m.organization.name for m in declined] == [net.declined.organization.name]


def test_a_representative_sees_only_the_groups_own(net, as_user):
    response = as_user(net.group_rep).get(LIST)
    names = {membership.organization.name for membership in response.context["page"].object_list}
    assert names == {net.rep_group.name}
    assert reverse("application_create") not in response.content.decode()


def test_the_list_filters_and_answers_htmx_with_the_results_only(net, as_user):
    client = as_user(net.admin)
    # The province is the network's one: its only pending application is the test's.
    Membership.objects.filter(center=province(), status=MembershipStatus.APPLIED).exclude(
        pk=net.shop.pk
    ).delete()
    response = client.get(LIST, {"status": "applied", "center": provincial_center().pk})
    names = [m.organization.name for m in response.context["page"].object_list]
    assert names == [net.shop.organization.name]
    fragment = client.get(LIST, {"status": "declined"}, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section id="application-results"')
    assert net.declined.organization.name in html and "<html" not in html
    empty = client.get(LIST, {"status": "suspended", "center": net.elsewhere.pk})
    assert "ไม่พบใบสมัครที่ตรงกับตัวกรอง" in text_of(empty)


def test_the_empty_list_tells_the_coordinator_what_to_do(net, as_user):
    client = as_user(net.hatyai_coord)
    Membership.objects.filter(center=net.elsewhere).delete()
    response = client.get(LIST)
    assert "ยังไม่มีใบสมัคร" in text_of(response)
    assert "กด “บันทึกใบสมัคร”" in text_of(response)


def test_the_application_pages_are_thai(net, as_user):
    client = as_user(net.admin)
    membership = net.applied
    active = net.active
    for url in (LIST, CREATE, detail(membership), detail(active)):
        assert visible_words(client.get(url).content.decode()) == set(), url
    response = client.post(mou(active), mou_data(**{"mou-scan": scan(content=b"x")}))
    assert visible_words(response.content.decode()) == set()


# Admin ----------------------------------------------------------------------------------


def test_admin_shows_the_decision_and_the_mou_and_its_action_records_who(net, as_user):
    client = as_user(net.admin)
    membership = net.declined
    page = text_of(client.get(reverse("admin:centers_membership_change", args=[membership.pk])))
    assert "ผู้พิจารณาใบสมัคร" in page and net.chair.username in page  # read-only
    assert DECLINED_REASON in page
    assert "บันทึกข้อตกลงความร่วมมือ" in page
    history = client.get(reverse("admin:centers_membership_history", args=[membership.pk]))
    assert "ยื่นใบสมัคร" in text_of(history) and "ไม่อนุมัติใบสมัคร" in text_of(history)
    assert visible_words(history.content.decode()) == set()  # labels, not status codes
    application = net.applied
    client.post(
        reverse("admin:centers_membership_changelist"),
        {"action": "approve_applications", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == MembershipStatus.ACTIVE
    assert application.decided_by == net.admin


# Query counts ---------------------------------------------------------------------------


def grow(net, count: int) -> None:
    coordinator = net.coordinator
    chair = net.chair
    rattaphum = net.center
    for index in range(count):
        group = OrganizationFactory(district=rattaphum.district)
        if index % 2:
            MembershipFactory(
                organization=group,
                center=rattaphum,
                status=MembershipStatus.APPLIED,
                joined_on=None,
                recorded_by=coordinator,
            )
        else:
            MembershipFactory(
                organization=group, center=rattaphum, recorded_by=coordinator, decided_by=chair
            )
        coop = OrganizationFactory(
            kind=OrganizationKind.SAVINGS_COOP, district=district_of(province())
        )
        MembershipFactory(organization=coop, center=provincial_center(), decided_by=chair)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("username", ["admin", "coordinator"])
@pytest.mark.parametrize("query", ["", "?status=applied", "?status=active&center=__center__"])
def test_the_list_runs_a_constant_number_of_queries(net, as_user, username, query):
    client = as_user(getattr(net, username))
    url = LIST + query.replace("__center__", str(net.center.pk))
    grow(net, 3)
    small = queries(client, url)
    grow(net, 30)
    large = queries(client, url)
    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    assert large <= 14


def test_the_detail_and_organization_pages_are_constant(net, as_user):
    client = as_user(net.admin)
    membership = net.active
    small = queries(client, detail(membership))
    for day in range(5):
        services.mou_record(
            membership=membership,
            signed_on=datetime.date(2026, 3, 1 + day),
            signatories=f"ผู้ลงนาม {day}",
            scan=scan(),
        )
    assert queries(client, detail(membership)) == small


# Two decisions at once ------------------------------------------------------------------


@needs_two_connections
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_decisions_cannot_both_land():
    """The chair approves while an admin declines: the decline waits for the approval's
    row lock, then sees the application decided and changes nothing."""
    seed_demo()  # the reference data the flush took (districts, the province)
    net = build_network()
    membership = net.applied
    chair = net.chair
    admin = net.admin
    approval_holds_lock, release_approval = threading.Event(), threading.Event()
    outcome = {}

    def approve_slowly():
        try:
            with transaction.atomic():
                services.application_approve(
                    membership=membership, joined_on=datetime.date(2026, 3, 5), by=chair
                )
                approval_holds_lock.set()
                release_approval.wait(10)
        finally:
            connections.close_all()

    def decline():
        try:
            services.application_decline(membership=membership, reason="ขาดเอกสาร", by=admin)
            outcome["result"] = "declined"
        except ValidationError as refusal:
            outcome["result"] = " ".join(refusal.messages)
        finally:
            connections.close_all()

    approver = threading.Thread(target=approve_slowly)
    approver.start()
    assert approval_holds_lock.wait(10)
    decliner = threading.Thread(target=decline)
    decliner.start()
    decliner.join(0.5)
    assert decliner.is_alive(), "the decline must wait for the approval's lock"
    release_approval.set()
    approver.join(10)
    decliner.join(10)

    assert outcome["result"] == "ใบสมัครนี้พิจารณาแล้ว (สถานะ “เป็นสมาชิก”) จึงพิจารณาซ้ำไม่ได้"
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_by == chair and membership.decision_reason == ""
