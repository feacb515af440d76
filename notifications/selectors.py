"""Reads of a person's messages."""

from django.contrib.auth.models import User
from django.db.models import F, QuerySet

from .kinds import DEFAULT_CHANNEL, Kind
from .models import Notification, Preference


def unread_count(user: User) -> int:
    """The number in the header. One query (an index of the unread)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user: User) -> QuerySet[Notification]:
    """A person's messages, unread first, then the newest."""
    return Notification.objects.filter(recipient=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def channels_of(user: User) -> dict[str, str]:
    """How the user hears each kind: {kind: channel}, defaults filled in."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNEL) for kind in Kind.values}
