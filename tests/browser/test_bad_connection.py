"""Nothing typed is lost on a bad connection (issue 14), in Chromium on a 360 px phone.

Chromium's own network emulation (CDP Network.emulateNetworkConditions) throttles the
page to DevTools' "Slow 3G" and cuts it; a route that lets a save reach the server and
then drops its answer stands for the connection failing on the way back. The figures
survive the failed save and a reload, a retry is saved once, and a save whose answer
was lost is confirmed when the page is opened again (static/js/keep.js)."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from centers.models import Committee
from demo.purchases import OPEN_ROUND
from demo.rosters import WITHOUT_ROSTER
from meetings import services as meeting_services
from meetings.models import Attendance, AttendanceStatus
from members.models import Organization
from members.rosters.models import RosterMember
from transactions.purchases.models import DistrictOrder, PurchaseRound

PHONE = {"width": 360, "height": 740}
GROUP_B = "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"
GROUP_C = "กลุ่มแม่บ้านเกษตรกรบ้านควนรู"
FERTILIZER = "ปุ๋ยเคมีสูตร 15-15-15"
UREA = "ปุ๋ยยูเรีย 46-0-0"
BOARD = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"

# DevTools' "Slow 3G": 400 ms × 5 latency, 500 kbit/s × 0.8 each way (bytes per second).
SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}
OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
ONLINE = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
SLOW_MS = 60_000
DRAFTS = "Object.keys({store}).filter(key => key.startsWith('songkhla-keep:'))"


class Network:
    """The page's connection, through Chromium's network emulation."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")

    def __call__(self, conditions):
        self.session.send("Network.emulateNetworkConditions", conditions)


def lose_answers(page, path):
    """From now on a form POST to `path` reaches the server, but its answer never comes
    back (the connection drops on the way). Live-total requests (htmx) pass."""

    def handle(route):
        request = route.request
        if request.method == "POST" and request.headers.get("hx-request") != "true":
            route.fetch()  # the server receives and saves it
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(f"**{path}", handle)
    return lambda: page.unroute(f"**{path}", handle)


def failed_save(page):
    return page.get_by_role("alert").filter(has_text="บันทึกไม่สำเร็จ")


def draft_offer(page):
    return page.get_by_role("alert").filter(has_text="ที่ยังไม่ได้บันทึก")


def saved_notice(page):
    return page.get_by_role("status").filter(has_text="บันทึกแล้ว")


