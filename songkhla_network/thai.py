"""Thai conventions in one place: Buddhist-Era dates, baht and numbers.

Every template filter, form field and export uses these functions, so a date
or an amount looks the same everywhere.
"""

import datetime
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

BE_OFFSET = 543

MONTHS_LONG = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Years a person may plausibly type. A BE year of the last two centuries or the
# next one; a CE year in the same span is a habit we catch, not a date we store.
BE_YEAR_RANGE = range(2400, 2700)
CE_YEAR_RANGE = range(1857, 2157)


WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


def thai_digits_to_arabic(text: str) -> str:
    return text.translate(THAI_DIGITS)


def be_year(value: datetime.date) -> int:
    return value.year + BE_OFFSET


def year_text(value) -> str:
    """A year as Thai pages, documents and URLs write it: "2569", never "2,569".

    Django groups every int a template prints (USE_THOUSAND_SEPARATOR), so a year reaches
    a page, a form, a PDF or a URL as this text. `value` is a date (its BE year), a BE
    year, or a CE year (a number of CE_YEAR_RANGE; BE and CE ranges do not overlap), as
    an int or as text. Anything else is returned as it is, without grouping.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    if isinstance(value, datetime.date):
        return str(be_year(value))
    try:
        year = int(value)
    except (TypeError, ValueError):
        return str(value)
    if year in CE_YEAR_RANGE:
        year += BE_OFFSET
    return str(year)


def parse_be_year(text) -> int:
    """A BE year typed or sent by a form: 2548, "2,548" (a year printed as a number),
    "๒๕๔๘", "พ.ศ. 2548". Raises BEDateError with a Thai message; a CE year is refused
    with the year it probably meant."""
    cleaned = thai_digits_to_arabic(str(text if text is not None else "")).strip()
    cleaned = re.sub(r"^(พ\.\s*ศ\.?|พศ\.?)\s*", "", cleaned)
    cleaned = re.sub(r"[,\s]", "", cleaned)
    if not cleaned.isascii() or not cleaned.isdigit():
        raise BEDateError("กรุณากรอกปีเป็นตัวเลข พ.ศ. 4 หลัก เช่น 2569")
    year = int(cleaned)
    if year in BE_YEAR_RANGE:
        return year
    if year in CE_YEAR_RANGE:
        raise BEDateError(
            f"ปี {year} เป็นปี ค.ศ. กรุณากรอกปีเป็น พ.ศ. (ค.ศ. + 543) เช่น {year + BE_OFFSET}"
        )
    raise BEDateError(f"ปี พ.ศ. {year} อยู่นอกช่วงที่เป็นไปได้")


def be_date(value: datetime.date | datetime.datetime | None, style: str = "short") -> str:
    """24 พ.ย. 2569 (short), 24 พฤศจิกายน 2569 (long) or 24/11/2569 (numeric)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    if style == "numeric":
        return f"{value.day:02d}/{value.month:02d}/{be_year(value)}"
    months = MONTHS_LONG if style == "long" else MONTHS_SHORT
    return f"{value.day} {months[value.month - 1]} {be_year(value)}"


def be_datetime(value: datetime.datetime | None, style: str = "short") -> str:
    """24 พ.ย. 2569 เวลา 14.30 น. in Bangkok time."""
    if value is None:
        return ""
    local = _local(value)
    return f"{be_date(local.date(), style)} เวลา {time_text(local.time())} น."


def time_text(value: datetime.time | None) -> str:
    """09.35: a time as Thai documents write it (hours.minutes; "น." follows in prose)."""
    if value is None or value == "":
        return ""
    return f"{value.hour:02d}.{value.minute:02d}"


class TimeError(ValueError):
    """A typed time that cannot be read; the message is Thai and meant for the user."""


_TIME = re.compile(r"^(\d{1,2})(?:\s*[.:]\s*(\d{2}))?(?:\s*[.:]\s*(\d{2}))?\s*(?:น\.?|นาฬิกา)?$")


