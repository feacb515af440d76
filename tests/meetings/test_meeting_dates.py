"""Meeting days and times as Thai users write them: a time typed 09.35 (or 09:35, or in
Thai digits) and shown 09.35; a meeting on a weekend, a public holiday or a past day is
taken only after a warning naming why; an action item's history is dated by its meetings."""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ActionUpdate, Meeting
from songkhla_network import fields, thai

from ..factories import (
    FIVE_SEATS,
    CommitteeFactory,
    DistrictCenterFactory,
    PurchaseRoundFactory,
    admin_user,
    at,
    province,
    staff_user,
)

pytestmark = pytest.mark.django_db
PLACE = "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ จำกัด"
SATURDAY = datetime.date(2037, 3, 14)
SONGKRAN = datetime.date(2037, 4, 13)  # a Monday
TUESDAY = datetime.date(2037, 3, 10)
# Days years ahead, so that none of them is in the past when the tests run.
PROJECT_APPS = {"meetings", "transactions", "reports", "centers", "members", "songkhla_network"}


@pytest.fixture
def board():
    """A district center's executive committee of five, seated with no end of term."""
    return CommitteeFactory(
        center=DistrictCenterFactory(),
        kind="executive",
        seats=FIVE_SEATS,
        seats__term_start=datetime.date(2024, 1, 1),
        seats__term_end=None,
    )


@pytest.fixture
def secretary(client, board):
    """The test client, signed in as the board's center coordinator (who prepares meetings)."""
    client.force_login(staff_user(board.center))
    return client


def meeting_on(board, day, time=datetime.time(9, 30)):
    return services.create_meeting(board, thai.local_datetime(day, time), PLACE, None)


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Times -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["09.35", "9.35", "09:35", "๐๙.๓๕", "9.35 น.", " 09.35น ", "09:35:00", "09 . 35"]
)
def test_a_time_is_read_the_thai_way_and_the_international_way(typed):
    assert fields.ThaiTimeFormField().clean(typed) == datetime.time(9, 35)


def test_a_whole_hour_may_be_typed_alone():
    assert fields.ThaiTimeFormField().clean("14 น.") == datetime.time(14, 0)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("25.00", "ไม่มีเวลา 25.00"),
        ("9.5", "กรุณากรอกเวลาเป็นชั่วโมง.นาที"),
        ("เก้าโมง", "กรุณากรอกเวลาเป็นชั่วโมง.นาที"),
        ("09.75", "ไม่มีเวลา 09.75"),
    ],
)
def test_a_time_that_cannot_be_read_gets_a_thai_message(typed, message):
    with pytest.raises(forms.ValidationError) as error:
        fields.ThaiTimeFormField().clean(typed)
    assert message in error.value.messages[0]


def test_times_are_shown_the_thai_way():
    moment = datetime.datetime(2026, 11, 24, 2, 35, tzinfo=datetime.UTC)
    assert thai.be_datetime(moment) == "24 พ.ย. 2569 เวลา 09.35 น."
    assert fields.ThaiTimeFormField().widget.format_value(datetime.time(9, 5)) == "09.05"


def test_every_typed_time_of_the_project_is_a_thai_time():
    """Models through ThaiTimeField (the system check songkhla.E005), forms through
    fields.ThaiTimeFormField: no form of the project takes a time Django's way."""
    from django.apps import apps

    from songkhla_network import checks

    assert checks.times_are_thai(None) == []
    meeting = apps.get_model("meetings", "Meeting")
    assert isinstance(meeting._meta.get_field("opened_at"), fields.ThaiTimeField)

    import transactions.purchases.forms  # noqa: F401  (the forms with times)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in set(subclasses(forms.BaseForm))
        if form.__module__.split(".")[0]
        in {"meetings", "transactions", "reports", "centers", "members"}
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.TimeField) and not isinstance(field, fields.ThaiTimeFormField)
    ]
    assert plain == []
    assert {
        "transactions.purchases.forms.RoundForm",
        "transactions.purchases.forms.CopyRoundForm",
        "meetings.forms.ScheduleForm",
        "meetings.forms.MeetingForm",
    } <= {
        f"{form.__module__}.{form.__name__}"
        for form in subclasses(forms.BaseForm)
        if any(
            isinstance(f, fields.ThaiTimeFormField)
            for f in getattr(form, "base_fields", {}).values()
        )
    }


