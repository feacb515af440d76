"""Permission matrix rows for the notifications (see tests/test_permissions.py): everyone
signed in has an inbox and chooses how to hear; a message opens for its recipient only."""

from django.contrib.auth.models import User
from django.urls import reverse

from notifications.kinds import Kind
from notifications.models import Notification
from notifications.services import notify

from ..permission_helpers import EVERYONE_SIGNED_IN, GO, LOGIN, ROLES, url


def rattaphum_coords_message():
    coordinator = User.objects.get(username="rattaphum_coord")
    notify(
        kind=Kind.ORDER_RETURNED,
        event_key="permission-matrix",
        recipients=[coordinator],
        title="ทดสอบสิทธิ์",
        body="ข้อความของผู้ประสานงานรัตภูมิ",
        url=reverse("purchase_round_list"),
    )
    message = Notification.objects.get(recipient=coordinator, event_key="permission-matrix")
    return reverse("notification_open", args=[message.pk])


ROWS = [
    ("notification_inbox", url("notification_inbox"), EVERYONE_SIGNED_IN),
    ("notification_preferences", url("notification_preferences"), EVERYONE_SIGNED_IN),
    (
        "notification_read_all",
        url("notification_read_all"),
        {role: 405 for role in ROLES} | {"anonymous": LOGIN},
    ),
    (
        "notification_open",
        rattaphum_coords_message,
        {role: 404 for role in ROLES} | {"anonymous": LOGIN, "rattaphum_coord": GO},
    ),
]
