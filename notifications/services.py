"""Writing messages and sending them.

notify() is called by a business inside the transaction of its event: the inbox rows and
the e-mail deliveries (the outbox) commit or roll back with it. After the commit a task
sends what is due; the scheduler's `notifications` job does the same every minute, so a
message whose task was lost, or whose sending failed, goes later: after a server restart
or a day without internet, every message is still sent, once."""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .kinds import DEFAULT_CHANNEL, Channel, Kind
from .models import TITLE_LENGTH, Delivery, DeliveryStatus, Notification, Preference

logger = logging.getLogger(__name__)

# Back-off after each failed attempt: 1, 2, 4 … minutes, at most 6 hours; 14 attempts
# span about a day and a half, then the delivery is FAILED and shown to admins.
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 14
# The daily summary goes at 07.00, Bangkok time.
DIGEST_AT = datetime.time(7, 0)
# A delivery being sent is kept from other senders this long; a sender that died while
# sending leaves it to be taken again after.
LEASE = datetime.timedelta(minutes=5)


def notify(
    *,
    kind: Kind,
    event_key: str,
    recipients: Iterable[User],
    title: str,
    body: str,
    url: str = "",
) -> list[Notification]:
    """Tell each active recipient of an event once: an inbox message, and an e-mail on its
    way if they hear this kind by e-mail at once and have an address. Returns the new
    messages (none for a recipient already told of this event). Four queries on
    PostgreSQL, whatever the number of recipients."""
    users = {user.pk: user for user in recipients if user.is_active}
    if not users:
        return []
    # A title names rounds and organizations, each up to 200 characters: shortened to fit
    # its column rather than failing the event that tells it. (By code points, as the column
    # counts them: Django's Truncator does not count Thai vowel and tone marks.)
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1] + "…"
    told = set(
        Notification.objects.filter(event_key=event_key, recipient_id__in=users).values_list(
            "recipient_id", flat=True
        )
    )
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk, kind=kind, event_key=event_key, title=title, body=body, url=url
            )
            for pk in sorted(users)
            if pk not in told
        ]
    )
    if not created:
        return []
    chosen = dict(
        Preference.objects.filter(user_id__in=users, kind=kind).values_list("user_id", "channel")
    )
    now = timezone.now()
    when: dict[str, datetime.datetime] = {
        Channel.EMAIL: now,
        Channel.DIGEST: next_digest(now),
    }
    deliveries = []
    for notification in created:
        user = users[notification.recipient_id]
        channel = chosen.get(user.pk, DEFAULT_CHANNEL)
        if channel in when and user.email:
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=channel,
                    address=user.email,
                    next_attempt_at=when[channel],
                )
            )
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        transaction.on_commit(_send_soon)
    return created


def _send_soon() -> None:
    from .tasks import send_due_deliveries

    send_due_deliveries.enqueue()


def notification_open(*, notification: Notification) -> Notification:
    """Mark a message read (the first time it is opened)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_read_all(*, user: User) -> int:
    """Mark every unread message of a user read."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_set(*, user: User, channels: dict[str, str]) -> None:
    """Store how a user hears each kind ({kind: channel}); the default needs no row."""
    with transaction.atomic():
        Preference.objects.filter(user=user).delete()
        Preference.objects.bulk_create(
            [
                Preference(user=user, kind=kind, channel=channel)
                for kind, channel in sorted(channels.items())
                if channel != DEFAULT_CHANNEL
            ]
        )


def next_digest(now: datetime.datetime) -> datetime.datetime:
    """The next daily summary's time after `now`."""
    local = timezone.localtime(now)
    at = local.replace(hour=DIGEST_AT.hour, minute=DIGEST_AT.minute, second=0, microsecond=0)
    return at if at > local else at + datetime.timedelta(days=1)


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _due(now: datetime.datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, locked_until__lt=now
    )


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"ส่งแล้ว {self.sent} รอส่งใหม่ {self.retried} ส่งไม่สำเร็จ {self.failed}"


