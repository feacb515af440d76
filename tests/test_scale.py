"""seed_scale builds the same province for the same factor, of the promised shape."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from demo.scale import MARK, Builder
from members.models import Organization
from members.rosters.models import RosterMember
from members.validators import validate_national_id
from transactions.purchases.models import OrderLine, PurchaseRound, RoundStatus

pytestmark = pytest.mark.usefixtures("demo")


class Undo(Exception):
    pass


def build_and_digest(factor):
    """Build, read back what a user would see, and roll everything back."""
    digest = {}
    try:
        with transaction.atomic():
            digest["counts"] = Builder(factor).build()
            digest["organizations"] = list(
                Organization.objects.filter(registration_number__startswith=MARK)
                .order_by("registration_number")
                .values_list("name", "kind", "district__code", "member_count")
            )
            digest["lines"] = sorted(
                OrderLine.objects.filter(order__round__title__contains="จำลอง").values_list(
                    "organization__registration_number", "item__product__name", "quantity"
                )
            )
            digest["ids"] = list(
                RosterMember.objects.filter(
                    roster__organization__registration_number__startswith=MARK
                )
                .order_by("national_id")
                .values_list("national_id", flat=True)
            )
            digest["open_rounds"] = PurchaseRound.objects.filter(
                title__contains="จำลอง", status=RoundStatus.OPEN
            ).count()
            raise Undo
    except Undo:
        return digest


def test_the_same_factor_builds_the_same_data():
    first, second = build_and_digest(0.02), build_and_digest(0.02)
    assert first == second
    assert first["counts"]["องค์กร"] == 20
    assert first["counts"]["สมาชิกในทะเบียน"] == 600
    assert first["counts"]["รอบซื้อร่วม"] == 60  # five years of monthly rounds
    assert first["open_rounds"] == 1  # the current month's, for the load run
    assert first["counts"]["การประชุม"] == 17 * 60  # every committee, every month


def test_roster_ids_carry_a_valid_check_digit_and_are_unique():
    ids = [national_id for national_id in build_and_digest(0.02)["ids"] if national_id]
    assert len(ids) == len(set(ids))
    for national_id in ids[:50]:
        validate_national_id(national_id)


def test_a_second_run_refuses_instead_of_doubling(capsys):
    call_command("seed_scale", "--factor", "0.01")
    with pytest.raises(CommandError, match="มีข้อมูลจำลองอยู่แล้ว"):
        call_command("seed_scale", "--factor", "0.01")
