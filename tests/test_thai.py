import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from songkhla_network import thai
from songkhla_network.fields import BEDateFormField


def test_be_date_short_and_long():
    day = datetime.date(2005, 2, 27)
    assert thai.be_date(day) == "27 ก.พ. 2548"
    assert thai.be_date(day, "long") == "27 กุมภาพันธ์ 2548"
    assert thai.be_date(day, "numeric") == "27/02/2548"
    assert thai.be_date(None) == ""


def test_be_datetime_is_in_bangkok_time():
    moment = datetime.datetime(2026, 11, 24, 18, 30, tzinfo=datetime.UTC)
    assert thai.be_datetime(moment) == "25 พ.ย. 2569 เวลา 01.30 น."


@pytest.mark.parametrize(
    "typed",
    [
        "24/11/2569",
        "24-11-2569",
        "24.11.2569",
        " 24/11/2569 ",
        "๒๔/๑๑/๒๕๖๙",
        "24 พ.ย. 2569",
        "24 พฤศจิกายน 2569",
        "24 พย 2569",
        "24/11/พ.ศ. 2569",
    ],
)
def test_buddhist_era_dates_are_read_as_be(typed):
    assert thai.parse_be_date(typed) == datetime.date(2026, 11, 24)


def test_djangos_own_thai_format_would_store_year_2569():
    """The trap: Django's Thai DATE_INPUT_FORMATS read 24/11/2569 as the year 2569."""
    with translation.override("th"):
        assert forms.DateField().clean("24/11/2569") == datetime.date(2569, 11, 24)
        # ...our field cannot make that mistake.
        assert BEDateFormField().clean("24/11/2569") == datetime.date(2026, 11, 24)


def test_christian_era_year_gets_a_clear_message():
    with pytest.raises(forms.ValidationError) as error:
        BEDateFormField().clean("24/11/2026")
    assert "ปี 2026 เป็นปี ค.ศ." in error.value.messages[0]
    assert "2569" in error.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2569", "ไม่มีวันที่ 31/2/2569 ในปฏิทิน"),
        ("24/11/69", "ปี พ.ศ. ให้ครบ 4 หลัก"),
        ("พรุ่งนี้", "วัน/เดือน/ปี พ.ศ."),
        ("24 พฤศจิ 2569", "ไม่รู้จักชื่อเดือน"),
        ("24/11/3100", "นอกช่วง"),
    ],
)
def test_bad_dates_are_refused_in_thai(typed, message):
    with pytest.raises(forms.ValidationError) as error:
        BEDateFormField().clean(typed)
    assert message in error.value.messages[0]


def test_date_widget_shows_the_be_year():
    field = BEDateFormField()
    html = field.widget.render("d", datetime.date(2026, 11, 24))
    assert 'value="24/11/2569"' in html


def test_money_and_numbers():
    assert thai.baht(Decimal("1234.5")) == "1,234.50 บาท"
    assert thai.baht(0) == "0.00 บาท"
    assert thai.number(1000000) == "1,000,000"
    assert thai.number(Decimal("156.125"), 2) == "156.13"
    assert thai.number(None) == ""
    assert thai.thai_digits_to_arabic("๑๒๓") == "123"


def test_djangos_own_date_formatting_shows_the_be_year():
    """Admin lists and the |date filter go through Django's formats, not our filter."""
    from django.template import Context, Template
    from django.utils import formats

    day = datetime.date(2004, 5, 31)
    with translation.override("th"):
        assert formats.date_format(day) == "31 พฤษภาคม 2547"
        assert Template("{{ d|date:'j M Y' }}").render(Context({"d": day})) == "31 พ.ค. 2547"
    with translation.override("en"):
        assert formats.date_format(day, "Y") == "2004"
