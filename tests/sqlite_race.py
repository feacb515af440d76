"""Two people at once on the embedded SQLite default, through the pages (run by
tests/test_sqlite_web.py in a subprocess, so that it runs in CI too, where the suite's
database is PostgreSQL).

    DATABASE_URL=sqlite:////tmp/x/db.sqlite3 python -m tests.sqlite_race TRIALS

builds the schema and the demo network in that (new) file, then fires, TRIALS times
each, two requests at the same moment from two threads (a barrier) through the whole
stack, with the settings of `make run` (songkhla_network.settings_demo):

- saves: two saves of one district order from the same version;
- close: a save of a district order while the round is being closed;
- application: two approvals of one membership application;
- minutes: two approvals of one set of minutes.

It prints one JSON object: for each case a list of trials, each what the two requests
answered (status, the messages at the top of the page, the expected Thai sentences the
page shows, the errors the server logged) and what the database holds afterwards.
Importing it has no effect: Django is set up by main().
"""

import datetime
import json
import logging
import os
import re
import sys
import threading
import time
import uuid

# What the pages say.
SAVED = "บันทึกคำสั่งซื้อแล้ว"
CONFLICT = "บันทึกคำสั่งซื้อของอำเภอนี้ไปแล้วเมื่อ"
CLOSED_REFUSAL = "รอบนี้ปิดรับคำสั่งซื้อแล้ว คำสั่งซื้อนี้จึงไม่ได้บันทึก"
CLOSED = "ปิดรับคำสั่งซื้อแล้ว"
APPROVED = "อนุมัติใบสมัครแล้ว"
DECIDED = "ใบสมัครนี้พิจารณาแล้ว"
MINUTES_APPROVED = "รับรองรายงานการประชุม"
MINUTES_REFUSED = "รายงานการประชุมนี้รับรองแล้ว"

# The close starts this much later than the save (whose page does more before its
# transaction): both orders happen, and the close often arrives during the save.
CLOSE_DELAYS = (0, 0.01, 0.02, 0.04, 0.08)

MESSAGES = re.compile(r'<ul class="messages">(.*?)</ul>', re.S)
MESSAGE = re.compile(r'<li class="([^"]*)">(.*?)</li>', re.S)


