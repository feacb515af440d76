"""An entry recorded once (a delivery, a pickup, a payment; a sale or a repayment next):
who recorded it and when, and the key of the form it came from. A form submitted twice
(a double tap, a resend on a slow connection) carries the same key, and the second time
nothing is saved: the database's unique index on the key, and record_once, see to it."""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

Locked = TypeVar("Locked")


class RecordedEntry(models.Model):
    """A delivery, pickup or payment: recorded once, by someone, at a time.

    `submission_key` comes from the form; a double-submitted form carries the same key
    and the database's unique index refuses the second row."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="บันทึกโดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("บันทึกเมื่อ", default=timezone.now)
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    note = models.CharField("หมายเหตุ", max_length=200, blank=True)

    class Meta:
        abstract = True


class SubmissionKeyMixin(forms.Form):
    """A hidden key drawn with the form; a double submission carries the same key."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


def already_recorded(entry: RecordedEntry) -> bool:
    entries = type(entry).objects  # type: ignore[attr-defined]  # each concrete entry has it
    return entries.filter(submission_key=entry.submission_key).exists()


def record_once(
    entry: RecordedEntry, *, lock: Callable[[], Locked], check: Callable[[Locked], None]
) -> bool:
    """Save `entry` unless the form it came from was saved already (False). In one
    transaction: `lock()` takes what the entry is checked against (a round's row), then
    `check` refuses by raising, and the entry is saved."""
    with transaction.atomic():
        locked = lock()
        if already_recorded(entry):
            return False
        check(locked)
        entry.save()
    return True