def parse_time(text: str) -> datetime.time:
    """Read a time typed the Thai way or the international way: 09.35, 9.35 น., 09:35,
    09:35:00, ๐๙.๓๕, 14 น. Raises TimeError with a Thai message."""
    cleaned = thai_digits_to_arabic(str(text).strip())
    match = _TIME.match(cleaned)
    if not match:
        raise TimeError("กรุณากรอกเวลาเป็นชั่วโมง.นาที เช่น 09.30 หรือ 13.45")
    hour, minute, second = (int(part or 0) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise TimeError(f"ไม่มีเวลา {cleaned} กรุณากรอกชั่วโมง 0–23 และนาที 0–59 เช่น 13.45")
    return datetime.time(hour, minute, second)


def _local(value: datetime.datetime) -> datetime.datetime:
    from django.utils import timezone

    if timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a time typed on a form, as an aware moment in Bangkok time."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, time))


class BEDateError(ValueError):
    """A typed date that cannot be read; the message is Thai and meant for the user."""


_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d+)$")
_WORDS = re.compile(r"^(\d{1,2})\s+(\S+?)\s*(\d+)$")


def _month_from_name(name: str) -> int | None:
    name = name.replace(" ", "")
    for index, (long, short) in enumerate(zip(MONTHS_LONG, MONTHS_SHORT, strict=True)):
        if name in (long, short, short.replace(".", "")):
            return index + 1
    return None


def parse_be_date(text: str) -> datetime.date:
    """Read a date typed with a Buddhist-Era year.

    Accepts 24/11/2569, 24-11-2569, 24.11.2569, 24 พ.ย. 2569, 24 พฤศจิกายน 2569,
    in Arabic or Thai digits. A Christian-era year (24/11/2026) is refused with a
    message that says so, never stored 543 years off.
    """
    cleaned = thai_digits_to_arabic(text.strip())
    cleaned = re.sub(r"\s*(พ\.ศ\.|พศ\.?)\s*", " ", cleaned).strip()
    match = _NUMERIC.match(cleaned)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _WORDS.match(cleaned)
        if not match:
            raise BEDateError("กรุณากรอกวันที่ในรูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 24/11/2569")
        month = _month_from_name(match.group(2))
        if month is None:
            raise BEDateError(f"ไม่รู้จักชื่อเดือน “{match.group(2)}”")
        day, year = int(match.group(1)), int(match.group(3))
    if year in BE_YEAR_RANGE:
        ce_year = year - BE_OFFSET
    elif year in CE_YEAR_RANGE:
        raise BEDateError(
            f"ปี {year} เป็นปี ค.ศ. กรุณากรอกปีเป็น พ.ศ. (ค.ศ. + 543) เช่น {year + BE_OFFSET}"
        )
    elif year < 100:
        raise BEDateError("กรุณากรอกปี พ.ศ. ให้ครบ 4 หลัก เช่น 2569")
    else:
        raise BEDateError(f"ปี พ.ศ. {year} อยู่นอกช่วงที่เป็นไปได้")
    try:
        return datetime.date(ce_year, month, day)
    except ValueError:
        raise BEDateError(f"ไม่มีวันที่ {day}/{month}/{year} ในปฏิทิน") from None


