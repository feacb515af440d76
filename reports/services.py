"""Writes of the monthly reports: a committee member's review and the chair's sign-off,
which stores the month's figures as signed."""

import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from centers.models import Center

from . import figures
from .models import ReportReview, ReportSignOff


class ReportError(Exception):
    """A refused write; the message is Thai and meant for the user."""


def report_review_add(
    *, center: Center, year: int, month: int, comment: str, by: User
) -> ReportReview:
    """Mark the center's month reviewed, with an optional comment; once per reviewer."""
    comment = comment.strip()
    limit: int = ReportReview._meta.get_field("comment").max_length  # type: ignore[assignment]  # set on the field
    if len(comment) > limit:
        raise ReportError(
            f"ความเห็นยาวได้ไม่เกิน {limit:,} ตัวอักษร (ที่พิมพ์มา {len(comment):,} ตัวอักษร) "
            "ยังไม่ได้บันทึกการตรวจทาน กรุณาสรุปให้สั้นลง"
        )
    try:
        with transaction.atomic():
            return ReportReview.objects.create(
                center=center, year=year, month=month, reviewer=by, comment=comment
            )
    except IntegrityError:
        raise ReportError("คุณตรวจทานรายงานเดือนนี้แล้ว") from None


def check_month_ended(year: int, month: int, *, today: datetime.date | None = None) -> None:
    """A month is signed off only once it has ended."""
    today = today or timezone.localdate()
    if datetime.date(year, month, 1) >= today.replace(day=1):
        raise ReportError("ลงนามรับรองได้เมื่อสิ้นเดือนแล้ว")


def report_signoff_add(*, center: Center, year: int, month: int, by: User) -> ReportSignOff:
    """The chair signs the center's finished month off: its figures are stored as signed
    (a later correction shows as a difference, never a silent change). Once per month."""
    check_month_ended(year, month)
    try:
        with transaction.atomic():
            return ReportSignOff.objects.create(
                center=center,
                year=year,
                month=month,
                signed_by=by,
                figures=figures.month_figures(center, year, month),
            )
    except IntegrityError:
        raise ReportError("รายงานเดือนนี้ลงนามรับรองแล้ว") from None
