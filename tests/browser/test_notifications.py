"""The header's count of unread messages and the inbox, on a phone (360 px)."""

import re

from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from notifications import services
from notifications.kinds import Kind

PHONE = {"width": 360, "height": 740}


def test_a_coordinator_sees_the_count_and_opens_a_message_on_a_phone(new_context, sign_in):
    user = User.objects.get(username="rattaphum_coord")
    user.notifications.all().delete()
    for number in range(2):
        services.notify(
            kind=Kind.ORDER_RETURNED,
            event_key=f"browser:{number}",
            recipients=[user],
            title=f"คำสั่งซื้อถูกส่งกลับ เรื่องที่ {number + 1}",
            body="ศูนย์จังหวัดส่งคำสั่งซื้อกลับให้แก้ไข เหตุผล: ปริมาณสูงผิดปกติ",
            url=reverse("purchase_round_list"),
        )
    page = sign_in(new_context(viewport=PHONE), "rattaphum_coord").new_page()
    page.goto("/")
    count = page.locator(".site-user .unread-count")
    expect(count).to_have_text("2")
    page.locator(".site-user .inbox-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("การแจ้งเตือน")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.get_by_role("link", name="คำสั่งซื้อถูกส่งกลับ เรื่องที่ 2").click()
    expect(page).to_have_url(re.compile(r"/purchases/$"))
    expect(page.locator(".site-user .unread-count")).to_have_text("1")
