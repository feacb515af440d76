"""Notifications: each person hears what needs them (and no one else does), in the inbox
and by e-mail, and an e-mail survives a failure of the mail server and goes once."""

import datetime
import smtplib
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.kinds import Channel, Kind
from notifications.models import Delivery, DeliveryStatus, Notification, Preference
from transactions.purchases import services as purchasing
from transactions.purchases.models import RoundStatus

from ..factories import (
    DistrictCenterFactory,
    PurchaseRoundFactory,
    UserFactory,
    admin_user,
    chair_user,
    member_groups,
    order,
    province,
    staff_user,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def districts():
    """Two districts, each with a coordinator (with an e-mail address) and a chair."""
    rattaphum, hatyai = DistrictCenterFactory(), DistrictCenterFactory()
    return {
        "rattaphum": rattaphum,
        "hatyai": hatyai,
        "rattaphum_coord": staff_user(rattaphum, email="coord.r@example.org"),
        "rattaphum_chair": chair_user(rattaphum),
        "hatyai_coord": staff_user(hatyai, email="coord.h@example.org"),
        "hatyai_chair": chair_user(hatyai),
    }


def inbox_of(user):
    return list(Notification.objects.filter(recipient=user))


def test_a_district_round_opening_tells_only_that_district(
    districts, django_capture_on_commit_callbacks
):
    draft = PurchaseRoundFactory(center=districts["rattaphum"], status=RoundStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        purchasing.transition(draft, "open", admin_user())
    for name in ("rattaphum_coord", "rattaphum_chair"):
        (message,) = inbox_of(districts[name])
        assert message.kind == Kind.ROUND_OPENED
        assert draft.title in message.title
        assert message.url == reverse(
            "purchase_order_entry", args=[draft.pk, districts["rattaphum"].district.code]
        )
    # A Hat Yai coordinator never hears of a Rattaphum round.
    assert inbox_of(districts["hatyai_coord"]) == []
    assert inbox_of(districts["hatyai_chair"]) == []
    # The coordinator has an address: the e-mail went, in Thai, with the link.
    (email,) = mail.outbox
    assert email.to == ["coord.r@example.org"]
    assert email.subject == f"[เครือข่ายฯ สงขลา] เปิดรอบซื้อร่วม “{draft.title}”"
    assert "เปิดรับคำสั่งซื้อแล้ว" in email.body
    assert message.url in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and "ไปยังหน้าที่ต้องทำ" in html


def test_a_provincial_round_opening_tells_every_district(districts):
    draft = PurchaseRoundFactory(center=province(), status=RoundStatus.DRAFT)
    purchasing.transition(draft, "open", admin_user())
    for name in ("rattaphum_coord", "rattaphum_chair", "hatyai_coord", "hatyai_chair"):
        assert [m.kind for m in inbox_of(districts[name])] == [Kind.ROUND_OPENED]
    hatyai_message = inbox_of(districts["hatyai_coord"])[0]
    assert districts["hatyai"].district.code in hatyai_message.url


def test_a_returned_order_tells_its_districts_coordinators_the_reason(districts):
    purchase_round = PurchaseRoundFactory(center=province())
    group = member_groups(districts["rattaphum"], 1)[0]
    order(purchase_round, districts["rattaphum"], {(group, purchase_round.items.get()): D("2")})
    purchasing.return_order(
        purchase_round, districts["rattaphum"], admin_user(), "ปริมาณกลุ่มที่ 1 สูงผิดปกติ"
    )
    (message,) = inbox_of(districts["rattaphum_coord"])
    assert message.kind == Kind.ORDER_RETURNED
    assert "ปริมาณกลุ่มที่ 1 สูงผิดปกติ" in message.body
    assert inbox_of(districts["hatyai_coord"]) == []
    assert inbox_of(districts["rattaphum_chair"]) == []


def test_the_reminder_before_closing_goes_through_the_outbox_once(
    districts, django_capture_on_commit_callbacks
):
    now = timezone.now()
    closing = PurchaseRoundFactory(center=province(), closes_at=now + datetime.timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        purchasing.run_schedule(now)
    reminders = [m for m in mail.outbox if "เตือน" in m.subject]
    assert sorted(m.to[0] for m in reminders) == ["coord.h@example.org", "coord.r@example.org"]
    assert closing.title in reminders[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        purchasing.run_schedule(now)
    assert len([m for m in mail.outbox if "เตือน" in m.subject]) == 2


def test_one_event_tells_a_person_once():
    user = UserFactory(email="once@example.org")
    for _ in range(2):
        services.notify(
            kind=Kind.ROUND_OPENED, event_key="event:1", recipients=[user], title="ก", body="ข"
        )
    assert Notification.objects.filter(recipient=user).count() == 1
    assert Delivery.objects.filter(notification__recipient=user).count() == 1


def test_preferences_are_honoured():
    in_app = UserFactory(email="app@example.org")
    no_address = UserFactory(email="")
    inactive = UserFactory(email="gone@example.org", is_active=False)
    Preference.objects.create(user=in_app, kind=Kind.ROUND_OPENED, channel=Channel.APP)
    told = services.notify(
        kind=Kind.ROUND_OPENED,
        event_key="event:2",
        recipients=[in_app, no_address, inactive],
        title="ก",
        body="ข",
    )
    assert sorted(n.recipient_id for n in told) == sorted([in_app.pk, no_address.pk])
    assert not Delivery.objects.filter(notification__in=told).exists()
    # Another kind still comes by e-mail (the default).
    services.notify(
        kind=Kind.ORDER_RETURNED, event_key="event:3", recipients=[in_app], title="ก", body="ข"
    )
    assert Delivery.objects.filter(notification__recipient=in_app).count() == 1


class BrokenServer:
    """An SMTP server that is down, then comes back."""

    def __init__(self, monkeypatch):
        self.down = True
        original = mail.EmailMultiAlternatives.send

        def send(message, fail_silently=False):
            if self.down:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            return original(message, fail_silently)

        monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)


def test_an_email_survives_a_failed_server_and_goes_once(monkeypatch):
    server = BrokenServer(monkeypatch)
    user = UserFactory(email="retry@example.org")
    (notification,) = services.notify(
        kind=Kind.ROUND_OPENED, event_key="event:4", recipients=[user], title="ก", body="ข"
    )
    now = timezone.now()
    report = services.deliveries_send_due(now=now)
    assert (report.sent, report.retried) == (0, 1)
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_error == "SMTPServerDisconnected"  # no address, no server's words
    assert delivery.next_attempt_at > now
    # Not due yet: nothing is tried.
    assert services.deliveries_send_due(now=now).retried == 0
    server.down = False
    later = delivery.next_attempt_at + datetime.timedelta(seconds=1)
    assert services.deliveries_send_due(now=later).sent == 1
    assert [m.to for m in mail.outbox] == [["retry@example.org"]]
    # Again, and a sender that died holding it: never sent twice.
    assert services.deliveries_send_due(now=later + datetime.timedelta(hours=1)).sent == 0
    assert services.delivery_send(pk=delivery.pk, now=later) is None
    assert len(mail.outbox) == 1


def test_a_day_without_internet_then_the_message_goes(monkeypatch):
    server = BrokenServer(monkeypatch)
    user = UserFactory(email="offline@example.org")
    services.notify(
        kind=Kind.ROUND_OPENED, event_key="event:5", recipients=[user], title="ก", body="ข"
    )
    moment = timezone.now()
    for _ in range(60 * 24):  # the scheduler every minute for a day
        services.deliveries_send_due(now=moment)
        moment += datetime.timedelta(minutes=1)
    delivery = Delivery.objects.get(notification__recipient=user)
    assert delivery.status == DeliveryStatus.PENDING  # still trying after a day
    assert delivery.attempts < services.MAX_ATTEMPTS
    server.down = False
    services.deliveries_send_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_admins_see_it_and_resend_it(monkeypatch, client):
    BrokenServer(monkeypatch)
    user = UserFactory(email="failed@example.org")
    services.notify(
        kind=Kind.ROUND_OPENED, event_key="event:6", recipients=[user], title="เรื่องทดสอบ", body="ข"
    )
    delivery = Delivery.objects.get(notification__recipient=user)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    services.deliveries_send_due(now=timezone.now())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    client.force_login(admin_user())
    listing = client.get(reverse("admin:notifications_delivery_changelist")).content.decode()
    assert "เรื่องทดสอบ" in listing and "ส่งไม่สำเร็จ" in listing
    assert "failed@example.org" not in listing
    client.post(
        reverse("admin:notifications_delivery_changelist"),
        {"action": "resend", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)


def test_the_inbox_shows_unread_first_and_opening_marks_read(client):
    user = UserFactory()
    old = services.notify(
        kind=Kind.ROUND_OPENED,
        event_key="event:7",
        recipients=[user],
        title="เรื่องที่อ่านแล้ว",
        body="ข",
    )[0]
    services.notification_open(notification=old)
    new = services.notify(
        kind=Kind.ORDER_RETURNED,
        event_key="event:8",
        recipients=[user],
        title="เรื่องใหม่",
        body="ข",
        url=reverse("purchase_round_list"),
    )[0]
    client.force_login(user)
    page = client.get(reverse("notification_inbox")).content.decode()
    assert page.index("เรื่องใหม่") < page.index("เรื่องที่อ่านแล้ว")
    assert 'aria-label="ยังไม่ได้อ่าน 1 เรื่อง"' in page
    opened = client.get(reverse("notification_open", args=[new.pk]))
    assert opened.url == reverse("purchase_round_list")
    new.refresh_from_db()
    assert new.read_at is not None
    assert "ยังไม่ได้อ่าน" not in client.get(reverse("notification_inbox")).content.decode()


def test_someone_elses_message_does_not_exist_for_you(client):
    owner, other = UserFactory(), UserFactory()
    (message,) = services.notify(
        kind=Kind.ROUND_OPENED, event_key="event:9", recipients=[owner], title="ก", body="ข"
    )
    client.force_login(other)
    assert client.get(reverse("notification_open", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_an_empty_inbox_says_what_will_come(client):
    client.force_login(UserFactory())
    page = client.get(reverse("notification_inbox")).content.decode()
    assert "ยังไม่มีการแจ้งเตือน" in page
    assert "บัญชีของคุณยังไม่มีอีเมล" in page


def test_read_all(client):
    user = UserFactory()
    for number in range(3):
        services.notify(
            kind=Kind.ROUND_OPENED,
            event_key=f"all:{number}",
            recipients=[user],
            title="ก",
            body="ข",
        )
    client.force_login(user)
    client.post(reverse("notification_read_all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_a_person_chooses_how_to_hear_each_kind(client):
    user = UserFactory(email="me@example.org")
    client.force_login(user)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert Kind.ROUND_OPENED.label in page and "อีเมลสรุปวันละครั้ง" in page
    data = {kind: Channel.EMAIL for kind in Kind.values}
    data[Kind.ROUND_OPENED] = Channel.APP
    client.post(reverse("notification_preferences"), data)
    assert dict(Preference.objects.filter(user=user).values_list("kind", "channel")) == {
        Kind.ROUND_OPENED: Channel.APP
    }
    refused = client.post(reverse("notification_preferences"), {Kind.ROUND_OPENED: "sms"})
    assert refused.status_code == 200
    assert Preference.objects.get(user=user).channel == Channel.APP


def test_the_header_count_costs_the_same_however_many_messages(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("notification_preferences")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    empty = queries()
    for number in range(40):
        services.notify(
            kind=Kind.ROUND_OPENED,
            event_key=f"many:{number}",
            recipients=[user],
            title="ก",
            body="ข",
        )
    assert queries() == empty
    assert 'aria-label="ยังไม่ได้อ่าน 40 เรื่อง"' in client.get(url).content.decode()


def test_many_recipients_are_written_in_a_few_queries():
    users = UserFactory.create_batch(200, email="bulk@example.org")
    with CaptureQueriesContext(connection) as captured:
        told = services.notify(
            kind=Kind.ROUND_OPENED, event_key="bulk", recipients=users, title="ก", body="ข"
        )
    assert len(told) == 200
    # Four on PostgreSQL; SQLite splits an insert of many rows into batches.
    assert len(captured) <= (4 if connection.vendor == "postgresql" else 8)


def test_the_daily_summary_gathers_a_days_messages_in_one_email():
    user = UserFactory(email="digest@example.org")
    Preference.objects.create(user=user, kind=Kind.ROUND_OPENED, channel=Channel.DIGEST)
    for number in range(3):
        services.notify(
            kind=Kind.ROUND_OPENED,
            event_key=f"digest:{number}",
            recipients=[user],
            title=f"เรื่องที่ {number + 1}",
            body="ข",
            url=reverse("purchase_round_list"),
        )
    services.notify(  # a kind the user hears at once
        kind=Kind.ORDER_RETURNED, event_key="now", recipients=[user], title="ด่วน", body="ข"
    )
    now = timezone.now()
    services.deliveries_send_due(now=now)
    assert [m.subject for m in mail.outbox] == ["[เครือข่ายฯ สงขลา] ด่วน"]
    at = services.next_digest(now)
    assert timezone.localtime(at).hour == 7 and at > now
    services.deliveries_send_due(now=at)
    assert len(mail.outbox) == 2
    summary = mail.outbox[1]
    assert summary.subject == "[เครือข่ายฯ สงขลา] สรุปการแจ้งเตือน 3 เรื่อง"
    for number in range(3):
        assert f"เรื่องที่ {number + 1}" in summary.body
    assert reverse("purchase_round_list") in summary.body
    services.deliveries_send_due(now=at + datetime.timedelta(minutes=5))
    assert len(mail.outbox) == 2


def test_an_application_decided_tells_who_recorded_it_and_the_groups_representatives():
    from centers.applications import services as applications

    from ..factories import MembershipFactory, representative_user

    center = DistrictCenterFactory()
    coordinator, chair = staff_user(center), chair_user(center)
    approved = MembershipFactory(center=center, status="applied", recorded_by=coordinator)
    declined = MembershipFactory(center=center, status="applied", recorded_by=coordinator)
    representative = representative_user(approved.organization)
    other_group = representative_user(declined.organization)
    applications.application_approve(membership=approved, joined_on=timezone.localdate(), by=chair)
    applications.application_decline(membership=declined, reason="เอกสารไม่ครบ", by=chair)
    (yes,) = inbox_of(representative)
    assert yes.kind == Kind.APPLICATION_DECIDED and "ได้รับอนุมัติ" in yes.body
    assert yes.url == reverse("application_detail", args=[approved.pk])
    (no,) = inbox_of(other_group)
    assert "ไม่ได้รับอนุมัติ" in no.title and "เอกสารไม่ครบ" in no.body
    assert sorted(n.url for n in inbox_of(coordinator)) == sorted(
        [yes.url, reverse("application_detail", args=[declined.pk])]
    )
    assert inbox_of(chair) == []  # the one who decided


def test_a_returned_roster_tells_the_groups_representatives_the_reason():
    from ..factories import RosterFactory, advance_roster, representative_user

    roster = RosterFactory(members=2)
    center = roster.organization.memberships.get().center
    representative = representative_user(roster.organization)
    stranger = representative_user(member_groups(center, 1)[0])
    advance_roster(roster, "submit", by=representative)
    advance_roster(roster, "return", by=staff_user(center), reason="ขาดวันที่เข้าเป็นสมาชิก")
    (message,) = inbox_of(representative)
    assert message.kind == Kind.ROSTER_RETURNED
    assert "ขาดวันที่เข้าเป็นสมาชิก" in message.body
    assert message.url == reverse("roster_detail", args=[roster.organization.public_id])
    assert inbox_of(stranger) == []


def test_the_inbox_runs_the_same_queries_at_two_sizes(client):
    user = UserFactory()
    client.force_login(user)

    def grow(count, start):
        for number in range(start, start + count):
            services.notify(
                kind=Kind.ROUND_OPENED,
                event_key=f"size:{number}",
                recipients=[user],
                title=f"เรื่อง {number}",
                body="ข",
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("notification_inbox")).status_code == 200
        return len(captured)

    grow(3, 0)
    small = queries()
    grow(60, 3)  # more than a page
    assert queries() == small


def test_a_round_with_the_longest_title_still_opens_and_tells(districts):
    title = "ปุ๋ย" * 50  # 200 characters, the longest a round's title may be
    draft = PurchaseRoundFactory(
        center=districts["rattaphum"], status=RoundStatus.DRAFT, title=title
    )
    purchasing.transition(draft, "open", admin_user())
    draft.refresh_from_db()
    assert draft.status == RoundStatus.OPEN
    (message,) = inbox_of(districts["rattaphum_coord"])
    assert len(message.title) == 200 and message.title.endswith("…")
    assert title in message.body
