"""A status machine with an event per change: a business's record (a purchase round; a
sale, a loan next) moves between statuses by named transitions, and every change is kept
as an event saying who, when, from what to what, and why.

The business keeps its statuses (a TextChoices), its transitions (a StatusMachine) and
its event model (a StatusEvent with a link to its record and the two status fields with
its choices); the rules of when a transition may run stay in its services."""

import datetime
from collections.abc import ValuesView
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from songkhla_network.fields import NOTE_LENGTH

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Event = TypeVar("Event", bound="StatusEvent")


@dataclass(frozen=True)
class Transition:
    """A named change of status: from any of `sources` to `target`; `label` is what its
    button says; `needs_note`: the change is refused without a reason."""

    name: str
    label: str
    sources: tuple
    target: str
    needs_note: bool = False


class StatusMachine:
    """A business's transitions, by name, in the order its pages show them."""

    def __init__(self, *transitions: Transition):
        self.transitions = {transition.name: transition for transition in transitions}

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def get(self, name: str) -> Transition | None:
        return self.transitions.get(name)

    def values(self) -> ValuesView[Transition]:
        return self.transitions.values()

    def available(self, status: str) -> list[Transition]:
        """The transitions that may leave `status`."""
        return [t for t in self.transitions.values() if status in t.sources]


class StatusEvent(models.Model):
    """A change of status: who, when and why. The concrete event adds the link to its
    record and `from_status`/`to_status` with its business's choices, and takes its
    constraint from happened_before_recorded."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="โดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("เมื่อ", default=timezone.now)
    # Set when the change is entered after it happened (a round recorded afterwards):
    # `at` is when it happened, this is when `by` entered it.
    recorded_at = models.DateTimeField("บันทึกย้อนหลังเมื่อ", null=True, blank=True)
    note = models.TextField("หมายเหตุ", max_length=NOTE_LENGTH, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


def happened_before_recorded(name: str) -> models.CheckConstraint:
    """An event entered afterwards happened before it was entered."""
    return models.CheckConstraint(
        condition=Q(recorded_at__isnull=True) | Q(at__lte=models.F("recorded_at")),
        name=name,
        violation_error_message="วันที่ที่เกิดขึ้นต้องไม่หลังวันที่บันทึก",
    )


def record_status_event(
    model: type[Event],
    *,
    by: "User | None",
    note: str = "",
    at: datetime.datetime | None = None,
    **fields: Any,
) -> Event:
    """Create the event of a change (`fields`: its record, from_status, to_status). `at`:
    when it happened, for a change entered afterwards (then also stamped with when it
    was entered)."""
    now = timezone.now()
    at = now if at is None else at
    return model.objects.create(  # type: ignore[attr-defined]  # each concrete event has it
        by=by, at=at, recorded_at=now if at < now else None, note=note, **fields
    )
