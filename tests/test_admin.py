"""Django admin: every model reachable in Thai, and the same rules as the pages."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from zeal import zeal_ignore

from centers.models import Membership, MembershipStatus
from members.models import Organization, OrganizationKind

from .factories import MembershipFactory, OrganizationFactory, district, district_center
from .test_network_pages import text_of

MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"members", "centers"}
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_thai_admin_pages(admin_client_demo, model):
    opts = model._meta
    assert not opts.verbose_name.isascii() and not opts.verbose_name_plural.isascii()
    for field in opts.get_fields():
        if getattr(field, "verbose_name", None) and field.concrete and not field.auto_created:
            assert not str(field.verbose_name).isascii(), f"{opts.label}.{field.name}"
    changelist = admin_client_demo.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = admin_client_demo.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200


def organization_form(**overrides):
    data = {
        "name": "กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่",
        "kind": OrganizationKind.SAVINGS_GROUP,
        "district": district("9009").pk,
        "registration_number": "",
        "address": "",
        "phone": "",
        "member_count": "๑๒๐",
        "founded_on": "24/11/2569",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        "representatives-TOTAL_FORMS": "0",
        "representatives-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def membership_row(index, center, status="active", **overrides):
    row = {
        "center": center.pk,
        "status": status,
        "applied_on": "01/01/2567",
        "joined_on": "01/02/2567" if status != "applied" else "",
        "decided_on": "01/02/2567" if status != "applied" else "",
        "mou_signed_on": "",
        "left_on": "",
        "note": "",
    }
    row.update(overrides)
    return {f"memberships-{index}-{key}": value for key, value in row.items()}


def test_a_be_date_typed_in_admin_is_stored_as_the_right_day(admin_client_demo):
    response = admin_client_demo.post(
        reverse("admin:members_organization_add"), organization_form()
    )
    assert response.status_code == 302, text_of(response)
    organization = Organization.objects.get(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่")
    assert organization.founded_on == datetime.date(2026, 11, 24)
    assert organization.member_count == 120  # Thai digits mean the same as 0-9


def test_admin_date_field_shows_the_be_year_and_no_ce_calendar(admin_client_demo):
    organization = OrganizationFactory(founded_on=datetime.date(2005, 2, 27))
    response = admin_client_demo.get(
        reverse("admin:members_organization_change", args=[organization.pk])
    )
    html = response.content.decode()
    assert 'value="27/02/2548"' in html
    assert "vDateField" not in html  # the admin calendar would write CE years


def test_a_ce_year_in_admin_gets_a_clear_message_and_nothing_is_saved(admin_client_demo):
    response = admin_client_demo.post(
        reverse("admin:members_organization_add"), organization_form(founded_on="24/11/2026")
    )
    assert response.status_code == 200
    assert "ปี 2026 เป็นปี ค.ศ." in text_of(response)
    assert not Organization.objects.filter(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่").exists()


def test_admin_refuses_a_group_joining_the_provincial_center_and_saves_nothing(admin_client_demo):
    from .factories import provincial_center

    data = organization_form(**{"memberships-TOTAL_FORMS": "1"})
    data.update(membership_row(0, provincial_center()))
    response = admin_client_demo.post(reverse("admin:members_organization_add"), data)
    assert response.status_code == 200
    assert "ไม่เชื่อมกับระดับจังหวัดโดยตรง" in text_of(response)
    assert not Organization.objects.filter(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่").exists()


def test_admin_saves_a_valid_organization_with_its_membership(admin_client_demo):
    data = organization_form(**{"memberships-TOTAL_FORMS": "1"})
    data.update(membership_row(0, district_center("9009")))
    response = admin_client_demo.post(reverse("admin:members_organization_add"), data)
    assert response.status_code == 302, text_of(response)
    membership = Membership.objects.get(organization__name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่")
    assert membership.center == district_center("9009")
    assert membership.joined_on == datetime.date(2024, 2, 1)


def test_admin_refuses_two_active_rows_in_one_submission(admin_client_demo):
    data = organization_form(**{"memberships-TOTAL_FORMS": "2"})
    data.update(membership_row(0, district_center("9009")))
    data.update(membership_row(1, district_center("9011")))
    # Django's inline formset looks up each row's center on its own: allowed here.
    with zeal_ignore([{"model": "centers.Center", "field": "*"}]):
        response = admin_client_demo.post(reverse("admin:members_organization_add"), data)
    assert response.status_code == 200
    assert "เป็นสมาชิกได้เพียงศูนย์เดียว" in text_of(response)
    assert not Organization.objects.filter(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่").exists()


def test_membership_admin_refuses_a_hat_yai_group_in_rattaphum(admin_client_demo):
    group = OrganizationFactory(kind=OrganizationKind.HOUSEWIFE_GROUP, district=district("9011"))
    response = admin_client_demo.post(
        reverse("admin:centers_membership_add"),
        {
            "organization": group.pk,
            "center": district_center("9009").pk,
            "status": "applied",
            "applied_on": "01/03/2569",
            "joined_on": "",
            "left_on": "",
            "mou_signed_on": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "เป็นสมาชิกได้เฉพาะศูนย์ระดับอำเภอหาดใหญ่" in text_of(response)
    assert not Membership.objects.filter(organization=group).exists()


def test_approve_action_activates_applications_and_explains_refusals(admin_client_demo):
    applied = MembershipFactory(
        center=district_center("9009"), status=MembershipStatus.APPLIED, joined_on=None
    )
    active = MembershipFactory(center=district_center("9009"))
    response = admin_client_demo.post(
        reverse("admin:centers_membership_changelist"),
        {"action": "approve_applications", "_selected_action": [applied.pk, active.pk]},
        follow=True,
    )
    text = text_of(response)
    assert "อนุมัติแล้ว 1 รายการ" in text
    assert "สถานะไม่ใช่ “ยื่นใบสมัคร”" in text
    applied.refresh_from_db()
    assert applied.status == MembershipStatus.ACTIVE
    assert applied.joined_on is not None


def test_approve_action_keeps_the_two_tier_rule(admin_client_demo):
    """An applied group whose organization is already active elsewhere stays applied."""
    group = OrganizationFactory(district=district("9009"))
    MembershipFactory(
        organization=group,
        center=district_center("9009"),
        status=MembershipStatus.LEFT,
        left_on=datetime.date(2024, 6, 1),
    )
    application = MembershipFactory(
        organization=group,
        center=district_center("9009"),
        status=MembershipStatus.APPLIED,
        joined_on=None,
        applied_on=datetime.date(2024, 7, 1),
    )
    group.kind = OrganizationKind.SHOP_COOP  # changed behind the model's back
    Organization.objects.filter(pk=group.pk).update(kind=OrganizationKind.SHOP_COOP)
    response = admin_client_demo.post(
        reverse("admin:centers_membership_changelist"),
        {"action": "approve_applications", "_selected_action": [application.pk]},
        follow=True,
    )
    assert "ไม่ใช่ศูนย์ระดับอำเภอ" in text_of(response)
    application.refresh_from_db()
    assert application.status == MembershipStatus.APPLIED


def test_a_plain_date_field_fails_the_system_check():
    from django.db import models

    from songkhla_network.checks import dates_are_buddhist_era

    class Sneaky(models.Model):  # noqa: DJ008
        day = models.DateField()

        class Meta:
            app_label = "members"

    try:
        errors = dates_are_buddhist_era(None)
        assert [error.id for error in errors] == ["songkhla.E001"]
    finally:
        from django.apps import apps

        del apps.all_models["members"]["sneaky"]
        apps.clear_cache()


def test_admin_lists_show_be_dates(admin_client_demo):
    response = admin_client_demo.get(reverse("admin:centers_membership_changelist"))
    text = text_of(response)
    assert "31 พฤษภาคม 2547" in text
    assert "2004" not in text


def test_admin_refuses_two_open_rows_for_the_same_center(admin_client_demo):
    data = organization_form(**{"memberships-TOTAL_FORMS": "2"})
    data.update(membership_row(0, district_center("9009"), status="applied"))
    data.update(membership_row(1, district_center("9009")))
    with zeal_ignore([{"model": "centers.Center", "field": "*"}]):
        response = admin_client_demo.post(reverse("admin:members_organization_add"), data)
    assert response.status_code == 200
    assert "มีสมาชิกภาพที่ยังไม่สิ้นสุดได้เพียงรายการเดียว" in text_of(response)
    assert not Organization.objects.filter(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่").exists()


def test_approving_needs_the_change_permission(client, demo):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_membership"))
    client.force_login(viewer)
    application = MembershipFactory(
        center=district_center("9009"), status=MembershipStatus.APPLIED, joined_on=None
    )
    client.post(
        reverse("admin:centers_membership_changelist"),
        {"action": "approve_applications", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == MembershipStatus.APPLIED


def test_an_approval_is_recorded_in_the_admin_history(admin_client_demo):
    from django.contrib.admin.models import LogEntry

    application = MembershipFactory(
        center=district_center("9009"), status=MembershipStatus.APPLIED, joined_on=None
    )
    admin_client_demo.post(
        reverse("admin:centers_membership_changelist"),
        {"action": "approve_applications", "_selected_action": [application.pk]},
    )
    entry = LogEntry.objects.get(object_id=str(application.pk))
    assert entry.get_change_message() == "อนุมัติใบสมัคร เปลี่ยนสถานะเป็น “เป็นสมาชิก”"


def test_user_admin_dates_are_shown_in_be_and_not_typed(admin_client_demo):
    from django.contrib.auth.models import User

    user = User.objects.get(username="observer")
    User.objects.filter(pk=user.pk).update(
        date_joined=datetime.datetime(2026, 11, 24, 3, 0, tzinfo=datetime.UTC)
    )
    response = admin_client_demo.get(reverse("admin:auth_user_change", args=[user.pk]))
    html = response.content.decode()
    assert 'name="date_joined' not in html and 'name="last_login' not in html
    assert "24 พฤศจิกายน 2569" in text_of(response)


def committee_form(center, seats):
    data = {
        "center": center.pk,
        "kind": "other",
        "name": "คณะทำงานสำรวจตลาด",
        "members-TOTAL_FORMS": str(len(seats)),
        "members-INITIAL_FORMS": "0",
    }
    for index, (person, position) in enumerate(seats):
        data.update(
            {
                f"members-{index}-person": person.pk,
                f"members-{index}-position": position,
                f"members-{index}-term_start": "01/01/2569",
                f"members-{index}-term_end": "",
            }
        )
    return data


def test_a_new_committee_gets_one_chair(admin_client_demo):
    from centers.models import Committee

    from .factories import PersonFactory

    rattaphum = district_center("9009")
    seats = [(PersonFactory(), "chair"), (PersonFactory(), "chair")]
    with zeal_ignore():
        response = admin_client_demo.post(
            reverse("admin:centers_committee_add"), committee_form(rattaphum, seats)
        )
    assert response.status_code == 200
    assert "มีประธานในช่วงวาระเดียวกันได้คนเดียว" in text_of(response)
    assert not Committee.objects.filter(name="คณะทำงานสำรวจตลาด").exists()


def test_a_new_district_committee_refuses_a_person_from_another_district(admin_client_demo):
    from centers.models import Committee

    from .factories import PersonFactory

    outsider = PersonFactory(organization=OrganizationFactory(district=district("9011")))
    with zeal_ignore():
        response = admin_client_demo.post(
            reverse("admin:centers_committee_add"),
            committee_form(district_center("9009"), [(outsider, "member")]),
        )
    assert response.status_code == 200
    assert "ต้องมาจากองค์กรในอำเภอรัตภูมิ" in text_of(response)
    assert not Committee.objects.filter(name="คณะทำงานสำรวจตลาด").exists()


def test_a_membership_made_active_in_admin_records_who_decided(admin_client_demo):
    """Typing a decision date and "เป็นสมาชิก" in admin is a decision: the admin who saves
    it is its decider (shown read-only), as the approve action and the pages record."""
    from django.contrib.auth.models import User

    application = MembershipFactory(
        center=district_center("9009"), status=MembershipStatus.APPLIED, joined_on=None
    )
    url = reverse("admin:centers_membership_change", args=[application.pk])
    page = admin_client_demo.get(url).content.decode()
    assert 'name="decided_by"' not in page  # read-only: nobody types a decider
    response = admin_client_demo.post(
        url,
        {
            "organization": application.organization.pk,
            "center": application.center.pk,
            "status": "active",
            "note": "",
            "applied_on": "10/01/2567",
            "decided_on": "01/02/2567",
            "decision_reason": "",
            "joined_on": "01/02/2567",
            "left_on": "",
            "mou_signed_on": "",
            "mou_signatories": "",
        },
    )
    assert response.status_code == 302, text_of(response)
    application.refresh_from_db()
    assert application.status == MembershipStatus.ACTIVE
    assert application.decided_by == User.objects.get(username="admin")
    assert "admin" in text_of(admin_client_demo.get(url))


def test_a_row_made_active_in_the_organization_inline_records_who_decided(admin_client_demo):
    from django.contrib.auth.models import User

    group = OrganizationFactory(district=district("9009"))
    application = MembershipFactory(
        organization=group,
        center=district_center("9009"),
        status=MembershipStatus.APPLIED,
        joined_on=None,
    )
    data = organization_form(
        name=group.name,
        member_count="50",
        founded_on="",
        **{"memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1"},
    )
    data.update(membership_row(0, district_center("9009"), applied_on="10/01/2567"))
    data["memberships-0-id"] = application.pk
    data["memberships-0-organization"] = group.pk
    url = reverse("admin:members_organization_change", args=[group.pk])
    assert "rattaphum_chair" not in text_of(admin_client_demo.get(url))
    response = admin_client_demo.post(url, data)
    assert response.status_code == 302, text_of(response)
    application.refresh_from_db()
    assert application.status == MembershipStatus.ACTIVE
    assert application.decided_by == User.objects.get(username="admin")
    # A decider already recorded is never replaced (here: the row is suspended later).
    application.decided_by = User.objects.get(username="rattaphum_chair")
    application.save()
    data["memberships-0-status"] = "suspended"
    response = admin_client_demo.post(url, data)
    assert response.status_code == 302, text_of(response)
    application.refresh_from_db()
    assert application.status == MembershipStatus.SUSPENDED
    assert application.decided_by.username == "rattaphum_chair"


def test_a_sent_rounds_products_and_prices_are_read_only_in_admin(admin_client_demo):
    """Admin keeps a round's prices as the round's page does once they are locked: what
    the supplier was sent, and the dashboard's stored totals, stay as they were."""
    from transactions.purchases.models import RoundStatus

    from .purchase_helpers import make_round

    open_round = make_round()
    page = admin_client_demo.get(
        reverse("admin:transactions_purchaseround_change", args=[open_round.pk])
    ).content.decode()
    assert 'name="items-0-unit_price"' in page

    sent = make_round(status=RoundStatus.ORDERED)
    url = reverse("admin:transactions_purchaseround_change", args=[sent.pk])
    response = admin_client_demo.get(url)
    assert 'name="items-0-unit_price"' not in response.content.decode()
    assert sent.items.first().product.name in text_of(response)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/transactions/product/", "/admin/catalogue/product/"),
        ("/admin/transactions/product/1/change/", "/admin/catalogue/product/1/change/"),
        ("/admin/transactions/partner/1/history/", "/admin/catalogue/partner/1/history/"),
        ("/admin/transactions/support/?q=%E0%B8%AD", "/admin/catalogue/support/?q=%E0%B8%AD"),
        ("/admin/transactions/productinterest/", "/admin/catalogue/productinterest/"),
    ],
)
def test_the_catalogues_old_admin_addresses_lead_to_its_pages(admin_client_demo, old, new):
    """Products, prices, partners and supports were purchasing's in admin until the
    catalogue became its own app (issue 15): a bookmark still arrives."""
    response = admin_client_demo.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    with zeal_ignore():  # Django admin's own pages (an inline's row labels), as before
        assert admin_client_demo.get(new).status_code == 200
    purchases = admin_client_demo.get("/admin/transactions/purchaseround/")
    assert purchases.status_code == 200
