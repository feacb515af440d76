"""Joint purchasing, built inside a test: products and suppliers, rounds with their items
and price tiers, district orders with their lines, deliveries, pickups and payments.

PurchaseRoundFactory(status=...) stores the status it is given (the state a rule's test
starts from). advance_round() instead walks a round to a status through the real services,
recording what each step needs (deliveries, pickups, payments) on the way, so every
invariant of a round in that status holds."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from transactions.purchases import selectors as purchase_selectors
from transactions.purchases import services as purchasing

from .base import Factory
from .network import DistrictCenterFactory, OrganizationFactory, province

D = Decimal


class ProductFactory(Factory):
    """A product, found by its name when a test names one twice."""

    class Meta:
        model = "catalogue.Product"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"ปุ๋ยทดสอบ {n}")
    unit = "ton"
    category = "inputs"
    decimal_places = 2


class SupplierFactory(Factory):
    class Meta:
        model = "catalogue.Partner"
        django_get_or_create = ("name",)

    name = "บริษัทปุ๋ยทดสอบ จำกัด"
    role = "supplier"
    location = "outside_province"
    address = "กรุงเทพมหานคร"


# The item a round gets unless told otherwise: 15,000 baht a ton (reference price 16,000),
# 14,500 once the round's total reaches 100 tons.
DEFAULT_ITEM = {
    "product__name": "ปุ๋ยทดสอบ 16-16-8",
    "unit_price": D("15000"),
    "reference_price": D("16000"),
    "tiers": [(D("100"), D("14500"))],
}


def priced(name: str, price, reference=None, tiers=()) -> dict:
    """An item for PurchaseRoundFactory(items=[...]): the product's name, its price, the
    reference price (None: none) and the tiers as [(threshold, price)]."""
    return {
        "product__name": name,
        "unit_price": price,
        "reference_price": reference,
        "tiers": list(tiers),
    }


class PurchaseRoundFactory(Factory):
    """A provincial round, open for five more days, with one item (DEFAULT_ITEM).

    items=[{...}, ...] gives the items instead (RoundItemFactory's fields, `tiers` as
    [(threshold, price)]); items=[] none. The status is stored as given."""

    class Meta:
        model = "transactions.PurchaseRound"

    title = "รอบทดสอบ"
    center = factory.LazyFunction(province)
    supplier = factory.SubFactory(SupplierFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda r: r.opens_at + datetime.timedelta(days=6))
    status = "open"
    minimum_total = None

    @factory.post_generation
    def items(purchase_round, create, extracted, **kwargs):
        if not create:
            return
        for spec in [DEFAULT_ITEM] if extracted is None else extracted:
            RoundItemFactory(round=purchase_round, **{**spec, **kwargs})


class RoundItemFactory(Factory):
    class Meta:
        model = "transactions.RoundItem"

    round = factory.SubFactory(PurchaseRoundFactory, items=[])
    product = factory.SubFactory(ProductFactory)
    unit_price = D("15000")
    reference_price = D("16000")

    @factory.post_generation
    def tiers(item, create, extracted, **kwargs):
        for threshold, price in extracted or ():
            PriceTierFactory(item=item, min_quantity=threshold, unit_price=price)


class PriceTierFactory(Factory):
    class Meta:
        model = "transactions.PriceTier"

    item = factory.SubFactory(RoundItemFactory)
    min_quantity = D("100")
    unit_price = D("14500")


class DistrictOrderFactory(Factory):
    """A district's order, submitted (version 1) unless told otherwise;
    lines={(organization, item): quantity}."""

    class Meta:
        model = "transactions.DistrictOrder"

    round = factory.SubFactory(PurchaseRoundFactory)
    center = factory.SubFactory(DistrictCenterFactory)
    status = "submitted"
    version = 1

    @factory.post_generation
    def lines(order, create, extracted, **kwargs):
        for (organization, item), quantity in (extracted or {}).items():
            OrderLineFactory(order=order, organization=organization, item=item, quantity=quantity)


class OrderLineFactory(Factory):
    class Meta:
        model = "transactions.OrderLine"

    order = factory.SubFactory(DistrictOrderFactory)
    organization = factory.SubFactory(OrganizationFactory)
    item = factory.SubFactory(RoundItemFactory)
    quantity = D("10")


def order(purchase_round, center, quantities, status="submitted"):
    """The district's order in the round (made or brought to `status`), with these lines:
    quantities={(organization, item): quantity}."""
    district_order = purchase_round.orders.filter(center=center).first() or DistrictOrderFactory(
        round=purchase_round, center=center, status=status
    )
    district_order.status, district_order.version = status, 1
    district_order.save()
    for (organization, item), quantity in quantities.items():
        OrderLineFactory(
            order=district_order, organization=organization, item=item, quantity=quantity
        )
    return district_order


class DeliveryFactory(Factory):
    class Meta:
        model = "transactions.Delivery"

    round = factory.SelfAttribute("item.round")
    item = factory.SubFactory(RoundItemFactory)
    center = factory.SubFactory(DistrictCenterFactory)
    delivered_on = factory.LazyFunction(timezone.localdate)
    quantity = D("10")


class PickupFactory(Factory):
    class Meta:
        model = "transactions.Pickup"

    round = factory.SelfAttribute("item.round")
    item = factory.SubFactory(RoundItemFactory)
    organization = factory.SubFactory(OrganizationFactory)
    picked_up_on = factory.LazyFunction(timezone.localdate)
    quantity = D("10")


class PaymentFactory(Factory):
    """A group's payment to its district center; kind="district" (no organization) for a
    district center's payment to the province."""

    class Meta:
        model = "transactions.Payment"

    round = factory.SubFactory(PurchaseRoundFactory)
    kind = "group"
    center = factory.SubFactory(DistrictCenterFactory)
    organization = factory.Maybe(
        factory.LazyAttribute(lambda p: p.kind == "group"),
        yes_declaration=factory.SubFactory(OrganizationFactory),
        no_declaration=None,
    )
    paid_on = factory.LazyFunction(timezone.localdate)
    amount = D("1000")


