"""Monthly reports, built inside a test through the reports' services: a committee
member's review and the chair's sign-off of a finished month."""

import factory

from reports import services as reports

from .base import Factory
from .network import DistrictCenterFactory, UserFactory


class ReportReviewFactory(Factory):
    class Meta:
        model = "reports.ReportReview"

    center = factory.SubFactory(DistrictCenterFactory)
    year = 2026
    month = 1
    comment = ""
    by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, **fields):
        return reports.report_review_add(**fields)


class ReportSignOffFactory(Factory):
    """A sign-off of a month that has ended; the figures are those the month shows now."""

    class Meta:
        model = "reports.ReportSignOff"

    center = factory.SubFactory(DistrictCenterFactory)
    year = 2026
    month = 1
    by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, **fields):
        return reports.report_signoff_add(**fields)
