"""Who may do what with messages: each person reads and sets only their own; admins see
the outbox and send a failed delivery again."""

from django.contrib.auth.models import User

from centers.scope import Decision

from .models import Notification


def notification_decision(user: User, notification: Notification) -> Decision:
    """A message opens for its recipient only; to anyone else it does not exist."""
    return Decision.ALLOW if notification.recipient_id == user.pk else Decision.HIDE


def may_resend_delivery(user: User) -> bool:
    return user.is_active and user.is_superuser