# Walking a round through its statuses with the real services --------------------------

STEPS = {
    "open": ("open",),
    "closed": ("open", "close"),
    "ordered": ("open", "close", "order"),
    "delivered": ("open", "close", "order", "deliver"),
    "settled": ("open", "close", "order", "deliver", "settle"),
}


def advance_round(purchase_round, status: str, *, by=None, note: str = ""):
    """Walk a round from where it stands to `status` through the purchasing services, the
    way its managers would: to "ordered" it needs submitted orders; on the way to
    "delivered" the supplier delivers every district's share, and on the way to "settled"
    every group picks up and pays its share and every district pays the province. A
    "cancelled" round is cancelled with `note` (or a stock reason). Returns the round."""
    if status == "cancelled":
        purchasing.transition(purchase_round, "cancel", by, note or "ยกเลิกเพื่อการทดสอบ")
        purchase_round.refresh_from_db()
        return purchase_round
    steps = STEPS[status]
    done = {"draft": 0, "open": 1, "closed": 2, "ordered": 3, "delivered": 4}[purchase_round.status]
    for step in steps[done:]:
        if step == "deliver":
            _deliver_everything(purchase_round)
        if step == "settle":
            _pick_up_and_pay_everything(purchase_round)
        purchasing.transition(purchase_round, step, by, note)
        purchase_round.refresh_from_db()
    return purchase_round


def _figures(purchase_round):
    return purchase_selectors.round_figures(purchase_round)


def _deliver_everything(purchase_round) -> None:
    today = timezone.localdate()
    for district in _figures(purchase_round).districts:
        for item_id, quantity in district.to_deliver_by_item.items():
            if quantity > 0:
                purchasing.record_delivery(
                    DeliveryFactory.build(
                        round=purchase_round,
                        item=purchase_round.items.get(pk=item_id),
                        center=district.center,
                        delivered_on=today,
                        quantity=quantity,
                    )
                )


def _pick_up_and_pay_everything(purchase_round) -> None:
    today = timezone.localdate()
    figures = _figures(purchase_round)
    for group in figures.groups.values():
        for item_id, quantity in group.to_pick_up_by_item.items():
            if quantity > 0:
                purchasing.record_pickup(
                    PickupFactory.build(
                        round=purchase_round,
                        item=purchase_round.items.get(pk=item_id),
                        organization=group.organization,
                        picked_up_on=today,
                        quantity=quantity,
                    ),
                    group.center,
                )
        if group.outstanding > 0:
            purchasing.record_payment(
                PaymentFactory.build(
                    round=purchase_round,
                    center=group.center,
                    organization=group.organization,
                    amount=group.outstanding,
                )
            )
    if purchase_round.center.level == "provincial":
        for district in _figures(purchase_round).districts:
            if district.outstanding_to_province > 0:
                purchasing.record_payment(
                    PaymentFactory.build(
                        round=purchase_round,
                        kind="district",
                        center=district.center,
                        amount=district.outstanding_to_province,
                    )
                )


class ReferencePriceFactory(Factory):
    """What a group pays buying alone for a product, from a date (16,000 baht from today)."""

    class Meta:
        model = "catalogue.ReferencePrice"

    product = factory.SubFactory(ProductFactory)
    price = D("16000")
    effective_on = factory.LazyFunction(timezone.localdate)
    source = "สำรวจราคาร้านค้าเพื่อการทดสอบ"