class Failures(logging.Handler):
    """The server errors Django logs (django.request), by the thread that met them."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.by_thread = {}

    def emit(self, record):
        error = record.exc_info[1] if record.exc_info else None
        message = f"{record.getMessage()}: {error!r}" if error else record.getMessage()
        self.by_thread.setdefault(record.thread, []).append(message)


FAILURES = Failures()


def build() -> None:
    """The schema straight from the models (as a test database without migrations: the
    migrations check keeps them equal) and the demo network."""
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    from demo.seed import seed_demo

    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", run_syncdb=True, verbosity=0)
    seed_demo()


def client(username: str):
    """A signed-in browser that gets the 500 page of a failure, as a user would (the
    test client's re-raising collects exceptions through a signal shared by threads)."""
    from django.contrib.auth.models import User
    from django.test import Client

    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(User.objects.get(username=username))
    return signed_in


def at_once(*requests, delays=()):
    """Run the requests (callables) in threads released together (the n-th after
    delays[n] seconds); what each answered, with the errors logged while it ran."""
    from django.db import connections

    barrier = threading.Barrier(len(requests))
    answers = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait(10)
            if index < len(delays):
                time.sleep(delays[index])
            response = request()
            answers[index] = {"status": response.status_code, "text": response.content.decode()}
        except Exception as error:  # the answer the test looks at
            answers[index] = {"status": "exception", "text": repr(error)}
        finally:
            answers[index]["errors"] = FAILURES.by_thread.pop(threading.get_ident(), [])
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def summary(answer, needles) -> dict:
    """The status, the messages at the top of the page ([level, text]), which of the
    expected Thai sentences the page shows, and the errors the server logged."""
    found = MESSAGES.search(answer["text"])
    shown = MESSAGE.findall(found.group(1)) if found else []
    return {
        "status": answer["status"],
        "messages": [[level, " ".join(text.split())] for level, text in shown],
        "shows": [needle for needle in needles if needle in answer["text"]],
        "errors": answer["errors"] + ([answer["text"]] if answer["status"] == "exception" else []),
    }


# The cases ---------------------------------------------------------------------------


def _round_and_grid():
    from django.urls import reverse

    from tests.purchase_helpers import district, make_round
    from transactions.purchases import selectors
    from transactions.purchases.forms import cell_name

    purchase_round = make_round()
    item = purchase_round.items.get()
    groups = selectors.ordering_groups(district("9009"))[:2]
    url = reverse("purchase_order_entry", args=[purchase_round.pk, "9009"])

    def grid(quantity):
        data = {"version": "0", "submission_key": str(uuid.uuid4())}
        for group in groups:
            data[cell_name(group.pk, item.pk)] = str(quantity)
        return data

    return purchase_round, url, grid


def case_saves(clients, trial):
    """Two coordinators save the same district order from the same version."""
    from transactions.purchases.models import DistrictOrder, OrderLine

    purchase_round, url, grid = _round_and_grid()
    first, second = grid(5), grid(7)
    answers = at_once(
        lambda: clients["rattaphum_coord"].post(url, first, follow=True),
        lambda: clients["rattaphum_coord_2"].post(url, second, follow=True),
    )
    order = DistrictOrder.objects.filter(round=purchase_round).first()
    lines = OrderLine.objects.filter(order__round=purchase_round)
    return {
        "answers": [summary(answer, [SAVED, CONFLICT]) for answer in answers],
        "version": order.version if order else None,
        "quantities": sorted(
            {str(quantity) for quantity in lines.values_list("quantity", flat=True)}
        ),
    }


def case_close(clients, trial):
    """A coordinator saves the district order while an admin closes the round."""
    from django.urls import reverse

    from transactions.purchases.models import OrderLine, RoundEvent

    purchase_round, url, grid = _round_and_grid()
    close = reverse("purchase_round_transition", args=[purchase_round.pk])
    answers = at_once(
        lambda: clients["rattaphum_coord"].post(url, grid(5), follow=True),
        lambda: clients["admin"].post(close, {"action": "close", "confirmed": "1"}, follow=True),
        delays=(0, CLOSE_DELAYS[trial % len(CLOSE_DELAYS)]),
    )
    purchase_round.refresh_from_db()
    closed_at = (
        RoundEvent.objects.filter(round=purchase_round, to_status="closed")
        .values_list("at", flat=True)
        .first()
    )
    lines = OrderLine.objects.filter(order__round=purchase_round)
    updated = lines.values_list("order__updated_at", flat=True).first()
    return {
        "answers": [
            summary(answers[0], [SAVED, CLOSED_REFUSAL]),
            summary(answers[1], [CLOSED]),
        ],
        "status": purchase_round.status,
        "lines": lines.count(),
        "saved_before_close": bool(updated and closed_at and updated <= closed_at),
    }


def case_application(clients, trial):
    """The district chair and an admin approve the same application."""
    from django.urls import reverse
    from django.utils import timezone

    from centers.models import Membership, MembershipStatus
    from tests.factories import MembershipFactory, district_center

    membership = MembershipFactory(
        center=district_center("9009"),
        status=MembershipStatus.APPLIED,
        applied_on=datetime.date(2026, 1, 5),
        joined_on=None,
    )
    url = reverse("application_decide", args=[membership.pk])
    today = timezone.localdate()
    data = {"action": "approve", "approve-joined_on": f"{today:%d/%m}/{today.year + 543}"}
    answers = at_once(
        lambda: clients["rattaphum_chair"].post(url, data, follow=True),
        lambda: clients["admin"].post(url, data, follow=True),
    )
    membership = Membership.objects.get(pk=membership.pk)
    history = membership.history.filter(status=MembershipStatus.ACTIVE, history_type="~")
    return {
        "answers": [summary(answer, [APPROVED, DECIDED]) for answer in answers],
        "status": membership.status,
        "approvals_in_history": history.count(),
    }


def case_minutes(clients, trial):
    """The chair approves the same minutes on two devices, each with an amendment."""
    from django.urls import reverse
    from django.utils import timezone

    from centers.models import Committee
    from meetings import services
    from meetings.models import Amendment, Meeting, MeetingStatus

    board = Committee.objects.get(name="คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ")
    meeting = services.create_meeting(
        board, timezone.now() - datetime.timedelta(days=3), "ห้องประชุมสหกรณ์", None
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    url = reverse("meeting_approve", args=[meeting.pk])
    answers = at_once(
        lambda: clients["rattaphum_chair"].post(url, {"amendments": "แก้ชื่อ"}, follow=True),
        lambda: clients["rattaphum_chair_2"].post(url, {"amendments": "แก้เวลา"}, follow=True),
    )
    meeting.refresh_from_db()
    return {
        "answers": [summary(answer, []) for answer in answers],
        "title": meeting.title_number,
        "minutes_status": meeting.minutes_status,
        "amendments": Amendment.objects.filter(meeting=meeting).count(),
    }


CASES = {
    "saves": case_saves,
    "close": case_close,
    "application": case_application,
    "minutes": case_minutes,
}


def main(trials: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songkhla_network.settings_demo")
    import django

    django.setup()
    from django.db import connection

    logging.getLogger("django.request").addHandler(FAILURES)
    started = time.monotonic()
    build()
    built = time.monotonic() - started
    clients = {
        "rattaphum_coord": client("rattaphum_coord"),
        "rattaphum_coord_2": client("rattaphum_coord"),
        "rattaphum_chair": client("rattaphum_chair"),
        "rattaphum_chair_2": client("rattaphum_chair"),
        "admin": client("admin"),
    }
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    results = {
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "database": dict(connection.settings_dict["OPTIONS"]),
        "journal_mode": journal_mode,
    }
    for name, case in CASES.items():
        results[name] = [case(clients, trial) for trial in range(trials)]
    results["seconds"] = {"build": round(built, 1), "total": round(time.monotonic() - started, 1)}
    print(json.dumps(results, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
