"""Messages to people: the in-app inbox, the deliveries by e-mail, and each person's
choice of how to hear each kind."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .kinds import Channel, Kind

TITLE_LENGTH = 200


class Notification(models.Model):
    """One message to one person, in their inbox. An event is told to a person once:
    (recipient, event_key) is unique."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้รับ",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("ประเภท", max_length=32, choices=Kind.choices)
    event_key = models.CharField("เหตุการณ์", max_length=120)
    title = models.CharField("เรื่อง", max_length=TITLE_LENGTH)
    body = models.TextField("ข้อความ", max_length=2000)
    url = models.CharField("หน้าที่ต้องไป", max_length=300, blank=True)
    created_at = models.DateTimeField("เวลา", auto_now_add=True)
    read_at = models.DateTimeField("อ่านเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การแจ้งเตือน"
        verbose_name_plural = "การแจ้งเตือน"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self):
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "รอส่ง"
    SENDING = "sending", "กำลังส่ง"
    SENT = "sent", "ส่งแล้ว"
    FAILED = "failed", "ส่งไม่สำเร็จ"


class Delivery(models.Model):
    """A notification on its way out by e-mail (the outbox). Written in the same
    transaction as the event; sent by a task, retried with back-off by the scheduler until
    it goes or its attempts run out, then shown to admins with its error."""

    notification = models.ForeignKey(
        Notification,
        verbose_name="การแจ้งเตือน",
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField("ช่องทาง", max_length=16, choices=Channel.choices)
    address = models.CharField("ที่อยู่", max_length=254)
    status = models.CharField(
        "สถานะ", max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("จำนวนครั้งที่ส่ง", default=0)
    next_attempt_at = models.DateTimeField("ส่งครั้งต่อไป")
    locked_until = models.DateTimeField("กันไว้ถึง", null=True, blank=True)
    last_error = models.CharField("ข้อผิดพลาดล่าสุด", max_length=500, blank=True)
    sent_at = models.DateTimeField("ส่งเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การส่งการแจ้งเตือน"
        verbose_name_plural = "การส่งการแจ้งเตือน"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.notification}"


class Preference(models.Model):
    """How a person hears one kind of message; without a row, DEFAULT_CHANNEL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ใช้",
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField("ประเภท", max_length=32, choices=Kind.choices)
    channel = models.CharField("ช่องทาง", max_length=16, choices=Channel.choices)

    class Meta:
        verbose_name = "การเลือกช่องทางแจ้งเตือน"
        verbose_name_plural = "การเลือกช่องทางแจ้งเตือน"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}: {self.get_channel_display()}"