def fits(page):
    return page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_order_figures_survive_a_dropped_connection_and_are_saved_once(new_context, sign_in):
    purchase_round = PurchaseRound.objects.get(title=OPEN_ROUND)

    def order():
        return DistrictOrder.objects.get(round=purchase_round, center__district__code="9009")

    def quantity(group, product):
        line = order().lines.filter(organization__name=group, item__product__name=product)
        return line.get().quantity if line.exists() else None

    url = f"/purchases/{purchase_round.pk}/districts/9009/"
    phone = sign_in(new_context(viewport=PHONE, has_touch=True), "rattaphum_coord").new_page()
    phone.goto(url)
    network = Network(phone)
    network(SLOW_3G)
    version = order().version
    cell_b = phone.get_by_label(f"{GROUP_B}: {FERTILIZER} (ตัน)")
    cell_c = phone.get_by_label(f"{GROUP_C}: {UREA} (กระสอบ (50 กก.))")
    save = phone.get_by_role("button", name="บันทึก", exact=True)

    # On Slow 3G a save goes through, slowly.
    cell_b.fill("๓๐")
    save.click()
    expect(phone.locator(".messages")).to_contain_text("บันทึกคำสั่งซื้อแล้ว", timeout=SLOW_MS)
    assert order().version == version + 1
    version += 1

    # Figures typed, then the signal drops: the live total says it failed, and the
    # "saved" message, no longer true of what is on screen, goes.
    cell_c.fill("40")
    network(OFFLINE)
    cell_b.fill("35")
    expect(phone.get_by_role("alert").filter(has_text="คำนวณยอดเงินและราคาไม่ได้")).to_be_visible()
    expect(phone.locator(".messages")).to_have_count(0)

    # บันทึก with no connection: said on the page, in Thai; the figures stay.
    save.click()
    expect(failed_save(phone)).to_contain_text("ข้อมูลที่กรอกยังอยู่ในหน้านี้")
    expect(cell_b).to_have_value("35")
    expect(cell_c).to_have_value("40")
    assert order().version == version  # nothing reached the server
    assert fits(phone)

    # Back online, the page opened again (Slow 3G): what was typed is offered back.
    network(SLOW_3G)
    phone.reload(timeout=SLOW_MS)
    expect(draft_offer(phone)).to_be_visible(timeout=SLOW_MS)
    expect(cell_b).to_have_value("30.00")  # the server's figure until restored
    assert fits(phone)
    draft_offer(phone).get_by_role("button", name="นำข้อมูลที่กรอกไว้กลับมา").click()
    expect(draft_offer(phone)).to_have_count(0)
    expect(cell_b).to_have_value("35")
    expect(cell_c).to_have_value("40")

    # The save reaches the server and its answer is lost: the phone says it failed...
    restore_connection = lose_answers(phone, url)
    save.click()
    expect(failed_save(phone)).to_be_visible(timeout=SLOW_MS)
    assert order().version == version + 1
    assert quantity(GROUP_B, FERTILIZER) == Decimal("35")
    # ... and the retry, with the same submission key, is not saved a second time.
    restore_connection()
    failed_save(phone).get_by_role("button", name="ลองบันทึกอีกครั้ง").click()
    expect(phone.locator(".messages")).to_contain_text(
        "คำสั่งซื้อนี้บันทึกไปแล้ว ไม่ได้บันทึกซ้ำ", timeout=SLOW_MS
    )
    assert order().version == version + 1
    version += 1
    expect(cell_b).to_have_value("35.00")
    assert phone.evaluate(DRAFTS.format(store="localStorage")) == []

    # Another save whose answer is lost, and no retry: the page opened again says it
    # went through, and offers nothing.
    cell_c.fill("45")
    restore_connection = lose_answers(phone, url)
    save.click()
    expect(failed_save(phone)).to_be_visible(timeout=SLOW_MS)
    restore_connection()
    phone.reload(timeout=SLOW_MS)
    expect(saved_notice(phone)).to_be_visible(timeout=SLOW_MS)
    expect(draft_offer(phone)).to_have_count(0)
    expect(cell_c).to_have_value("45")
    assert order().version == version + 1
    assert quantity(GROUP_C, UREA) == Decimal("45")
    assert phone.evaluate(DRAFTS.format(store="localStorage")) == []


