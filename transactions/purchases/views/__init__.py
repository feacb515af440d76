"""Joint purchase pages, by page group: rounds.py (the list, a round, its editing and
state changes), orders.py (a district's order), receiving.py (after the supplier order),
documents.py (PDF, XLSX, CSV); shared.py what they share. Views stay thin: the policy
decides (songkhla_network.access), services change data, selectors compute the
figures."""

from .documents import orders_csv, orders_xlsx, purchase_order_pdf
from .orders import order_entry, order_return, order_submit
from .receiving import deliveries, district_receiving
from .rounds import (
    item_tiers,
    round_copy,
    round_create,
    round_detail,
    round_edit,
    round_list,
    round_transition,
)

__all__ = [
    "deliveries",
    "district_receiving",
    "item_tiers",
    "order_entry",
    "order_return",
    "order_submit",
    "orders_csv",
    "orders_xlsx",
    "purchase_order_pdf",
    "round_copy",
    "round_create",
    "round_detail",
    "round_edit",
    "round_list",
    "round_transition",
]
