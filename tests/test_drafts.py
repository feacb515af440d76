"""Nothing typed is lost on a bad connection (issue 14), the server's part: the long
forms a coordinator fills on a phone opt into the browser's drafts (static/js/keep.js),
say which saves they recorded, and a form sent again after a lost answer is saved once.
The browser's part is in tests/browser/test_bad_connection.py."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from members.rosters.models import RosterMember

from .factories import (
    FIVE_SEATS,
    CommitteeFactory,
    DistrictCenterFactory,
    PurchaseRoundFactory,
    RosterFactory,
    member_groups,
    seat_user,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rattaphum():
    """A district center of the test's own, standing for Rattaphum."""
    return DistrictCenterFactory()


@pytest.fixture
def coordinator(rattaphum):
    return staff_user(rattaphum)


@pytest.fixture
def coord(client, coordinator):
    """The district coordinator's client."""
    client.force_login(coordinator)
    return client


@pytest.fixture
def group(rattaphum):
    """A member group of the district that has no roster yet."""
    return member_groups(rattaphum, 1)[0]


@pytest.fixture
def board(rattaphum):
    """The district's executive committee of five."""
    return CommitteeFactory(center=rattaphum, kind="executive", seats=FIVE_SEATS)


def keep_form(page, name):
    """The opening tag of the form with data-keep="<name>"."""
    match = re.search(rf'<form[^>]*data-keep="{re.escape(name)}"[^>]*>', page)
    assert match, f"no form keeps {name}"
    return match.group(0)


def roster_add_url(organization):
    return organization, reverse("roster_member_add", args=[organization.public_id])


MEMBER = {
    "title": "นาง",
    "first_name": "สมใจ",
    "last_name": "รักดี",
    "national_id": "",
    "phone": "",
    "joined_on": "",
    "consent": "False",
    "consent_on": "",
}


def test_a_roster_addition_sent_again_adds_one_member(coord, group):
    client = coord
    organization, url = roster_add_url(group)
    data = {**MEMBER, "submission_key": str(uuid.uuid4())}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)  # the answer was lost; the phone retries
    assert "เพิ่มนางสมใจ รักดีในรายชื่อไปแล้ว ไม่ได้เพิ่มซ้ำ" in again.content.decode()
    members = RosterMember.objects.filter(roster__organization=organization)
    assert members.count() == 1
    # Another form (another key) with the same name is another member, as before.
    assert client.post(url, {**MEMBER, "submission_key": str(uuid.uuid4())}).status_code == 302
    assert members.count() == 2


def test_the_roster_page_keeps_the_add_form_in_the_tab_and_names_what_it_recorded(
    coord, coordinator, group
):
    client = coord
    organization, url = roster_add_url(group)
    key = uuid.uuid4()
    client.post(url, {**MEMBER, "submission_key": str(key)})
    page = client.get(reverse("roster_detail", args=[organization.public_id])).content.decode()
    form = keep_form(page, f"u{coordinator.pk}:roster-add:{organization.public_id}")
    assert 'data-keep-storage="session"' in form  # names and IDs never outlive the tab
    assert f'data-keep-recorded="{key}"' in form
    assert "data-keep-bound" not in form
    fresh_key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    assert fresh_key != str(key)
    refused = client.post(url, {**MEMBER, "first_name": "", "submission_key": fresh_key})
    assert "data-keep-bound" in keep_form(
        refused.content.decode(),
        f"u{coordinator.pk}:roster-add:{organization.public_id}",
    )


def test_the_roster_member_form_keeps_its_draft_in_the_tab(coord, coordinator, rattaphum, group):
    client = coord
    RosterFactory(organization=group, members=2)
    member = (
        RosterMember.objects.current()
        .filter(erased_at__isnull=True)
        .filter(roster__organization__district=rattaphum.district)
        .first()
    )
    organization = member.roster.organization
    url = reverse("roster_member_edit", args=[organization.public_id, member.pk])
    page = client.get(url).content.decode()
    form = keep_form(page, f"u{coordinator.pk}:roster-member:{member.pk}")
    assert 'data-keep-storage="session"' in form
    assert 'name="submission_key"' not in page  # an edit is the same edit when repeated


def _meeting(board):
    return meeting_services.create_meeting(
        board,
        timezone.make_aware(datetime.datetime(2027, 3, 9, 9, 30)),
        "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ จำกัด",
        None,
    )


def test_attendance_and_minutes_keep_their_drafts(client, coord, coordinator, board):
    client = coord
    meeting = _meeting(board)
    me = coordinator.pk
    page = client.get(reverse("meeting_attendance", args=[meeting.pk])).content.decode()
    form = keep_form(page, f"u{me}:attendance:{meeting.pk}")
    assert "data-keep-storage" not in form and "data-keep-bound" not in form
    # A guest added does not make the members' attendance "sent and unsaved".
    guest = client.post(
        reverse("meeting_attendance", args=[meeting.pk]), {"form": "guest", "guest-name": ""}
    )
    assert "data-keep-bound" not in keep_form(
        guest.content.decode(), f"u{me}:attendance:{meeting.pk}"
    )
    item = meeting.agenda.first()
    url = reverse("agenda_item", args=[meeting.pk, item.pk])
    form = keep_form(client.get(url).content.decode(), f"u{me}:agenda-item:{item.pk}")
    assert "data-keep-bound" not in form
    # Only the secretary's form keeps a draft; the chair reads.
    client.force_login(seat_user(board, "chair"))
    chair_page = client.get(url).content.decode()
    assert "data-keep=" not in chair_page


def test_every_page_loads_the_draft_script_from_our_static_files(coord):
    page = coord.get(reverse("meetings_home")).content.decode()
    assert '<script src="/static/js/keep.js" defer></script>' in page


def test_a_grid_drawn_from_unsaved_figures_is_kept_as_it_is(coord, rattaphum, group):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = group
    client = coord
    url = reverse("purchase_order_entry", args=[purchase_round.pk, rattaphum.district.code])
    data = {"version": "0", "submission_key": str(uuid.uuid4()), f"q_{g1.pk}_{item.pk}": "สิบ"}
    page = client.post(url, data).content.decode()
    form = page.split('id="order-grid"', 1)[1].split(">", 1)[0]
    assert "data-keep-bound" in form
    assert 'data-keep-version="0"' in form
