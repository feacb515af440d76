"""Reads of the reports' state: sign-offs and reviews for the report pages, and what the
home page asks of them."""

import datetime
from dataclasses import dataclass

from centers.models import Center, CenterLevel
from songkhla_network import thai

from .figures import previous_month
from .models import ReportReview, ReportSignOff

MONTHS_BACK = 12  # how far back an unsigned month still asks for its signature


@dataclass(frozen=True)
class UnsignedMonth:
    center: Center
    year: int
    month: int

    @property
    def be_year(self) -> int:
        return self.year + thai.BE_OFFSET

    @property
    def label(self) -> str:
        return f"{thai.MONTHS_LONG[self.month - 1]} {self.be_year}"


@dataclass(frozen=True)
class SignedMonth:
    year: int
    month: int
    districts_signed: int

    @property
    def label(self) -> str:
        return f"{thai.MONTHS_LONG[self.month - 1]} {self.year + thai.BE_OFFSET}"


def last_month_signed(today: datetime.date) -> SignedMonth:
    """The month before `today`, with how many district centers signed it off. One query."""
    year, month = previous_month(today.year, today.month)
    signed = ReportSignOff.objects.filter(
        year=year, month=month, center__level=CenterLevel.DISTRICT
    ).count()
    return SignedMonth(year=year, month=month, districts_signed=signed)


def months_to_sign(
    centers: list[Center], *, today: datetime.date, back: int = MONTHS_BACK
) -> list[UnsignedMonth]:
    """The finished months of the last `back` (none before a center was founded) whose
    report each of `centers` has not signed off, newest first. One query."""
    months = []
    year, month = today.year, today.month
    for _ in range(back):
        year, month = previous_month(year, month)
        months.append((year, month))
    signed = set(
        ReportSignOff.objects.filter(
            center__in=centers, year__gte=months[-1][0], year__lte=months[0][0]
        ).values_list("center_id", "year", "month")
    )
    return [
        UnsignedMonth(center=center, year=year, month=month)
        for year, month in months
        for center in centers
        if (center.pk, year, month) not in signed
        and (
            center.founded_on is None
            or (year, month) >= (center.founded_on.year, center.founded_on.month)
        )
    ]


def unsigned_districts(center: Center, year: int, month: int) -> list[Center]:
    """For the province's month: the district centers that have not signed theirs."""
    if center.level != CenterLevel.PROVINCIAL:
        return []
    signed = ReportSignOff.objects.filter(year=year, month=month).values("center_id")
    return list(
        Center.objects.filter(level=CenterLevel.DISTRICT)
        .exclude(pk__in=signed)
        .select_related("district")
        .order_by("district__code")
    )


def signoffs_by_center(year: int, month: int) -> dict[int, ReportSignOff]:
    """The month's sign-offs of every center, by center id, with who signed. One query."""
    return {
        row.center_id: row
        for row in ReportSignOff.objects.filter(year=year, month=month).select_related("signed_by")
    }


@dataclass(frozen=True)
class MonthSignOffs:
    signoff: ReportSignOff | None  # the center's own
    signed_center_ids: frozenset[int]  # for the province: every center that signed


def month_signoffs(center: Center, year: int, month: int) -> MonthSignOffs:
    """A center's sign-off of the month; the province also learns which districts signed.
    One query."""
    signoffs = ReportSignOff.objects.filter(year=year, month=month).select_related("signed_by")
    if center.level == CenterLevel.PROVINCIAL:
        rows = list(signoffs)
        own = next((row for row in rows if row.center_id == center.pk), None)
        return MonthSignOffs(own, frozenset(row.center_id for row in rows))
    return MonthSignOffs(signoffs.filter(center=center).first(), frozenset())


def month_reviews(center: Center, year: int, month: int) -> list[ReportReview]:
    """The committee's reviews of a center's month, with their reviewers. One query."""
    return list(
        ReportReview.objects.filter(center=center, year=year, month=month).select_related(
            "reviewer"
        )
    )


def district_centers() -> list[Center]:
    """Every district center, by district code. One query."""
    return list(
        Center.objects.filter(level=CenterLevel.DISTRICT)
        .select_related("district")
        .order_by("district__code")
    )
