"""Sign-in protection, sessions, CSP, audit trail, personal data in error reports."""

import datetime
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo.network import DEMO_PASSWORD
from members.models import Organization
from songkhla_network.reporting import PersonalDataFilter
from tests.centers.test_network_pages import text_of

OFFICE = "127.0.0.2"  # one district office: several people behind one address


def sign_in(client, username, password, address=OFFICE):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_failures_lock_out_that_username_from_that_address(client, demo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "rattaphum_coord", "wrong")
    locked = sign_in(client, "rattaphum_coord", DEMO_PASSWORD)
    assert locked.status_code == 429
    text = text_of(locked)
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in text
    assert "ลองใหม่ได้อีกครั้งหลังเวลา" in text and "(ประมาณ 15 นาที)" in text
    assert "_auth_user_id" not in client.session
    # A colleague at the same office signs in; so does the same person elsewhere.
    assert sign_in(client, "hatyai_coord", DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert sign_in(client, "rattaphum_coord", DEMO_PASSWORD, "127.0.0.3").status_code == 302


def test_an_admin_unlocks_a_locked_out_user(client, login, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "group_rep", "wrong")
    attempt = AccessAttempt.objects.get(username="group_rep")
    admin = login("admin")
    page = admin.get(reverse("admin:songkhla_network_signinlockout_changelist"))
    assert "ระงับอยู่" in text_of(page)
    response = admin.post(
        reverse("admin:songkhla_network_signinlockout_changelist"),
        {"action": "unlock", "_selected_action": [attempt.pk]},
        follow=True,
    )
    assert "ปลดล็อกแล้ว 1 รายการ" in text_of(response)
    admin.logout()
    assert sign_in(client, "group_rep", DEMO_PASSWORD).status_code == 302


def test_a_session_ends_after_inactivity(login, settings):
    client = login("rattaphum_coord")
    assert client.get(reverse("network_home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("network_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_request_renews_the_session_at_most_once_a_minute(login, monkeypatch, settings):
    """Each request keeps the session alive (its expiry moves to SESSION_IDLE_MINUTES from
    now), but within a minute of the last renewal (or of signing in) it is not written
    again."""
    from songkhla_network import middleware

    settings.SESSION_RENEW_SECONDS = 60
    clock = [1_900_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client = login("rattaphum_coord")  # signing in renews
    renewed = Session.objects.get().expire_date
    Session.objects.update(expire_date=renewed - datetime.timedelta(minutes=30))

    clock[0] += 59
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("network_home")).status_code == 200
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in captured)
    assert Session.objects.get().expire_date == renewed - datetime.timedelta(minutes=30)

    clock[0] += 1
    assert client.get(reverse("network_home")).status_code == 200
    assert Session.objects.get().expire_date > renewed - datetime.timedelta(minutes=1)


def test_pages_are_compressed_for_browsers_that_accept_it(login):
    import gzip

    client = login("rattaphum_coord")
    plain = client.get(reverse("network_home"))
    packed = client.get(reverse("network_home"), HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 4
    assert "เครือข่าย" in gzip.decompress(packed.content).decode()


def test_a_page_without_a_session_makes_none(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()
    for page in ("/health/", reverse("login")):
        client.cookies["sessionid"] = "no-such-session-key-0000000000000"  # stale or made up
        assert client.get(page).status_code == 200
        assert not Session.objects.exists(), page


def test_scripts_are_limited_by_a_content_security_policy(login):
    response = login("rattaphum_coord").get(reverse("organization_list"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in directives["script-src"] and "unsafe" not in directives["default-src"]
    html = response.content.decode()
    assert "<script>" not in html  # no inline scripts
    assert '"allowEval": false' in html


def test_every_change_is_recorded_with_who_and_what(login):
    admin = login("admin")
    group = Organization.objects.get(name="สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด")
    group.member_count = 150
    group.save()  # by the system (no request): recorded too
    history = list(group.history.order_by("-history_date")[:1])
    assert history[0].member_count == 150 and history[0].history_user is None
    page = admin.get(reverse("admin:members_organization_history", args=[group.pk]))
    assert page.status_code == 200


def test_the_organization_page_shows_who_changed_what(client, login, demo):
    from tests.test_admin import organization_form

    admin = login("admin")
    group = Organization.objects.get(name="สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด")
    data = organization_form(
        name=group.name,
        kind=group.kind,
        registration_number=group.registration_number,
        member_count="150",
        founded_on="",
        phone="074-555123",
    )
    response = admin.post(reverse("admin:members_organization_change", args=[group.pk]), data)
    assert response.status_code == 302, text_of(response)
    admin.logout()
    text = text_of(login("rattaphum_chair").get(group.get_absolute_url()))
    assert "สมศักดิ์ ผู้ดูแลระบบ" in text
    assert "แก้ไขข้อมูลองค์กร" in text and "จำนวนสมาชิก (คน) 148 → 150" in text


def test_history_cannot_be_reverted_or_edited_from_admin(login):
    admin = login("admin")
    group = Organization.objects.get(name="สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด")
    record = group.history.earliest("history_date")
    url = reverse("admin:members_organization_simple_history", args=[group.pk, record.history_id])
    response = admin.post(url, {"name": "ย้อนกลับ"})
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.name == "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"


def test_error_reports_leave_out_phone_numbers():
    request = RequestFactory().post(
        "/", {"name": "กลุ่ม", "phone": "081-234-5678", "people-0-phone": "089-1"}
    )
    cleaned = PersonalDataFilter().get_post_parameters(request)
    assert cleaned["name"] == "กลุ่ม"
    assert "081" not in cleaned["phone"] and "089" not in cleaned["people-0-phone"]


def test_check_deploy_passes_with_production_settings():
    """README's production environment passes `manage.py check --deploy`."""
    left_out = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the latter: browser tests only
    environment = {
        **{k: v for k, v in os.environ.items() if k not in left_out},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "network.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
        "DJANGO_SETTINGS_MODULE": "songkhla_network.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_password_validators_answer_in_thai():
    """Password validators are on: a weak password is refused in Thai."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        validate_password("1234", User(username="x"))
    assert all(not message.isascii() for message in error.value.messages)


def test_the_district_page_shows_changes_to_its_committee(login):
    from centers.models import CommitteeMembership

    seat = CommitteeMembership.objects.get(person__user__username="rattaphum_chair")
    seat.term_end = datetime.date(2028, 12, 31)
    seat.save()
    text = text_of(login("rattaphum_coord").get(reverse("center_detail", args=["9009"])))
    assert "ประวัติการแก้ไขคณะกรรมการ" in text
    assert (
        "แก้ไขกรรมการ นายบุญเลิศ ชูช่วย ในคณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ: "
        "สิ้นสุดวาระ 31 ธ.ค. 2570 → 31 ธ.ค. 2571"
    ) in text


def test_behind_the_proxy_the_lockout_counts_the_forwarded_client(client, demo, settings):
    settings.BEHIND_TLS_PROXY = True
    proxy = "127.0.0.50"

    def attempt(password, client_address):
        return client.post(
            reverse("login"),
            {"username": "rattaphum_coord", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_address}",  # first entry: client-made
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong", "127.0.0.21")
    assert attempt(DEMO_PASSWORD, "127.0.0.21").status_code == 429
    assert attempt(DEMO_PASSWORD, "127.0.0.22").status_code == 302  # same user, other office


def test_lockout_admin_counts_a_username_and_address_together(client, login, settings):
    now = timezone.now()
    for agent, failures in (("เบราว์เซอร์ ก", 3), ("เบราว์เซอร์ ข", 2)):
        AccessAttempt.objects.create(
            username="group_rep", ip_address=OFFICE, user_agent=agent, attempt_time=now,
            failures_since_start=failures, get_data="", post_data="", path_info="/",
        )  # fmt: skip
    assert sign_in(client, "group_rep", DEMO_PASSWORD).status_code == 429
    admin = login("admin")
    changelist = reverse("admin:songkhla_network_signinlockout_changelist")
    text = text_of(admin.get(changelist))
    # Each row (one per browser) shows the pair as locked, though neither reached 5 alone.
    assert text.count("ระงับอยู่") >= 2 and "ยังไม่ถึงเกณฑ์" not in text
    one = AccessAttempt.objects.filter(username="group_rep").first()
    admin.post(changelist, {"action": "unlock", "_selected_action": [one.pk]})
    assert not AccessAttempt.objects.filter(username="group_rep").exists()


def test_people_phones_in_history_are_masked_for_roles_that_do_not_need_them(login):
    from members.models import Person

    person = Person.objects.get(first_name="สุรินทร์", last_name="หนูนุ่ม")
    person.phone = "089-111-2233"
    person.save()
    group = person.organization
    chair = text_of(login("rattaphum_chair").get(group.get_absolute_url()))
    assert "089-111-2233" not in chair and "0xx-xxx-xx33" in chair
    coordinator = text_of(login("rattaphum_coord").get(group.get_absolute_url()))
    assert "089-765-4305 → 089-111-2233" in coordinator


def test_page_titles_carry_no_markup(login):
    import re

    client = login("rattaphum_coord")
    group = Organization.objects.get(name="สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด")
    for url in ["/network/", "/network/districts/9009/", group.get_absolute_url()]:
        html = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert "<" not in title.group(1), url
        assert html.count('<ul class="history">') == 1, url  # the history, once


def test_accounts_are_deactivated_not_deleted(login):
    admin = login("admin")
    observer = User.objects.get(username="observer")
    response = admin.post(reverse("admin:auth_user_delete", args=[observer.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=observer.pk).exists()


def test_an_organization_with_people_cannot_be_deleted(login):
    from django.db.models import ProtectedError

    group = Organization.objects.get(name="สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด")
    group.memberships.all().delete()
    with pytest.raises(ProtectedError):
        group.delete()
