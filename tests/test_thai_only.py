"""No English on any page a user sees: our pages and Django admin alike.

Django's Thai catalogue leaves strings untranslated; locale/th fills them. This
test walks the pages and fails on any Latin word in the visible text (and in the
title, placeholder and aria-label attributes a user meets).
"""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from centers.models import Center, CenterLevel
from members.models import Organization

# Words a Thai user reads as Thai text: none. Login names are Latin by necessity
# and are data, not interface: visible_words() drops them.
ALLOWED: set[str] = set()
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')


def visible_words(html: str) -> set[str]:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    attributes = " ".join(ATTRIBUTES.findall(html))
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return set(LATIN_WORD.findall(text + " " + attributes)) - ALLOWED - _login_name_words()


def _login_name_words() -> set[str]:
    from django.contrib.auth.models import User

    return {
        part
        for name in User.objects.values_list("username", flat=True)
        for part in re.split(r"[^A-Za-z]+", name)
        if part
    }


def project_urls():
    rattaphum = Center.objects.get(level=CenterLevel.DISTRICT, district__code="9009")
    return [
        "/network/",
        "/network/districts/9009/",
        "/network/organizations/",
        "/network/organizations/?q=ไม่มีแน่นอน",
        rattaphum.host.get_absolute_url(),
        Organization.objects.get(name="กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง").get_absolute_url(),
        reverse("password_change"),
        reverse("password_change_done"),
        *purchase_urls(),
        *meeting_urls(),
        reverse("report_home"),
        "/reports/9009/2569/10/",
        "/reports/province/2569/10/",
        "/reports/dashboard/",
        "/reports/map/",
        "/reports/map/?district=9009",
    ]


def meeting_urls():
    from meetings.models import Meeting

    meetings = Meeting.objects.filter(committee__name="คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ")
    held = meetings.filter(status="held").order_by("-starts_at").first()
    no_quorum = meetings.filter(quorum_reached=False).first()
    scheduled = meetings.filter(status="scheduled").first()
    return [
        reverse("meetings_home"),
        reverse("committee_meetings", args=[held.committee_id]),
        held.get_absolute_url(),
        no_quorum.get_absolute_url(),
        scheduled.get_absolute_url(),
        reverse("meeting_edit", args=[held.pk]),
        reverse("meeting_attendance", args=[held.pk]),
        reverse("agenda_item", args=[held.pk, held.agenda.get(section=4, position=1).pk]),
    ]


def purchase_urls():
    from transactions.purchases.models import PurchaseRound

    open_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบเดือนธันวาคม 2569")
    settled = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบเดือนมีนาคม 2548")
    item = open_round.items.first()
    return [
        reverse("purchase_round_list"),
        reverse("purchase_catalogue"),
        reverse("purchase_round_create"),
        open_round.get_absolute_url(),
        settled.get_absolute_url(),
        reverse("purchase_round_edit", args=[open_round.pk]),
        reverse("purchase_item_tiers", args=[open_round.pk, item.pk]),
        reverse("purchase_round_copy", args=[open_round.pk]),
        reverse("purchase_order_entry", args=[open_round.pk, "9009"]),
        reverse("purchase_order_entry", args=[settled.pk, "9011"]),
        reverse("purchase_district_receiving", args=[settled.pk, "9009"]),
        reverse("purchase_district_receiving", args=[open_round.pk, "9009"]),
        reverse("purchase_deliveries", args=[settled.pk]),
        reverse("purchase_deliveries", args=[open_round.pk]),
    ]


class _AdminRequest:
    """Enough of a request for has_delete_permission() of a superuser."""

    class user:  # noqa: N801
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


def admin_urls():
    from axes.models import AccessAttempt

    # A locked-out sign-in and an edited organization, so their pages have rows.
    AccessAttempt.objects.create(
        username="group_rep", ip_address="127.0.0.9", failures_since_start=5, get_data="",
        post_data="", user_agent="", path_info="/accounts/login/",
    )  # fmt: skip
    edited = Organization.objects.get(name="กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง")
    edited.member_count, edited.phone = 36, "074-555555"
    edited.save()
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        if model._meta.app_label in {"members", "centers", "auth", "songkhla_network"}:
            if model_admin.has_add_permission(_AdminRequest()):
                urls.append(reverse(f"{prefix}_add"))
            obj = model.objects.first()
            if obj is not None:
                urls.append(reverse(f"{prefix}_change", args=[obj.pk]))
                urls.append(reverse(f"{prefix}_history", args=[obj.pk]))
                record = getattr(obj, "history", None) and obj.history.first()
                if record is not None:
                    urls.append(
                        reverse(f"{prefix}_simple_history", args=[obj.pk, record.history_id])
                    )
                if model_admin.has_delete_permission(_AdminRequest(), obj):
                    urls.append(reverse(f"{prefix}_delete", args=[obj.pk]))
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
    return sorted(set(urls))


def test_error_pages_are_thai(client, login, settings):
    settings.DEBUG = False
    response = login("observer").get("/network/districts/0000/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
    assert visible_words(response.content.decode()) == set()
    csrf_client = type(client)(enforce_csrf_checks=True)
    refused = csrf_client.post(reverse("login"), {"username": "admin", "password": "x"})
    assert refused.status_code == 403
    assert visible_words(refused.content.decode()) == set()
    assert "กรุณาโหลดหน้าใหม่" in refused.content.decode()


def test_signed_out_pages_are_thai(client, demo):
    for url in [reverse("login"), "/admin/login/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert visible_words(response.content.decode()) == set(), url
    bad = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert visible_words(bad.content.decode()) == set()


def test_project_pages_are_thai(login):
    client = login("admin")
    found = {}
    for url in project_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        words = visible_words(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert found == {}, "\n".join(f"{url}: {words}" for url, words in found.items())


@pytest.mark.parametrize("filtered", [False, True])
def test_admin_pages_are_thai(login, filtered):
    from zeal import zeal_ignore

    client = login("admin")
    found = {}
    with zeal_ignore():  # Django admin's own pages are not ours to optimise here
        for url in admin_urls():
            if filtered:
                if url.count("/") != 5:  # /admin/<app>/<model>/: changelists only
                    continue
                url += "?q=ไม่มีแน่นอน"
            response = client.get(url)
            assert response.status_code == 200, url
            words = visible_words(response.content.decode())
            if words:
                found[url] = sorted(words)
    assert found == {}, "\n".join(f"{url}: {words}" for url, words in found.items())
