"""The kinds of message the network sends, in Thai, and how each is heard by default.

Each business decides who hears of its events (through its own policy) and calls
notifications.services.notify() with one of these kinds; a person chooses per kind how
they hear it (the preferences page)."""

from django.db import models


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", "เปิดรอบซื้อร่วม"
    ROUND_CLOSING = "round_closing", "รอบซื้อร่วมใกล้ปิดและอำเภอยังไม่ส่งคำสั่งซื้อ"
    ORDER_RETURNED = "order_returned", "คำสั่งซื้อของอำเภอถูกส่งกลับให้แก้ไข"
    APPLICATION_DECIDED = "application_decided", "ใบสมัครสมาชิกได้รับการพิจารณาแล้ว"
    ROSTER_RETURNED = "roster_returned", "รายชื่อสมาชิกถูกส่งกลับให้แก้ไข"


class Channel(models.TextChoices):
    """How a person hears a kind of message; the inbox always has it."""

    APP = "app", "ในระบบเท่านั้น"
    EMAIL = "email", "อีเมลทันที"
    DIGEST = "digest", "อีเมลสรุปวันละครั้ง"


# A kind not chosen otherwise comes by e-mail at once: every kind so far asks the person
# to act before a date.
DEFAULT_CHANNEL = Channel.EMAIL
