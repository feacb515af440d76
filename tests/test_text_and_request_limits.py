"""Every text has a length a person needs, every spreadsheet a number of rows read (blank
ones included) and every request a size: past them the answer is a Thai message and
nothing is saved."""

import csv
import datetime
import io
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from centers.models import Committee, Membership, MembershipStatus
from demo.rosters import WITHOUT_ROSTER
from meetings import services as meetings
from meetings.models import MAX_SUB_ITEMS, AgendaItem, Amendment
from members.registry.models import RegistryImport
from members.rosters.models import RosterMember
from reports.models import ReportReview
from songkhla_network.fields import MINUTES_LENGTH, NOTE_LENGTH
from transactions.purchases.models import DistrictOrder, OrderLine, OrderStatus, RoundEvent

from .purchase_helpers import active_groups, district, make_round, order
from .test_registry_import import HEADER as REGISTRY_HEADER
from .test_rosters import HEADERS as ROSTER_HEADERS
from .test_rosters import people, roster_url

BOARD = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"


@pytest.fixture
def meeting(demo):
    return meetings.create_meeting(
        Committee.objects.get(name=BOARD),
        timezone.make_aware(datetime.datetime(2027, 3, 9, 9, 30)),
        "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ จำกัด",
        None,
    )


# Texts ----------------------------------------------------------------------------------


def test_minutes_of_half_a_million_characters_are_refused(login, meeting):
    item = meeting.agenda.get(section=4)
    url = reverse("agenda_item", args=[meeting.pk, item.pk])
    response = login("rattaphum_coord").post(
        url, {"form": "item", "title": item.title, "minutes": "ก" * 500_000}
    )
    page = response.content.decode()
    assert f"ค่านี้ต้องมีความยาวไม่เกิน {MINUTES_LENGTH} ตัวอักษร (ปัจจุบันมี 500000 ตัวอักษร)" in page
    assert f'maxlength="{MINUTES_LENGTH}"' in page  # the browser stops typing there too
    item.refresh_from_db()
    assert item.minutes == ""


def test_a_meetings_agenda_together_has_a_length_too(login, meeting):
    """One long item each is within its limit; together they would make a PDF of hours."""
    client = login("rattaphum_coord")
    items = list(meeting.agenda.order_by("section"))
    for item in items[:5]:
        response = client.post(
            reverse("agenda_item", args=[meeting.pk, item.pk]),
            {
                "form": "item",
                "title": item.title,
                "details": "ข" * 5_000,
                "minutes": "ก" * 10_000,
            },
        )
    page = response.content.decode()
    assert "ข้อความของทุกระเบียบวาระในการประชุมครั้งนี้รวมกันได้ไม่เกิน 60,000 ตัวอักษร" in page
    assert sorted(len(item.minutes) for item in meeting.agenda.all()) == [0, 10_000] + [10_000] * 3


def test_sub_items_stop_at_thirty(login, meeting):
    client = login("rattaphum_coord")
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, section=4, position=n, title=f"เรื่อง {n}")
        for n in range(1, MAX_SUB_ITEMS + 1)
    )
    response = client.post(
        reverse("agenda_add", args=[meeting.pk]), {"section": "4", "title": "อีกเรื่อง"}, follow=True
    )
    assert f"มีเรื่องย่อยถึงลำดับที่ {MAX_SUB_ITEMS} แล้ว" in response.content.decode()
    assert not meeting.agenda.filter(title="อีกเรื่อง").exists()


def test_the_database_refuses_minutes_no_form_would_take(meeting):
    item = meeting.agenda.get(section=4)
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(minutes="ก" * (MINUTES_LENGTH + 1))
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Amendment.objects.create(meeting=meeting, text="ก" * 5_001)


