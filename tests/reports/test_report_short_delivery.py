"""The dashboard and the monthly reports count what was billed: after a short delivery,
the groups' allocations, not what they ordered."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from transactions.purchases.models import Allocation, RoundStatus

from ..factories import (
    DistrictCenterFactory,
    PurchaseRoundFactory,
    member_groups,
    order,
    province,
    staff_user,
)

D = Decimal
pytestmark = pytest.mark.django_db


def posted(response, status=302):
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def report_products(client, key, be_year, month) -> dict:
    response = client.get(reverse("center_report", args=[key, be_year, month]))
    assert response.status_code == 200
    return {row["product"]: row for row in response.context["products"]}


def test_the_dashboard_and_reports_count_the_allocation_of_a_short_delivery(client):
    """A district ordered 100 t (60 and 40) at 100 baht; the supplier delivered 80 t, shared
    48 and 32: the groups are billed 8,000 baht, and that is what the figures show."""
    today = timezone.localdate()
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED,
        items=[
            {
                "product__name": "ปุ๋ยทดสอบส่งไม่ครบ",
                "unit_price": D("100"),
                "reference_price": D("120"),
            }
        ],
    )
    purchase_round.ordered_on = today
    purchase_round.save(update_fields=["ordered_on"])
    item = purchase_round.items.get()
    rattaphum = DistrictCenterFactory()
    r1, r2 = member_groups(rattaphum, 2)
    order(purchase_round, rattaphum, {(r1, item): D("60"), (r2, item): D("40")})
    client.force_login(staff_user(province()))
    dashboard = reverse("report_dashboard")
    be_year = today.year + 543
    posted(
        client.post(
            dashboard,
            {"product": str(item.product.pk), "be_year": str(be_year), "quantity": "200"},
        )
    )

    def figures():
        page = client.get(dashboard, {"year": str(be_year)}).context
        [target] = [t for t in page["targets"] if t.product_id == item.product_id]
        centers = {c.district.code: c for c in page["centers"]}
        report = report_products(client, "province", be_year, today.month)
        row = report[item.product.name]
        [listed] = [
            t
            for t in client.get(reverse("purchase_round_list")).context["targets"]
            if t.product_id == item.product_id
        ]
        return (
            target.bought,
            centers[rattaphum.district.code].value,
            centers[rattaphum.district.code].savings,
            D(row["quantity"]),
            D(row["value"]),
            listed.bought,
        )

    assert figures() == (D("100"), D("10000"), D("2000"), D("100"), D("10000"), D("100"))
    posted(
        client.post(
            reverse("purchase_deliveries", args=[purchase_round.pk]),
            {"form": "supplied", "supplied-item": str(item.pk), "supplied-supplied_quantity": "80"},
        )
    )
    assert sorted(Allocation.objects.filter(item=item).values_list("quantity", flat=True)) == [
        D("32"),
        D("48"),
    ]
    assert figures() == (D("80"), D("8000"), D("1600"), D("80"), D("8000"), D("80"))
