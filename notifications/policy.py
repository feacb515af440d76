"""Who may do what with messages: each person reads and sets only their own; admins see
the outbox and send a failed delivery again. (Below the network's core: it knows users
only, so every area can tell people of its events.)"""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from .models import Notification


def visible_notifications(user: User) -> QuerySet[Notification]:
    """A person's own messages; anyone else's do not exist for them."""
    return Notification.objects.filter(recipient=user)


def may_resend_delivery(user: User) -> bool:
    return user.is_active and user.is_superuser
