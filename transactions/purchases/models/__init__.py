"""Joint purchasing (ซื้อร่วมกัน): purchase rounds, the districts' orders, and the goods
and money of a round.

Orders flow up the hierarchy — group → district center → provincial center → supplier —
and goods and money flow back down: deliveries to the district centers, pickups by the
groups, payments from the groups to their district and from the districts to the province.
The products, their reference prices and the partners are the shared catalogue's
(transactions.catalogue).

Business rules live in services (state changes, order saving, allocation) and the
figures in selectors; models hold the data and the rules of a single row.
"""

# isort: off
# Defined in this order, as when they were one module (content types and permissions of a
# new database follow it).
from .rounds import (
    ROUND_TOTAL_MAXIMUM,
    RoundStatus,
    SENT_TO_SUPPLIER,
    EDITABLE,
    TAKING_ENTRIES,
    RECORDED_AFTER_CLOSING,
    PurchaseRoundQuerySet,
    PurchaseRound,
    RoundEvent,
    RoundItem,
    PriceTier,
)
from .orders import OrderStatus, DistrictOrder, OrderLine, Allocation
from .entries import Delivery, Pickup, PaymentKind, Payment
from .targets import TARGET_YEARS, PurchaseTarget

# isort: on

__all__ = [
    "ROUND_TOTAL_MAXIMUM",
    "RoundStatus",
    "SENT_TO_SUPPLIER",
    "EDITABLE",
    "TAKING_ENTRIES",
    "RECORDED_AFTER_CLOSING",
    "PurchaseRoundQuerySet",
    "PurchaseRound",
    "RoundEvent",
    "RoundItem",
    "PriceTier",
    "OrderStatus",
    "DistrictOrder",
    "OrderLine",
    "Allocation",
    "Delivery",
    "Pickup",
    "PaymentKind",
    "Payment",
    "TARGET_YEARS",
    "PurchaseTarget",
]