def deliveries_send_due(*, now: datetime.datetime | None = None, limit: int = 500) -> SendReport:
    """Send the deliveries that are due (at most `limit`), each claimed first so that two
    senders at once never send one twice."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "channel", "notification__recipient_id")[:limit]
    )
    outcomes = [delivery_send(pk=pk, now=now) for pk, channel, _ in due if channel == Channel.EMAIL]
    summaries: dict[int, list[int]] = {}
    for pk, channel, recipient_id in due:
        if channel == Channel.DIGEST:
            summaries.setdefault(recipient_id, []).append(pk)
    for pks in summaries.values():
        outcomes += [digest_send(pks=pks, now=now)] * len(pks)
    return SendReport(
        sent=outcomes.count(DeliveryStatus.SENT),
        retried=outcomes.count(DeliveryStatus.PENDING),
        failed=outcomes.count(DeliveryStatus.FAILED),
    )


def delivery_send(*, pk: int, now: datetime.datetime | None = None) -> str | None:
    """Claim one delivery if it is due, send it, record how it went. Returns its new
    status, or None if it was not due or another sender holds it."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(_due(now), pk=pk).update(
        status=DeliveryStatus.SENDING, locked_until=now + LEASE, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=pk)
    return _record([delivery], lambda: _send_email(delivery), now=now)


def digest_send(*, pks: list[int], now: datetime.datetime | None = None) -> str | None:
    """One person's daily summary: the due summary deliveries `pks` (all theirs) claimed
    together and sent as one e-mail."""
    now = now or timezone.now()
    lease = now + LEASE
    claimed = Delivery.objects.filter(_due(now), pk__in=pks).update(
        status=DeliveryStatus.SENDING, locked_until=lease, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    deliveries = list(
        Delivery.objects.filter(pk__in=pks, status=DeliveryStatus.SENDING, locked_until=lease)
        .select_related("notification__recipient")
        .order_by("notification__created_at", "pk")
    )
    return _record(deliveries, lambda: _send_digest(deliveries), now=now)


def _record(deliveries: list[Delivery], send: Callable[[], None], *, now: datetime.datetime) -> str:
    """Send, then record the outcome on every delivery the e-mail carries; the next
    attempt counts from `now`, the sweep's time."""
    try:
        send()
    except Exception as error:  # SMTP refusals, a dropped connection, no network at all
        # The error's kind and code only: an SMTP answer may quote the address.
        code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
        error_text = f"{type(error).__name__}" + (f" ({code})" if code else "")
        logger.warning("delivery %s failed: %s", deliveries[0].pk, error_text)
        for delivery in deliveries:
            delivery.last_error = error_text
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                delivery.status = DeliveryStatus.PENDING
                delivery.next_attempt_at = now + backoff(delivery.attempts)
    else:
        for delivery in deliveries:
            delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, now, ""
    for delivery in deliveries:
        delivery.locked_until = None
    Delivery.objects.bulk_update(
        deliveries, ["status", "sent_at", "last_error", "next_attempt_at", "locked_until"]
    )
    return deliveries[0].status


def delivery_resend(*, delivery: Delivery) -> None:
    """An admin sends a failed delivery again: a fresh round of attempts, now."""
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    transaction.on_commit(_send_soon)


def _link(notification: Notification) -> str:
    return f"{settings.SITE_URL}{notification.url}" if notification.url else ""


def _email(template: str, subject: str, address: str, key: str, context: dict) -> None:
    recipient = context["recipient"]
    context = {
        **context,
        "name": recipient.get_full_name() or recipient.get_username(),
        "preferences": f"{settings.SITE_URL}{reverse('notification_preferences')}",
    }
    message = EmailMultiAlternatives(
        subject=f"[เครือข่ายฯ สงขลา] {subject}",
        body=render_to_string(f"notifications/{template}.txt", context),
        to=[address],
        headers={"Message-ID": make_msgid(key)},
    )
    message.attach_alternative(
        render_to_string(f"notifications/{template}.html", context), "text/html"
    )
    message.send(fail_silently=False)


def _send_email(delivery: Delivery) -> None:
    notification = delivery.notification
    _email(
        "email",
        notification.title,
        delivery.address,
        f"notification-{delivery.pk}",
        {
            "recipient": notification.recipient,
            "notification": notification,
            "link": _link(notification),
        },
    )


def _send_digest(deliveries: list[Delivery]) -> None:
    first = deliveries[0]
    items = [(d.notification, _link(d.notification)) for d in deliveries]
    _email(
        "digest",
        f"สรุปการแจ้งเตือน {len(items)} เรื่อง",
        first.address,
        f"digest-{first.pk}",
        {"recipient": first.notification.recipient, "items": items},
    )
