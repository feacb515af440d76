"""Joint purchase flow in Chromium: a district coordinator on a phone enters the groups'
orders and submits them; the province closes the round and downloads the purchase order."""

import re
from decimal import Decimal
from io import BytesIO

from playwright.sync_api import expect
from pypdf import PdfReader

from demo.purchases import OPEN_ROUND
from transactions.purchases.models import DistrictOrder, OrderStatus, PurchaseRound, RoundStatus

PHONE = {"width": 360, "height": 740}
GROUP_A = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"
GROUP_B = "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"
FERTILIZER = "ปุ๋ยเคมีสูตร 15-15-15"
UREA = "ปุ๋ยยูเรีย 46-0-0"


def baht(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text))


def is_htmx_request(request):
    return request.headers.get("hx-request") == "true"


def answers_htmx(response):
    return is_htmx_request(response.request)


def test_coordinator_orders_on_a_phone_and_the_province_orders_from_the_supplier(
    new_context, sign_in
):
    purchase_round = PurchaseRound.objects.get(title=OPEN_ROUND)
    item = purchase_round.items.get(product__name=FERTILIZER)

    # The Rattaphum coordinator, on a 360 px phone.
    phone = sign_in(new_context(viewport=PHONE, has_touch=True), "rattaphum_coord").new_page()
    phone.goto(f"/purchases/{purchase_round.pk}/")
    phone.get_by_role("link", name="อำเภอรัตภูมิ").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "คำสั่งซื้อของศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ"
    )
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    phone.evaluate("window.stillTheSamePage = true")
    before = phone.locator("#grand-total").inner_text()

    cell_a = phone.get_by_label(f"{GROUP_A}: {FERTILIZER} (ตัน)")
    cell_b = phone.get_by_label(f"{GROUP_B}: {FERTILIZER} (ตัน)")
    with phone.expect_request(is_htmx_request):
        cell_a.fill("๒๕")  # Thai digits mean the same
    with phone.expect_request(is_htmx_request):
        cell_b.fill("12.5")
    with phone.expect_response(answers_htmx):  # this group takes no urea this time
        phone.get_by_label(f"{GROUP_A}: {UREA} (กระสอบ (50 กก.))").fill("")
    row_a = phone.locator(f"#row-amount-{_group_pk(GROUP_A)}")
    price = phone.locator(f"#col-price-{item.pk}")
    expect(phone.locator("#grand-total")).not_to_have_text(before)
    unit_price = baht(price.inner_text())  # the tier the network total reaches
    expect(row_a).to_have_text(f"{Decimal('25') * unit_price:,.2f} บาท")
    assert phone.evaluate("window.stillTheSamePage") is True  # no reload

    phone.get_by_role("button", name="บันทึก", exact=True).click()
    # The cleared urea was ordered: the save asks first, naming what goes.
    removals = phone.get_by_role("alert").filter(has_text="ยืนยันการลบคำสั่งซื้อเดิมของกลุ่ม")
    expect(removals).to_contain_text(f"{GROUP_A}: {UREA} 120 กระสอบ (50 กก.)")
    expect(cell_a).to_have_value("๒๕")  # the grid still holds what was typed
    phone.get_by_role("button", name="ยืนยันบันทึกและลบรายการเหล่านี้").click()
    expect(phone.locator(".messages")).to_contain_text("บันทึกคำสั่งซื้อแล้ว")
    expect(cell_a).to_have_value("25.00")
    phone.get_by_role("button", name="ส่งคำสั่งซื้อของอำเภอ", exact=True).click()
    confirm = phone.locator("#confirm-step")  # in place, without leaving the page
    expect(confirm).to_contain_text("แก้ไขไม่ได้จนกว่าศูนย์จังหวัดจะส่งคืน")
    phone.get_by_role("button", name="ยืนยันส่งคำสั่งซื้อของอำเภอ").click()
    expect(phone.locator(".messages")).to_contain_text("ส่งคำสั่งซื้อของอำเภอให้ศูนย์จังหวัดแล้ว")
    expect(cell_a).to_be_disabled()
    order = DistrictOrder.objects.get(round=purchase_round, center__district__code="9009")
    assert order.status == OrderStatus.SUBMITTED
    assert order.lines.get(organization__name=GROUP_A, item=item).quantity == Decimal("25")

    # The federation's marketing department closes the round and orders.
    desk = sign_in(new_context(), "prov_coord").new_page()
    desk.goto(f"/purchases/{purchase_round.pk}/")
    rattaphum_row = desk.locator("tr", has=desk.get_by_role("link", name="อำเภอรัตภูมิ"))
    expect(rattaphum_row).to_contain_text("ส่งศูนย์จังหวัดแล้ว")
    desk.get_by_role("button", name="ปิดรับคำสั่งซื้อ", exact=True).click()
    expect(desk.locator("#confirm-step")).to_contain_text("ปิดรับคำสั่งซื้อก่อนกำหนด")
    desk.get_by_role("button", name="ยืนยันปิดรับคำสั่งซื้อ").click()
    expect(desk.locator(".messages")).to_contain_text("ปิดรับคำสั่งซื้อแล้ว")
    desk.get_by_role("button", name="สั่งซื้อจากผู้จำหน่าย", exact=True).click()
    expect(desk.locator("#confirm-step")).to_contain_text("อำเภอรัตภูมิ")
    desk.get_by_role("button", name="ยืนยันสั่งซื้อจากผู้จำหน่าย").click()
    expect(desk.locator(".messages")).to_contain_text("สั่งซื้อจากผู้จำหน่ายแล้ว")
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.ORDERED

    with desk.expect_download() as download_info:
        desk.get_by_role("link", name="ใบสั่งซื้อ (พีดีเอฟ)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf_file:
        pdf = pdf_file.read()
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert purchase_round.order_number in text


def _group_pk(name):
    from members.models import Organization

    return Organization.objects.get(name=name).pk


def test_order_entry_works_as_a_plain_form_without_javascript(new_context, sign_in):
    purchase_round = PurchaseRound.objects.get(title=OPEN_ROUND)
    context = sign_in(new_context(java_script_enabled=False, viewport=PHONE), "rattaphum_coord")
    page = context.new_page()
    page.goto(f"/purchases/{purchase_round.pk}/districts/9009/")
    page.get_by_label(f"{GROUP_B}: {FERTILIZER} (ตัน)").fill("๑๐")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("บันทึกคำสั่งซื้อแล้ว")
    expect(page.get_by_label(f"{GROUP_B}: {FERTILIZER} (ตัน)")).to_have_value("10.00")
    page.get_by_label(f"{GROUP_B}: {FERTILIZER} (ตัน)").fill("1.234")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.locator(".alert.error")).to_contain_text("ยังไม่ได้บันทึก")
    expect(page.locator(f"#err-q_{_group_pk(GROUP_B)}_{_item_pk(purchase_round)}")).to_have_text(
        "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"
    )
    line = DistrictOrder.objects.get(round=purchase_round, center__district__code="9009").lines
    assert line.get(organization__name=GROUP_B).quantity == Decimal("10")


