"""Who may open what: every URL of the project × every demo role.

The matrix is checked against the URL configuration itself, so a URL added without
an entry here fails test_every_url_is_in_the_matrix.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from centers.models import CommitteeMembership
from members.models import Organization
from transactions.purchases.models import PurchaseRound

from .permission_helpers import (
    EVERYONE_SIGNED_IN,
    LOGIN,
    ROLES,
    ROUND_OWNERS,
    org,
    outcomes,
    url,
)
from .permission_rows import applications, baseline, notifications, rosters

RATTAPHUM_BOARD = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"
PROVINCIAL_BOARD = "คณะกรรมการศูนย์ประสานงานเครือข่ายระดับจังหวัด"


def held_meeting(committee_name):
    from meetings.models import Meeting

    return (
        Meeting.objects.filter(committee__name=committee_name, status="held")
        .order_by("-starts_at")
        .first()
    )


def meeting_url(name, committee_name=RATTAPHUM_BOARD):
    def make():
        meeting = held_meeting(committee_name)
        if name == "agenda_item":
            return reverse(name, args=[meeting.pk, meeting.agenda.first().pk])
        if name == "action_follow_up":
            action = meeting.committee.action_items.first()
            return reverse(name, args=[meeting.pk, action.pk])
        if name == "committee_meetings":
            return reverse(name, args=[meeting.committee_id])
        return reverse(name, args=[meeting.pk])

    return make


def attachment_url():
    from django.core.files.base import ContentFile

    from meetings.models import Attachment

    item = held_meeting(RATTAPHUM_BOARD).agenda.first()
    document = Attachment(item=item, name="แผนการซื้อปุ๋ย.pdf", content_type="application/pdf", size=9)
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return reverse("meeting_attachment", args=[document.pk])


def feed_url(username):
    def make():
        from meetings.views import feed_token

        return reverse("meeting_feed", args=[feed_token(User.objects.get(username=username))])

    return make


# Who reads the Rattaphum committee's meetings: its members and center staff, and the
# province-wide roles; another district's coordinator does not know it exists.
RATTAPHUM_MEETING_READERS = {
    "anonymous": LOGIN, "admin": 200, "prov_marketing": 200, "prov_coord": 200,
    "rattaphum_coord": 200, "rattaphum_chair": 200, "hatyai_coord": 404, "group_rep": 403,
    "observer": 403,
}  # fmt: skip
RATTAPHUM_MEETING_PREPARERS = RATTAPHUM_MEETING_READERS | {
    "prov_marketing": 403, "prov_coord": 403, "rattaphum_chair": 403,
}  # fmt: skip
OPEN_ROUND = "ซื้อปุ๋ยร่วมกัน รอบเดือนธันวาคม 2569"  # provincial, open (seed_demo)
DISTRICT_ROUND = "ซื้อน้ำกรดฟอร์มิกร่วมกัน อำเภอรัตภูมิ"  # Rattaphum's own round


def purchase(name, title, *args):
    def make():
        purchase_round = PurchaseRound.objects.get(title=title)
        extra = [purchase_round.items.first().pk] if name == "purchase_item_tiers" else []
        return reverse(name, args=[purchase_round.pk, *extra, *args])

    return make


# (URL name, a concrete URL, expected status per role). One name may have several rows.
MATRIX = [
    ("home", url("home"), EVERYONE_SIGNED_IN),
    ("login", url("login"), {role: 200 for role in ROLES}),
    ("health", url("health"), {role: 200 for role in ROLES}),
    ("logout", url("logout"), EVERYONE_SIGNED_IN),
    ("password_change", url("password_change"), EVERYONE_SIGNED_IN),
    ("password_change_done", url("password_change_done"), EVERYONE_SIGNED_IN),
    ("network_home", url("network_home"), EVERYONE_SIGNED_IN),
    (
        "center_detail",
        url("center_detail", "9009"),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=403,
            observer=403,
        ),
    ),
    (
        "center_detail",
        url("center_detail", "9011"),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=200, group_rep=403,
            observer=403,
        ),
    ),
    (
        "organization_list",
        url("organization_list"),
        EVERYONE_SIGNED_IN | {"observer": 403},
    ),
    (
        "organization_detail",
        org("สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"),  # a Rattaphum group
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=404,
            observer=403,
        ),
    ),
    (
        "organization_detail",
        org("กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"),  # group_rep's own group
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=200,
            observer=403,
        ),
    ),
    (
        "organization_detail",
        org("กลุ่มแม่บ้านเกษตรกรบ้านฉลุง"),  # a Hat Yai group
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=200, group_rep=404,
            observer=403,
        ),
    ),
    (
        "organization_detail",
        org("สหกรณ์ออมทรัพย์ครูสงขลา จำกัด"),  # a provincial-level member
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=404, group_rep=404,
            observer=403,
        ),
    ),
    ("purchase_round_list", url("purchase_round_list"), EVERYONE_SIGNED_IN),
    (
        "purchase_catalogue",
        url("purchase_catalogue"),
        EVERYONE_SIGNED_IN | {"observer": 403},
    ),
    (
        "purchase_round_create",
        url("purchase_round_create"),
        EVERYONE_SIGNED_IN | {"rattaphum_chair": 403, "group_rep": 403, "observer": 403},
    ),
    ("purchase_round_detail", purchase("purchase_round_detail", OPEN_ROUND), EVERYONE_SIGNED_IN),
    (
        "purchase_round_detail",
        purchase("purchase_round_detail", DISTRICT_ROUND),
        EVERYONE_SIGNED_IN | {"hatyai_coord": 404},
    ),
    *(
        (name, purchase(name, OPEN_ROUND), ROUND_OWNERS)
        for name in ("purchase_round_edit", "purchase_item_tiers", "purchase_round_copy")
    ),
    *(
        (name, purchase(name, DISTRICT_ROUND), outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=403, prov_coord=403,
            rattaphum_coord=200, rattaphum_chair=403, hatyai_coord=404, group_rep=403,
            observer=403,
        ))
        for name in ("purchase_round_edit", "purchase_round_copy")
    ),
    *(
        (name, purchase(name, OPEN_ROUND, *args), EVERYONE_SIGNED_IN | {
            role: 405 for role in ROLES if role != "anonymous"
        })
        for name, args in (
            ("purchase_round_transition", ()),
            ("purchase_order_submit", ("9009",)),
            ("purchase_order_return", ("9009",)),
        )
    ),
    *(
        (name, purchase(name, OPEN_ROUND, "9009"), outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=403,
            observer=403,
        ))
        for name in ("purchase_order_entry", "purchase_district_receiving")
    ),
    (
        "purchase_order_entry",
        purchase("purchase_order_entry", OPEN_ROUND, "9011"),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=200, group_rep=403,
            observer=403,
        ),
    ),
    (
        "purchase_order_entry",
        purchase("purchase_order_entry", DISTRICT_ROUND, "9011"),  # not in Rattaphum's round
        outcomes(
            anonymous=LOGIN, admin=404, prov_marketing=404, prov_coord=404,
            rattaphum_coord=404, rattaphum_chair=404, hatyai_coord=404, group_rep=404,
            observer=404,
        ),
    ),
    (
        "purchase_deliveries",
        purchase("purchase_deliveries", OPEN_ROUND),
        EVERYONE_SIGNED_IN | {"group_rep": 403, "observer": 403},
    ),
    *(
        (name, purchase(name, OPEN_ROUND), ROUND_OWNERS | {"prov_marketing": 200})
        for name in ("purchase_order_pdf", "purchase_orders_xlsx", "purchase_orders_csv")
    ),
    (
        "purchase_orders_xlsx",
        purchase("purchase_orders_xlsx", DISTRICT_ROUND),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=403,
            observer=403,
        ),
    ),
    ("meetings_home", url("meetings_home"), EVERYONE_SIGNED_IN),
    *(
        (name, meeting_url(name), RATTAPHUM_MEETING_READERS)
        for name in (
            "committee_meetings", "meeting_detail", "agenda_item", "meeting_minutes_pdf",
            "meeting_ics",
        )
    ),
    *(
        (name, meeting_url(name), RATTAPHUM_MEETING_PREPARERS)
        for name in ("meeting_edit", "meeting_attendance")
    ),
    *(
        (name, meeting_url(name), EVERYONE_SIGNED_IN | {
            role: 405 for role in ROLES if role != "anonymous"
        })
        for name in (
            "agenda_add", "action_follow_up", "meeting_approve", "meeting_amend", "meeting_next",
        )
    ),
    (
        "meeting_detail",
        meeting_url("meeting_detail", PROVINCIAL_BOARD),
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=403, rattaphum_chair=403, hatyai_coord=403, group_rep=403,
            observer=403,
        ),
    ),
    ("meeting_attachment", attachment_url, RATTAPHUM_MEETING_READERS),
    ("meeting_feed", feed_url("rattaphum_coord"), {role: 200 for role in ROLES}),
    (
        "meeting_feed",
        url("meeting_feed", "not-a-signed-token"),
        {role: 404 for role in ROLES},
    ),
    ("report_home", url("report_home"), EVERYONE_SIGNED_IN),
    ("report_dashboard", url("report_dashboard"), EVERYONE_SIGNED_IN | {"group_rep": 403}),
    ("network_map", url("network_map"), EVERYONE_SIGNED_IN),
    (
        "network_map",
        lambda: reverse("network_map") + "?district=9009",
        outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=403,
            observer=403,
        ),
    ),
    ("center_report", url("center_report", "province", 2569, 10), EVERYONE_SIGNED_IN),
    *(
        (name, url(name, "9009", 2569, 10), outcomes(
            anonymous=LOGIN, admin=200, prov_marketing=200, prov_coord=200,
            rattaphum_coord=200, rattaphum_chair=200, hatyai_coord=404, group_rep=403,
            observer=200,
        ))
        for name in ("center_report", "report_pdf", "report_xlsx")
    ),
    *(
        (name, url(name, "9009", 2569, 10), EVERYONE_SIGNED_IN | {
            role: 405 for role in ROLES if role != "anonymous"
        })
        for name in ("report_review", "report_sign")
    ),
    *applications.ROWS,
    *rosters.ROWS,
    *baseline.ROWS,
    *notifications.ROWS,
]  # fmt: skip


def project_url_names(patterns=None, namespace=""):
    """Every named URL pattern outside Django admin (admin is tested below as a whole)."""
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            if inner == "admin":
                continue
            names |= project_url_names(entry.url_patterns, inner or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def test_every_url_is_in_the_matrix():
    assert project_url_names() == {name for name, _, _ in MATRIX}


def client_for(client, role):
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))
    return client


CASES = [
    pytest.param(name, make_url, role, expected[role], id=f"{name}{index}-{role}")
    for index, (name, make_url, expected) in enumerate(MATRIX)
    for role in ROLES
]


@pytest.mark.parametrize(("name", "make_url", "role", "expected"), CASES)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_permission_matrix(client, demo, name, make_url, role, expected, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for(client, role).get(make_url(), **headers)
    if response.streaming:
        # Reading a file download to its end closes its file (the test client's wrapper
        # closes the response without ending the test's database connection).
        b"".join(response.streaming_content)
    assert response.status_code == expected
    if expected == LOGIN and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if expected in (403, 404):
        # A refusal never carries the object's data, and says why in Thai.
        body = response.content.decode()
        assert "ไม่มีสิทธิ์" in body or "ไม่พบ" in body


ADMIN_PAGES = [
    "admin:index",
    "admin:members_organization_changelist",
    "admin:centers_membership_changelist",
]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_only_network_admins_enter_django_admin(client, demo, role, page):
    response = client_for(client, role).get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith((reverse("admin:login"), reverse("login")))


# Cross-district: rattaphum_coord and Hat Yai ------------------------------------------


def test_rattaphum_coordinator_never_sees_hat_yai_in_lists(client, demo):
    client = client_for(client, "rattaphum_coord")
    for query in [{}, {"district": "9011"}, {"q": "ฉลุง"}, {"status": "active"}]:
        page = client.get(reverse("organization_list"), query)
        districts = {o.district.code for o in page.context["page"].object_list}
        assert districts <= {"9009"}, query
        fragment = client.get(reverse("organization_list"), query, HTTP_HX_REQUEST="true")
        assert "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง" not in fragment.content.decode()
        assert "หาดใหญ่" not in fragment.content.decode()


def test_district_choices_offer_only_the_users_district(client, demo):
    response = client_for(client, "rattaphum_coord").get(reverse("organization_list"))
    html = response.content.decode()
    assert 'value="9009"' in html and 'value="9011"' not in html


def test_rattaphum_coordinator_cannot_change_a_hat_yai_organization_in_admin(client, demo):
    group = Organization.objects.get(name="กลุ่มแม่บ้านเกษตรกรบ้านฉลุง")
    client = client_for(client, "rattaphum_coord")
    change = reverse("admin:members_organization_change", args=[group.pk])
    assert client.get(change).status_code == 302
    response = client.post(
        change, {"name": "ถูกแก้ไข", "kind": group.kind, "district": group.district_id}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง"


def test_rattaphum_coordinator_cannot_see_hat_yai_people(client, demo):
    client = client_for(client, "rattaphum_coord")
    hat_yai = client.get(reverse("center_detail", args=["9011"]))
    assert hat_yai.status_code == 404
    assert "อับดุลเลาะ" not in hat_yai.content.decode()  # Hat Yai's chair
    network = client.get(reverse("network_home")).content.decode()
    assert "อับดุลเลาะ" not in network


@pytest.mark.parametrize("role", ["rattaphum_coord", "group_rep", "observer"])
def test_non_staff_posts_to_admin_change_nothing(client, demo, role):
    """Every admin change page refuses a non-staff POST; the object is reloaded unchanged."""
    from django.contrib import admin
    from django.forms.models import model_to_dict

    client = client_for(client, role)
    for model in admin.site._registry:
        obj = model.objects.first()
        if obj is None:
            continue
        before = model_to_dict(obj)
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = client.post(url, {"name": "ถูกแก้ไข", "username": "x", "first_name": "x"})
        assert response.status_code == 302, url
        obj.refresh_from_db()
        assert model_to_dict(obj) == before, url


def test_a_seat_on_another_working_group_gives_no_role(client, demo):
    from centers.models import Center, Committee, CommitteeKind, Position
    from members.models import Person

    group = Committee.objects.create(
        center=Center.objects.get(level="provincial"),
        kind=CommitteeKind.OTHER,
        name="คณะทำงานจัดงานประจำปี",
    )
    observer = User.objects.get(username="observer")
    person = Person.objects.create(first_name="ปิยะนุช", last_name="วงศ์วิทยา", user=observer)
    CommitteeMembership.objects.create(
        committee=group, person=person, position=Position.MEMBER,
        term_start=datetime.date(2025, 1, 1),
    )  # fmt: skip
    client = client_for(client, "observer")
    assert client.get(reverse("organization_list")).status_code == 403


def test_a_coordinator_whose_assignment_ended_loses_access(client, demo):
    from centers.models import StaffAssignment

    client = client_for(client, "rattaphum_coord")
    page = reverse("organization_list")
    assert client.get(page).status_code == 200
    StaffAssignment.objects.filter(user__username="rattaphum_coord").update(
        ends_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    CommitteeMembership.objects.filter(person__user__username="rattaphum_coord").update(
        term_end=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert client.get(page).status_code == 403


def test_a_provincial_member_whose_term_ended_loses_access(client, demo):
    client = client_for(client, "prov_marketing")
    page = reverse("center_detail", args=["9011"])
    assert client.get(page).status_code == 200
    CommitteeMembership.objects.filter(person__user__username="prov_marketing").update(
        term_end=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert client.get(page).status_code == 403


# Terms and personal data --------------------------------------------------------------


def test_a_committee_member_whose_term_ended_loses_access_on_the_next_request(client, demo):
    client = client_for(client, "rattaphum_chair")
    page = reverse("center_detail", args=["9009"])
    assert client.get(page).status_code == 200
    seat = CommitteeMembership.objects.get(person__user__username="rattaphum_chair")
    seat.term_end = datetime.date.today() - datetime.timedelta(days=1)
    seat.save()
    assert client.get(page).status_code == 403
    assert client.get(reverse("organization_list")).status_code == 403


def test_phones_are_shown_to_the_coordinator_and_masked_for_committee_members(client, demo):
    group = Organization.objects.get(name="สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด")
    coordinator = client_for(client, "rattaphum_coord").get(group.get_absolute_url())
    assert "089-765-4301" in coordinator.content.decode()
    client.logout()
    chair = client_for(client, "prov_marketing").get(group.get_absolute_url())
    html = chair.content.decode()
    assert "089-765-4301" not in html and "0xx-xxx-xx01" in html


def test_observer_sees_figures_but_no_names(client, demo):
    response = client_for(client, "observer").get(reverse("network_home"))
    html = response.content.decode()
    assert "ประเสริฐ" not in html  # provincial chair's name
    assert "รายชื่อกรรมการแสดงเฉพาะผู้ที่มีบทบาทในเครือข่าย" in html
    rattaphum = next(c for c in response.context["district_centers"] if c.district.code == "9009")
    assert rattaphum.active_total == 8
    assert 'href="/network/districts/' not in html  # no link to a page they may not open


def test_the_round_decision_agrees_with_the_visible_rounds(demo):
    """round_decision decides one round without a query; visible_rounds gives the list.
    They must agree for every demo user and round: drafts and published rounds of the
    province, of the user's own district and of another."""
    from centers.scope import Decision
    from transactions.purchases import policy
    from transactions.purchases.models import RoundStatus

    from .purchase_helpers import district, make_round, province

    for center in (province(), district("9009"), district("9011")):
        for status in (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.SETTLED):
            make_round(center=center, status=status)
    rounds = list(PurchaseRound.objects.select_related("center"))
    for username in [role for role in ROLES if role != "anonymous"]:
        user = User.objects.get(username=username)
        visible = set(policy.visible_rounds(user).values_list("pk", flat=True))
        for purchase_round in rounds:
            user = User.objects.get(username=username)  # a fresh scope each time
            allowed = policy.round_decision(user, purchase_round) is Decision.ALLOW
            assert allowed == (purchase_round.pk in visible), (username, purchase_round)