def date_from_cell(value) -> datetime.date | None:
    """A spreadsheet cell as a date (None when empty).

    A cell Excel stored as a date is taken as it is, except that a year of the BE range
    (2400 on) is a BE year typed into a sheet that thinks in CE (15/3/2540 stored as
    2540-03-15) and is moved back 543 years. Text is read by parse_be_date. Raises
    BEDateError with a Thai message for the user.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if value.year < BE_YEAR_RANGE.start:
            return value
        if value.year not in BE_YEAR_RANGE:
            raise BEDateError(f"ปี พ.ศ. {value.year} อยู่นอกช่วงที่เป็นไปได้")
        try:
            return value.replace(year=value.year - BE_OFFSET)
        except ValueError:  # 29 Feb of a BE year whose CE year is not a leap year
            raise BEDateError(f"ไม่มีวันที่ {value.day}/{value.month}/{value.year} ในปฏิทิน") from None
    return parse_be_date(str(value))


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def number(value, places: int = 0) -> str:
    """1234.5 -> "1,234.50" with places=2; integers keep no decimals by default."""
    amount = _decimal(value)
    if amount is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{amount:,.{places}f}"


def baht(value) -> str:
    """1234.5 -> "1,234.50 บาท"."""
    formatted = number(value, 2)
    return f"{formatted} บาท" if formatted else ""


def use_buddhist_era_in_django_date_formats() -> None:
    """Make Django's own date formatting (the |date filter, admin lists and history)
    print the Buddhist-Era year while Thai is active.

    Our templates use the be_date filter; this covers what Django renders itself, so
    no page shows "24 พฤศจิกายน 2026". Only the "Y" and "y" format characters change;
    input parsing and HTTP dates do not go through them.
    """
    from django.utils import dateformat, translation

    if getattr(dateformat.DateFormat, "_buddhist_era", False):
        return
    ce_year_4, ce_year_2 = dateformat.DateFormat.Y, dateformat.DateFormat.y

    def thai_year(self):
        if (translation.get_language() or "").startswith("th"):
            return f"{self.data.year + BE_OFFSET:04d}"
        return ce_year_4(self)

    def thai_short_year(self):
        if (translation.get_language() or "").startswith("th"):
            return f"{(self.data.year + BE_OFFSET) % 100:02d}"
        return ce_year_2(self)

    dateformat.DateFormat.Y = thai_year
    dateformat.DateFormat.y = thai_short_year
    dateformat.DateFormat._buddhist_era = True


_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000


def _thai_words_below_million(value: int, follows_higher: bool) -> str:
    """0 < value < 1,000,000 in words. A final 1 is "เอ็ด" after any other digit, also
    one in a higher group (1,000,001 -> หนึ่งล้านเอ็ด), as Excel's BAHTTEXT writes it."""
    digits = [int(digit) for digit in str(value)]
    words = []
    for index, digit in enumerate(digits):
        place = len(digits) - index - 1
        if digit == 0:
            continue
        if place == 0 and digit == 1 and (follows_higher or len(digits) > 1):
            words.append("เอ็ด")
        elif place == 1 and digit == 1:
            words.append("สิบ")
        elif place == 1 and digit == 2:
            words.append("ยี่สิบ")
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACE_WORDS[place])
    return "".join(words)


def _thai_words(value: int, follows_higher: bool = False) -> str:
    """A positive whole number in words; millions repeat ("ล้านล้าน")."""
    millions, rest = divmod(value, _MILLION)
    words = _thai_words(millions, follows_higher) + "ล้าน" if millions else ""
    if rest:
        words += _thai_words_below_million(rest, follows_higher or bool(millions))
    return words


def bahttext(amount) -> str:
    """An amount in words as on Thai receipts and purchase orders, like Excel's BAHTTEXT:
    1234.50 -> "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์", 100 -> "หนึ่งร้อยบาทถ้วน".

    The amount is rounded to satang (half up) first. Negative amounts are refused.
    """
    if isinstance(amount, bool):
        raise ValueError("จำนวนเงินต้องเป็นตัวเลข")
    value = _decimal(amount)
    if value is None or not value.is_finite():
        raise ValueError("จำนวนเงินต้องเป็นตัวเลข")
    if value < 0:
        raise ValueError("จำนวนเงินต้องไม่ติดลบ")
    satang_total = int(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    baht_part, satang = divmod(satang_total, 100)
    if baht_part == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    words = _thai_words(baht_part) + "บาท" if baht_part else ""
    if satang:
        return words + _thai_words(satang) + "สตางค์"
    return words + "ถ้วน"


@functools.lru_cache(maxsize=32)
def _public_holidays(year: int) -> dict:
    import holidays  # computed here from the rules it ships: no network, no data file

    return dict(holidays.country_holidays("TH", years=year, language="th"))


def public_holiday(day: datetime.date) -> str:
    """The Thai public holiday on `day` in Thai ("วันสงกรานต์", "ชดเชยวันปิยมหาราช"),
    several joined with "และ"; "" on a working day. From the `holidays` package, which
    knows Thailand's fixed, lunar and substitution days year by year; days the cabinet
    adds at short notice arrive with its next release."""
    names = [name.strip() for name in _public_holidays(day.year).get(day, "").split(";")]
    names = [name for name in names if name]
    if len(names) > 1:
        return " ".join(names[:-1]) + " และ" + names[-1]
    return "".join(names)
