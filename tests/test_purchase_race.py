"""An order arriving while the round is being closed: the close holds the round's row lock,
the save waits for it, then sees the round closed and saves nothing.

On PostgreSQL the lock is the round's row (SELECT ... FOR UPDATE); SQLite has no row
locks, and its transactions begin IMMEDIATE (settings): the close holds the database's
write lock, which the save waits for in the same way. tests/test_sqlite_web.py races the
same through the pages on SQLite.
"""

import threading
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connections, transaction

from demo.seed import seed_demo
from transactions.purchases import selectors, services
from transactions.purchases.models import OrderLine, PurchaseRound, RoundStatus

from .markers import needs_two_connections
from .purchase_helpers import district, make_round


@needs_two_connections
@pytest.mark.django_db(transaction=True)
def test_an_order_saved_while_the_round_closes_is_refused():
    seed_demo()
    purchase_round = make_round()
    item = purchase_round.items.get()
    rattaphum = district("9009")
    group = selectors.ordering_groups(rattaphum)[0]
    coordinator = User.objects.get(username="rattaphum_coord")
    closing_holds_lock = threading.Event()
    release_close = threading.Event()
    outcome = {}

    def close_slowly():
        try:
            with transaction.atomic():
                locked = PurchaseRound.objects.select_for_update().get(pk=purchase_round.pk)
                locked.status = RoundStatus.CLOSED
                locked.save(update_fields=["status"])
                closing_holds_lock.set()
                release_close.wait(10)
        finally:
            connections.close_all()

    def save():
        try:
            services.save_order(
                purchase_round,
                rattaphum,
                {(group.pk, item.pk): Decimal("5")},
                version=0,
                submission_key=uuid.uuid4(),
                user=coordinator,
                allowed_groups={group.pk},
            )
            outcome["result"] = "saved"
        except services.RoundError as refusal:
            outcome["result"] = str(refusal)
        finally:
            connections.close_all()

    closer = threading.Thread(target=close_slowly)
    closer.start()
    assert closing_holds_lock.wait(10)
    saver = threading.Thread(target=save)
    saver.start()
    saver.join(0.5)
    assert saver.is_alive(), "the save must wait for the close's lock"
    release_close.set()
    closer.join(10)
    saver.join(10)

    assert outcome["result"] == "รอบนี้ปิดรับคำสั่งซื้อแล้ว คำสั่งซื้อนี้จึงไม่ได้บันทึก"
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()