def _item_pk(purchase_round):
    return purchase_round.items.get(product__name=FERTILIZER).pk


def test_confirmations_work_without_javascript(new_context, sign_in):
    """Each confirmation is a page of its own when there is no JavaScript."""
    purchase_round = PurchaseRound.objects.get(title=OPEN_ROUND)
    context = sign_in(new_context(java_script_enabled=False, viewport=PHONE), "rattaphum_coord")
    page = context.new_page()
    page.goto(f"/purchases/{purchase_round.pk}/districts/9009/")
    page.get_by_label(f"{GROUP_A}: {UREA} (กระสอบ (50 กก.))").fill("")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"{GROUP_A}: {UREA} 120 กระสอบ (50 กก.)")
    page.get_by_role("button", name="ยืนยันบันทึกและลบรายการเหล่านี้").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกคำสั่งซื้อแล้ว")
    order = DistrictOrder.objects.get(round=purchase_round, center__district__code="9009")
    assert not order.lines.filter(organization__name=GROUP_A, item__product__name=UREA).exists()

    page.get_by_role("button", name="ส่งคำสั่งซื้อของอำเภอ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ยืนยัน: ส่งคำสั่งซื้อของอำเภอรัตภูมิให้ศูนย์จังหวัด"
    )
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
    page.get_by_role("button", name="ยืนยันส่งคำสั่งซื้อของอำเภอ").click()
    expect(page.locator(".messages")).to_contain_text("ส่งคำสั่งซื้อของอำเภอให้ศูนย์จังหวัดแล้ว")
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED

    desk = sign_in(new_context(java_script_enabled=False), "prov_coord").new_page()
    desk.goto(f"/purchases/{purchase_round.pk}/")
    desk.get_by_role("button", name="ปิดรับคำสั่งซื้อ", exact=True).click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("ยืนยัน: ปิดรับคำสั่งซื้อก่อนกำหนด")
    expect(desk.locator("#confirm-step")).to_contain_text("จะไม่รวมในคำสั่งซื้อถึงผู้จำหน่าย")
    desk.get_by_role("button", name="ยืนยันปิดรับคำสั่งซื้อ").click()
    expect(desk.locator(".messages")).to_contain_text("ปิดรับคำสั่งซื้อแล้ว")
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.CLOSED
