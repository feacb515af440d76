"""Money and quantities as every business keeps them: baht to the satang, quantities to
the thousandth of their unit, and a whole split into parts that add up to it exactly."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TypeVar

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 3}
ZERO = Decimal("0")
SATANG = Decimal("0.01")

Key = TypeVar("Key")


def to_satang(value: Decimal) -> Decimal:
    """An amount of baht rounded to the satang, half up: what a line of a bill shows and
    what is added up (each line is rounded before the sum, as on paper)."""
    return value.quantize(SATANG, rounding=ROUND_HALF_UP)


def split_in_proportion(
    total: Decimal, weights: dict[Key, Decimal], quantum: Decimal
) -> dict[Key, Decimal]:
    """Split `total` among the keys in proportion to `weights`, in steps of `quantum`,
    so that the parts add up to the total exactly (largest remainder)."""
    whole = sum(weights.values(), ZERO)
    if whole <= 0:
        return {key: ZERO for key in weights}
    shares, remainders = {}, []
    for key, weight in weights.items():
        exact = total * weight / whole
        share = exact.quantize(quantum, rounding=ROUND_DOWN)
        shares[key] = share
        remainders.append((exact - share, weight, key))
    left = total - sum(shares.values(), ZERO)
    for _, _, key in sorted(remainders, key=lambda row: (row[0], row[1]), reverse=True):
        if left < quantum:
            break
        shares[key] += quantum
        left -= quantum
    return shares
