"""What an application's decision tells people (notifications.notify), in Thai: whoever
recorded it and the group's representatives, who may open its page."""

from django.contrib.auth.models import User
from django.urls import reverse

from centers.models import Membership, MembershipStatus
from members.selectors import representative_users
from notifications.kinds import Kind
from notifications.services import notify


def application_decided(membership: Membership, *, by: User | None) -> int:
    """Called in the decision's transaction; the one who decided is not told."""
    recipients = representative_users(membership.organization_id)
    if membership.recorded_by is not None:
        recipients.append(membership.recorded_by)
    recipients = [user for user in recipients if by is None or user.pk != by.pk]
    approved = membership.status == MembershipStatus.ACTIVE
    if approved:
        title = f"{membership.organization} เป็นสมาชิกของ{membership.center}แล้ว"
        body = f"ใบสมัครของ{membership.organization} ได้รับอนุมัติ เป็นสมาชิกของ{membership.center}"
    else:
        title = f"ใบสมัครของ{membership.organization} ไม่ได้รับอนุมัติ"
        body = (
            f"ใบสมัครของ{membership.organization} เข้าเป็นสมาชิกของ{membership.center} "
            f"ไม่ได้รับอนุมัติ เหตุผล: {membership.decision_reason}"
        )
    return len(
        notify(
            kind=Kind.APPLICATION_DECIDED,
            event_key=f"application:{membership.pk}:{membership.status}",
            recipients=recipients,
            title=title,
            body=body,
            url=reverse("application_detail", args=[membership.pk]),
        )
    )
