"""How a purchasing service refuses: a Thai message for the user."""

from decimal import Decimal


class RoundError(Exception):
    """A refused action; the message is Thai and meant for the user. `field`: the form
    field the refusal is about (a date), for the form to show it beside that field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class OrderConflict(RoundError):
    """Someone else saved the district's order since this form was drawn."""


class RemovalsUnconfirmed(RoundError):
    """The save would delete lines the groups had ordered, and the user has not yet
    confirmed it. `removals`: [(organization id, item id, quantity)], nothing saved."""

    def __init__(self, removals: list[tuple[int, int, Decimal | None]]) -> None:
        self.removals = removals
        super().__init__("การบันทึกนี้จะลบคำสั่งซื้อเดิมของกลุ่ม กรุณาตรวจสอบรายการแล้วยืนยัน")