def test_the_secretary_types_the_thai_time_and_sees_it_back(secretary, board):
    meeting = meeting_on(board, TUESDAY)
    client = secretary
    url = reverse("meeting_edit", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert 'name="time" value="09.30"' in page
    response = client.post(
        url,
        {
            "day": "10/3/2580",
            "time": "๐๙.๓๐",
            "place": PLACE,
            "kind": "monthly",
            "status": "scheduled",
            "opened_at": "09.35",
            "closed_at": "12.10 น.",
            "recorder": "",
            "checker": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.opened_at, meeting.closed_at) == (datetime.time(9, 35), datetime.time(12, 10))
    page = client.get(url).content.decode()
    assert 'name="opened_at" value="09.35"' in page and 'name="closed_at" value="12.10"' in page
    detail = text_of(client.get(meeting.get_absolute_url()))
    assert "เริ่มประชุมเวลา 09.35 น." in detail
    assert "เวลา 09.30 น." in detail  # the meeting's day and time


def test_round_times_are_prefilled_the_thai_way(client):
    client.force_login(staff_user(province()))
    page = client.get(reverse("purchase_round_create")).content.decode()
    assert 'name="opens_time" value="08.00"' in page and 'name="closes_time" value="16.30"' in page
    assert 'inputmode="decimal"' in page.split('name="opens_time"', 1)[1].split(">", 1)[0]


def test_admin_types_a_date_time_as_a_be_date_and_a_thai_time(client):
    field = fields.BEDateTimeFormField()
    assert field.clean(["01/07/2547", "09.00"]) == thai.local_datetime(
        datetime.date(2004, 7, 1), datetime.time(9, 0)
    )
    with pytest.raises(forms.ValidationError) as error:
        field.clean(["01/07/2004", "09.00"])
    assert "ปี 2004 เป็นปี ค.ศ." in " ".join(error.value.messages)
    purchase_round = PurchaseRoundFactory(opens_at=at(2004, 7, 1, 8, 0))
    shown = timezone.localtime(purchase_round.opens_at)
    client.force_login(admin_user())
    page = client.get(reverse("admin:transactions_purchaseround_change", args=[purchase_round.pk]))
    html = page.content.decode()
    assert f'value="{thai.be_date(shown, "numeric")}"' in html
    assert f'value="{shown:%H.%M}"' in html
    assert f'value="{shown:%d/%m/%Y}"' not in html  # the CE date admin used to show


# Warnings before an odd day ---------------------------------------------------------


def test_schedule_warnings_name_the_weekend_the_holiday_and_the_past():
    today = datetime.date(2037, 3, 1)
    assert services.schedule_warnings(TUESDAY, today=today) == []
    assert services.schedule_warnings(SATURDAY, today=today) == ["วันที่ 14 มีนาคม 2580 เป็นวันเสาร์"]
    assert services.schedule_warnings(SONGKRAN, today=today) == [
        "วันที่ 13 เมษายน 2580 เป็นวันหยุดราชการ: วันสงกรานต์"
    ]
    (past,) = services.schedule_warnings(datetime.date(2037, 2, 23), today=today)
    assert "วันที่ 23 กุมภาพันธ์ 2580 ผ่านมาแล้ว" in past
    # Holidays of the report's years too (the package knows them year by year).
    assert "วันปิยมหาราช" in thai.public_holiday(datetime.date(2004, 10, 23))


def schedule(client, board, day: str, **extra):
    return client.post(
        reverse("committee_meetings", args=[board.pk]),
        {"day": day, "time": "09.30", "place": PLACE, "kind": "monthly", **extra},
    )


def test_a_meeting_on_a_saturday_is_set_only_after_the_warning_is_confirmed(secretary, board):
    client = secretary
    before = Meeting.objects.count()
    response = schedule(client, board, "14/3/2580")
    assert response.status_code == 200
    page = text_of(response)
    assert "วันที่ 14 มีนาคม 2580 เป็นวันเสาร์" in page
    assert Meeting.objects.count() == before  # nothing set yet
    html = response.content.decode()
    assert 'name="confirmed_day" value="2037-03-14"' in html
    assert 'name="day" value="14/3/2580"' in html  # what was typed is kept
    # Another day after the warning: asked again, the confirmation was for the 13th.
    response = schedule(client, board, "15/3/2580", confirmed_day="2037-03-14")
    assert "วันที่ 15 มีนาคม 2580 เป็นวันอาทิตย์" in text_of(response)
    assert Meeting.objects.count() == before
    response = schedule(client, board, "14/3/2580", confirmed_day="2037-03-14")
    assert response.status_code == 302
    meeting = Meeting.objects.get(committee=board, starts_at__date=SATURDAY)
    page = text_of(client.get(response["Location"]))
    assert f"นัดประชุม{meeting.title_number} แล้ว" in page  # with its space


def test_a_meeting_on_a_public_holiday_names_the_holiday(secretary, board):
    response = schedule(secretary, board, "13/4/2580")
    assert "วันที่ 13 เมษายน 2580 เป็นวันหยุดราชการ: วันสงกรานต์" in text_of(response)
    assert not Meeting.objects.filter(committee=board, starts_at__date=SONGKRAN).exists()


def test_a_past_meeting_may_be_recorded_after_the_warning(secretary, board):
    client = secretary
    response = schedule(client, board, "14/7/2547")
    assert "วันที่ 14 กรกฎาคม 2547 ผ่านมาแล้ว" in text_of(response)
    response = schedule(client, board, "14/7/2547", confirmed_day="2004-07-14")
    assert response.status_code == 302
    assert Meeting.objects.get(committee=board, year=2547).number == 1


def test_a_working_day_is_set_at_once(secretary, board):
    response = schedule(secretary, board, "10/3/2580")
    assert response.status_code == 302


def test_next_month_on_a_holiday_asks_first_and_offers_another_day(secretary, board):
    meeting = meeting_on(board, datetime.date(2037, 3, 13))  # next month: 13 เม.ย. 2580
    client = secretary
    url = reverse("meeting_next", args=[meeting.pk])
    response = client.post(url)
    assert response.status_code == 200
    page = text_of(response)
    assert "วันที่ 13 เมษายน 2580 เป็นวันหยุดราชการ: วันสงกรานต์" in page
    assert not Meeting.objects.filter(committee=board, starts_at__date=SONGKRAN).exists()
    html = response.content.decode()
    assert 'name="confirmed_day" value="2037-04-13"' in html
    # ... or another day on the committee's form, prefilled with place and time.
    assert f'action="{reverse("committee_meetings", args=[board.pk])}"' in html
    assert 'name="day" value="13/04/2580"' in html and 'name="time" value="09.30"' in html
    response = client.post(url, {"confirmed_day": "2037-04-13"})
    assert response.status_code == 302
    new = Meeting.objects.get(committee=board, starts_at__date=SONGKRAN)
    assert response["Location"] == new.get_absolute_url()
    # A second press finds the meeting already set: no question, no second meeting.
    assert client.post(url)["Location"] == new.get_absolute_url()


def test_next_month_on_a_working_day_is_set_at_once(secretary, board):
    meeting = meeting_on(board, datetime.date(2037, 2, 10))  # next: Tuesday 10 มี.ค. 2580
    response = secretary.post(reverse("meeting_next", args=[meeting.pk]))
    assert response.status_code == 302


def test_moving_a_meeting_to_a_sunday_warns_but_editing_a_past_one_does_not(secretary, board):
    client = secretary
    data = {
        "time": "09.30",
        "place": PLACE,
        "kind": "monthly",
        "status": "scheduled",
        "opened_at": "",
        "closed_at": "",
        "recorder": "",
        "checker": "",
        "note": "",
    }
    meeting = meeting_on(board, TUESDAY)
    url = reverse("meeting_edit", args=[meeting.pk])
    response = client.post(url, {**data, "day": "15/3/2580"})
    assert "เป็นวันอาทิตย์" in text_of(response)
    assert "ยังไม่ได้บันทึก กรุณาแก้ไขช่องที่มีข้อความสีแดง" not in text_of(response)
    meeting.refresh_from_db()
    assert meeting.local_start.date() == TUESDAY
    assert (
        client.post(url, {**data, "day": "15/3/2580", "confirmed_day": "2037-03-15"})["Location"]
        == meeting.get_absolute_url()
    )
    past = meeting_on(board, datetime.date(2004, 7, 13))  # a Tuesday long past, kept
    response = client.post(reverse("meeting_edit", args=[past.pk]), {**data, "day": "13/7/2547"})
    assert response.status_code == 302


# An action item's history -------------------------------------------------------------


def test_an_action_items_history_starts_at_its_meetings_date(secretary, board):
    """Minutes of a meeting of ก.ย. 2569 typed in later: the item's history is dated by
    the meetings, with the day it was typed beside it."""
    first = meeting_on(board, datetime.date(2026, 9, 8))
    later = meeting_on(board, datetime.date(2026, 10, 13))
    item = first.agenda.get(section=4)
    chair = board.members.get(position="chair").person
    client = secretary
    client.post(
        reverse("agenda_item", args=[first.pk, item.pk]),
        {
            "form": "action",
            "action-title": "สำรวจราคาปุ๋ยในอำเภอ",
            "action-person": str(chair.pk),
            "action-organization": "",
            "action-due_on": "30/9/2569",
        },
    )
    typed = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=datetime.UTC)
    ActionUpdate.objects.filter(action__title="สำรวจราคาปุ๋ยในอำเภอ").update(at=typed)
    html = client.get(later.get_absolute_url()).content.decode()
    card = html.split("สำรวจราคาปุ๋ยในอำเภอ", 1)[1]
    history = re.search(r'<ul class="history">(.*?)</ul>', card, re.S).group(1)
    first_entry = " ".join(re.sub(r"<[^>]+>", " ", history.split("</li>")[0]).split())
    assert first_entry.startswith(f"8 ก.ย. 2569 ({first.title_number}) · ")
    assert first_entry.endswith("(บันทึกเมื่อ 21 พ.ย. 2569)")  # 10.00 UTC is 17.00 in Bangkok