def test_mou_signatories_of_ten_thousand_characters_are_refused(login, demo):
    membership = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, center__district__code="9009"
    ).first()
    before = (membership.mou_signatories, membership.mou_signed_on)
    response = login("rattaphum_coord").post(
        reverse("application_mou", args=[membership.pk]),
        {
            "mou-signed_on": "10/3/2569",
            "mou-signatories": "นายสมปอง ใจดี ประธานกลุ่ม\n" * 400,
            "mou-scan": SimpleUploadedFile("mou.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert f"ค่านี้ต้องมีความยาวไม่เกิน {NOTE_LENGTH} ตัวอักษร" in response.content.decode()
    membership.refresh_from_db()
    assert (membership.mou_signatories, membership.mou_signed_on) == before


def test_a_reason_or_comment_longer_than_a_person_writes_is_refused(login, demo):
    purchase_round = make_round()
    item = purchase_round.items.get()
    rattaphum = district("9009")
    order(purchase_round, rattaphum, {(active_groups(rattaphum)[0], item): 5})
    client = login("prov_coord")
    long = "ก" * (NOTE_LENGTH + 1)
    response = client.post(
        reverse("purchase_order_return", args=[purchase_round.pk, "9009"]),
        {"note": long},
        follow=True,
    )
    assert f"ยาวได้ไม่เกิน {NOTE_LENGTH:,} ตัวอักษร" in response.content.decode()
    assert DistrictOrder.objects.get(round=purchase_round).status == OrderStatus.SUBMITTED
    response = client.post(
        reverse("purchase_round_transition", args=[purchase_round.pk]),
        {"action": "cancel", "note": long},
        follow=True,
    )
    assert f"ยาวได้ไม่เกิน {NOTE_LENGTH:,} ตัวอักษร" in response.content.decode()
    assert not RoundEvent.objects.filter(round=purchase_round, to_status="cancelled").exists()
    url = reverse("center_report", args=["9009", 2569, 10])
    response = login("rattaphum_chair").post(
        reverse("report_review", args=["9009", 2569, 10]), {"comment": long}, follow=True
    )
    assert response.redirect_chain[-1][0] == url
    assert f"ความเห็นยาวได้ไม่เกิน {NOTE_LENGTH:,} ตัวอักษร" in response.content.decode()
    assert not ReportReview.objects.filter(comment=long).exists()


# Spreadsheets ---------------------------------------------------------------------------


def _blank_then_one_row_xlsx(headers, blank_rows, row) -> SimpleUploadedFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for _ in range(blank_rows):
        sheet.append([""] * len(headers))
    sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("รายชื่อ.xlsx", stream.getvalue())


def _blank_then_one_row_csv(headers, blank_rows, row) -> SimpleUploadedFile:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headers)
    writer.writerows([[""] * len(headers)] * blank_rows)
    writer.writerow(row)
    return SimpleUploadedFile("รายชื่อ.csv", stream.getvalue().encode("utf-8-sig"))


@pytest.mark.parametrize("make", [_blank_then_one_row_xlsx, _blank_then_one_row_csv])
def test_a_roster_of_blank_rows_is_refused_after_the_rows_it_may_have(login, make):
    """Blank rows cost as much to read as full ones: reading stops at 10,000 rows read,
    before the one real member below them, and nothing is imported."""
    client = login("rattaphum_coord")
    before = RosterMember.objects.count()
    file = make(ROSTER_HEADERS, 30_000, people(1)[0])
    started = time.monotonic()
    response = client.post(roster_url(WITHOUT_ROSTER, "roster_upload"), {"file": file})
    elapsed = time.monotonic() - started
    page = response.content.decode()
    assert "ไฟล์มีเกิน 10,000 แถว (นับรวมแถวว่าง) จึงหยุดอ่านและยังไม่ได้นำเข้าข้อมูลใด ๆ" in page
    assert RosterMember.objects.count() == before
    assert elapsed < 20  # the 30,000 rows are not all read (51 s for 900,000 before)


@pytest.mark.parametrize("make", [_blank_then_one_row_xlsx, _blank_then_one_row_csv])
def test_a_registry_file_of_blank_rows_is_refused_likewise(login, make):
    before = RegistryImport.objects.count()
    file = make(REGISTRY_HEADER, 30_000, ["กลุ่มทดสอบแถวว่าง", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""])
    response = login("prov_coord").post(
        reverse("registry_import"), {"source": "cooperative_office", "file": file}
    )
    assert response.status_code == 200
    assert "ไฟล์มีเกิน 10,000 แถว (นับรวมแถวว่าง)" in response.content.decode()
    assert RegistryImport.objects.count() == before


def test_a_workbook_that_unpacks_to_more_than_its_rows_need_is_not_parsed(demo):
    """A few megabytes of zip can hold millions of cells, every one of which openpyxl would
    parse: the unpacked size is checked first."""
    from django.core.exceptions import ValidationError

    from members.registry.spreadsheet import COLUMNS
    from songkhla_network.spreadsheets import read_table

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(REGISTRY_HEADER)
    for n in range(1_000):
        sheet.append([f"กลุ่มกว้าง {n}", "กลุ่มอาชีพ", "รัตภูมิ", *["ค่า"] * 100])
    stream = io.BytesIO()
    workbook.save(stream)
    wide = SimpleUploadedFile("กว้าง.xlsx", stream.getvalue())
    with pytest.raises(ValidationError, match="เมื่อคลายออกมีข้อมูลมากกว่าที่ไฟล์ 100 แถวจะมีได้"):
        read_table(wide, COLUMNS, max_rows=100)
    assert len(read_table(wide, COLUMNS, max_rows=5_000).rows) == 1_000  # the web's limit


# Requests -------------------------------------------------------------------------------


def test_a_form_too_large_to_take_answers_a_thai_page(login, demo):
    purchase_round = make_round()
    url = reverse("purchase_order_entry", args=[purchase_round.pk, "9009"])
    body = ("version=0&note=" + "a" * (6 * 1024 * 1024)).encode()
    response = login("rattaphum_coord").post(
        url, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "ข้อมูลที่ส่งมาใหญ่เกินไป" in page and "5 เมกะไบต์" in page
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()


def test_a_file_too_large_to_take_answers_a_thai_page(login, demo):
    big = SimpleUploadedFile("รายชื่อ.csv", b"," * (13 * 1024 * 1024))
    before = RosterMember.objects.count()
    response = login("rattaphum_coord").post(
        roster_url(WITHOUT_ROSTER, "roster_upload"), {"file": big}
    )
    assert response.status_code == 413
    assert "ไฟล์และข้อมูลที่แนบมาพร้อมกันรวมกันเกิน 12 เมกะไบต์" in response.content.decode()
    assert RosterMember.objects.count() == before


def test_a_grid_of_many_groups_and_products_is_taken_whole(login, demo):
    """A district's grid posts a field per group and product: hundreds of groups at scale
    passed Django's default of 1,000 fields (a 400 before)."""
    purchase_round = make_round()
    item = purchase_round.items.get()
    group = active_groups(district("9009"))[0]
    data = {"version": "0", "submission_key": str(uuid.uuid4()), f"q_{group.pk}_{item.pk}": "5"}
    data |= {f"q_{900_000 + n}_{item.pk}": "" for n in range(3_000)}  # cells the page drew
    response = login("rattaphum_coord").post(
        reverse("purchase_order_entry", args=[purchase_round.pk, "9009"]), data
    )
    assert response.status_code == 302
    assert OrderLine.objects.get(order__round=purchase_round).quantity == 5
