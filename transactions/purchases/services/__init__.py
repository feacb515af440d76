"""The rules of joint purchasing: state changes of a round, saving and submitting a
district's order, allocating a short delivery, and the timer's work.

Every function that changes data locks the round row first (SELECT ... FOR UPDATE), so
a close and an order save never interleave: either the save lands before the close, or
it waits, sees the round closed and is refused.

errors.py how a service refuses; rounds.py a round's transitions, creation and editing;
orders.py a district's order; receiving.py allocation, deliveries, pickups and payments;
schedule.py the timer; targets.py a year's purchase target.
"""

from .errors import OrderConflict, RemovalsUnconfirmed, RoundError
from .orders import check_submit, order_for, return_order, save_order, submit_order
from .receiving import (
    confirm_allocation,
    record_delivery,
    record_payment,
    record_pickup,
    save_allocation,
    set_supplied_quantity,
)
from .rounds import (
    ACTIONS,
    NOON,
    PRICES_LOCKED,
    Action,
    ItemChanges,
    _check_note,
    asks_confirmation,
    available_actions,
    check_transition,
    copy_round,
    lock_for_edit,
    moment_on,
    next_order_number,
    prices_locked,
    record_event,
    round_create,
    round_tiers_update,
    round_update,
    transition,
)
from .schedule import run_schedule, send_reminders
from .targets import target_set

__all__ = [
    "target_set",
    "RoundError",
    "OrderConflict",
    "RemovalsUnconfirmed",
    "Action",
    "ACTIONS",
    "available_actions",
    "asks_confirmation",
    "check_transition",
    "record_event",
    "NOON",
    "moment_on",
    "_check_note",
    "transition",
    "next_order_number",
    "PRICES_LOCKED",
    "prices_locked",
    "lock_for_edit",
    "ItemChanges",
    "round_create",
    "round_update",
    "round_tiers_update",
    "copy_round",
    "order_for",
    "save_order",
    "check_submit",
    "submit_order",
    "return_order",
    "set_supplied_quantity",
    "save_allocation",
    "confirm_allocation",
    "record_payment",
    "record_delivery",
    "record_pickup",
    "run_schedule",
    "send_reminders",
]
