"""What a roster's return tells people (notifications.notify), in Thai: the group's
representatives, with the reason (which may hold no personal number: the service refuses
one)."""

from django.urls import reverse

from members.models import Organization
from members.selectors import representative_users
from notifications.kinds import Kind
from notifications.services import notify

from .models import Roster


def roster_returned(roster: Roster, organization: Organization, *, reason: str) -> int:
    """Called in the return's transaction."""
    return len(
        notify(
            kind=Kind.ROSTER_RETURNED,
            event_key=f"roster:{roster.pk}:returned:{roster.status_changed_at:%Y%m%d%H%M%S%f}",
            recipients=representative_users(organization),
            title=f"รายชื่อสมาชิกของ{organization} ถูกส่งกลับให้แก้ไข",
            body=(
                f"รายชื่อสมาชิกของ{organization} ถูกส่งกลับให้แก้ไข เหตุผล: {reason}\n"
                "แก้ไขแล้วส่งให้ศูนย์อำเภออีกครั้ง"
            ),
            url=reverse("roster_detail", args=[organization.public_id]),
        )
    )