def test_minutes_and_attendance_survive_a_dropped_connection(new_context, sign_in):
    board = Committee.objects.get(name=BOARD)
    meeting = meeting_services.create_meeting(
        board,
        timezone.make_aware(datetime.datetime(2027, 3, 9, 9, 30)),
        "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ จำกัด",
        None,
    )
    item = meeting.agenda.get(section=4, position=0)
    minutes_text = "ที่ประชุมหารือการซื้อน้ำกรดร่วมกันก่อนฤดูกรีดยาง สมาชิกเสนอให้สำรวจความต้องการก่อน"
    resolution_text = "เห็นชอบให้สำรวจความต้องการก่อนสั่งซื้อ"
    path = f"/meetings/{meeting.pk}/agenda/{item.pk}/"
    page = sign_in(new_context(viewport=PHONE, has_touch=True), "rattaphum_coord").new_page()
    page.goto(path)
    network = Network(page)
    minutes = page.get_by_label("สรุปการประชุม")
    resolution = page.get_by_label("มติที่ประชุม")
    save = page.get_by_role("button", name="บันทึกระเบียบวาระ")
    minutes.fill(minutes_text)
    resolution.fill(resolution_text)

    network(OFFLINE)
    save.click()
    expect(failed_save(page)).to_be_visible()
    expect(minutes).to_have_value(minutes_text)
    assert fits(page)

    network(ONLINE)
    page.reload()
    expect(draft_offer(page)).to_be_visible()
    expect(minutes).to_have_value("")
    draft_offer(page).get_by_role("button", name="นำข้อมูลที่กรอกไว้กลับมา").click()
    expect(minutes).to_have_value(minutes_text)
    expect(resolution).to_have_value(resolution_text)

    # A server error (a proxy's 502) says so, and keeps the figures too.
    def bad_gateway(route):
        if route.request.method == "POST":
            route.fulfill(status=502, body="Bad Gateway")
        else:
            route.continue_()

    page.route(f"**{path}", bad_gateway)
    save.click()
    expect(failed_save(page)).to_contain_text("ระบบขัดข้อง (รหัส 502)")
    expect(minutes).to_have_value(minutes_text)
    page.unroute(f"**{path}", bad_gateway)

    # Saved, the answer lost: the next opening of the page confirms it.
    restore_connection = lose_answers(page, path)
    save.click()
    expect(failed_save(page)).to_be_visible()
    restore_connection()
    item.refresh_from_db()
    assert (item.minutes, item.resolution) == (minutes_text, resolution_text)
    page.reload()
    expect(saved_notice(page)).to_be_visible()
    expect(draft_offer(page)).to_have_count(0)

    # Attendance: a leave with its reason, sent with no connection, retried.
    page.goto(f"/meetings/{meeting.pk}/attendance/")
    first = page.locator("fieldset.attendance-row").first
    first.get_by_label("ลาประชุม").check()
    first.get_by_label("เหตุผล").fill("ติดประชุมที่อำเภอ")
    network(OFFLINE)
    page.get_by_role("button", name="บันทึกการมาประชุม").click()
    expect(failed_save(page)).to_be_visible()
    network(ONLINE)
    failed_save(page).get_by_role("button", name="ลองบันทึกอีกครั้ง").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกการมาประชุมแล้ว")
    leave = Attendance.objects.get(meeting=meeting, status=AttendanceStatus.LEAVE)
    assert leave.reason == "ติดประชุมที่อำเภอ"
    assert page.evaluate(DRAFTS.format(store="localStorage")) == []


def test_a_roster_entry_survives_a_dropped_connection_in_the_tab_only(new_context, sign_in):
    organization = Organization.objects.get(name=WITHOUT_ROSTER)
    roster_path = f"/network/organizations/{organization.public_id}/roster/"
    page = sign_in(new_context(viewport=PHONE, has_touch=True), "rattaphum_coord").new_page()
    page.goto(roster_path)
    network = Network(page)
    first_name = page.get_by_label(re.compile(r"^ชื่อ:?$"))
    first_name.fill("สมใจ")
    page.get_by_label("นามสกุล").fill("รักดี")
    page.get_by_label("ไม่ยินยอม (บันทึกเฉพาะชื่อ)").check()
    add = page.get_by_role("button", name="เพิ่มสมาชิก")

    network(OFFLINE)
    add.click()
    expect(failed_save(page)).to_be_visible()
    # Names (and national IDs) are kept for this tab only, never in localStorage.
    assert page.evaluate(DRAFTS.format(store="localStorage")) == []
    assert len(page.evaluate(DRAFTS.format(store="sessionStorage"))) == 1

    network(ONLINE)
    page.reload()
    draft_offer(page).get_by_role("button", name="นำข้อมูลที่กรอกไว้กลับมา").click()
    expect(first_name).to_have_value("สมใจ")
    expect(page.get_by_label("ไม่ยินยอม (บันทึกเฉพาะชื่อ)")).to_be_checked()

    restore_connection = lose_answers(page, f"{roster_path}members/")
    add.click()
    expect(failed_save(page)).to_be_visible()
    restore_connection()
    members = RosterMember.objects.filter(roster__organization=organization)
    assert members.count() == 1
    failed_save(page).get_by_role("button", name="ลองบันทึกอีกครั้ง").click()
    expect(page.locator(".messages")).to_contain_text("ไม่ได้เพิ่มซ้ำ")
    assert members.count() == 1
    assert page.evaluate(DRAFTS.format(store="sessionStorage")) == []
