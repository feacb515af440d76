"""The figures of a purchase round, computed in a fixed number of queries.

`round_figures` reads the round's items, orders, lines, allocations, deliveries, pickups
and payments once each (about ten queries whatever the number of districts, groups and
products) and derives everything the pages, the PDF and the exports show: the total per
product, the tier reached and the unit price everyone pays, each group's and district's
quantities, what is still to deliver and to pick up, money due, paid and outstanding, and
the savings against the reference prices.

`round_summary` gives the same figures per product and per district without reading the
groups (sums in SQL), for the round page at province and district level and the
deliveries page: a provincial round has a line for thousands of groups. The pages that
show a few groups (a district's receiving page, a representative's own groups) ask
round_figures for those groups only (`organizations`).
"""

from .entry import OrderEntry, former_groups, order_entry, organizations_by_pk
from .figures import (
    DistrictFigures,
    GroupFigures,
    ItemFigures,
    RoundFigures,
    counted_totals,
    counts_drafts,
    district_figures,
    participating_centers,
    round_figures,
    round_items,
)
from .home import (
    UNDER_WAY,
    GroupRound,
    OrderDue,
    district_orders_due,
    group_rounds,
    open_round_count,
    rounds_under_way,
)
from .lists import (
    ordered_item_ids,
    ordering_groups,
    recorded_submission_keys,
    rounds_for_list,
    targets_with_progress,
)
from .records import (
    DistrictRecords,
    RoundRecords,
    centers_among,
    district_records,
    ordered_groups,
    round_records,
)
from .summaries import DistrictSummary, RoundSummary, round_summary, supplier_order_preview

__all__ = [
    "ordered_item_ids",
    "OrderEntry",
    "former_groups",
    "order_entry",
    "organizations_by_pk",
    "DistrictRecords",
    "RoundRecords",
    "centers_among",
    "district_records",
    "ordered_groups",
    "round_records",
    "counts_drafts",
    "ItemFigures",
    "GroupFigures",
    "DistrictFigures",
    "RoundFigures",
    "round_items",
    "participating_centers",
    "counted_totals",
    "district_figures",
    "round_figures",
    "DistrictSummary",
    "RoundSummary",
    "round_summary",
    "supplier_order_preview",
    "targets_with_progress",
    "ordering_groups",
    "rounds_for_list",
    "recorded_submission_keys",
    "UNDER_WAY",
    "OrderDue",
    "district_orders_due",
    "open_round_count",
    "rounds_under_way",
    "GroupRound",
    "group_rounds",
]
