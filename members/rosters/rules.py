"""The rules of a roster that forms, the spreadsheet and the services share: the
workflow's steps, the fields a member has, personal numbers in free text, and the Thai
messages of what is refused."""

import re

from songkhla_network.thai import thai_digits_to_arabic

from .models import RosterAction, RosterStatus

NOT_EDITABLE = (
    "รายชื่อนี้อยู่ในสถานะ “{status}” จึงแก้ไขไม่ได้ หากต้องแก้ไข กรุณาขอให้ศูนย์อำเภอส่งรายชื่อกลับมาให้แก้ไขก่อน"
)
NOT_A_MEMBER_GROUP = (
    "รายชื่อสมาชิกจัดทำสำหรับกลุ่มที่เป็นสมาชิกของศูนย์ประสานงานเครือข่ายระดับอำเภอเท่านั้น "
    "องค์กรนี้ไม่ได้เป็นสมาชิกของศูนย์อำเภอ จึงไม่มีรายชื่อสมาชิกในระบบ"
)
APPLICATION_PENDING = (
    "ใบสมัครขององค์กรนี้ยังรอการพิจารณา กลุ่มส่งรายชื่อสมาชิกได้เมื่อใบสมัครได้รับอนุมัติและเป็นสมาชิกของศูนย์อำเภอแล้ว"
)
MEMBER_GONE = "สมาชิกนี้ถูกลบออกจากรายชื่อแล้ว"
ID_NOT_GIVEN = (
    "ชื่อและนามสกุลนี้ตรงกับสมาชิกเดิมที่มีเลขประจำตัวประชาชนในรายชื่อ แต่ช่องเลขประจำตัวประชาชนว่าง "
    "ระบบจึงไม่รู้ว่าเป็นคนเดียวกันหรือไม่ กรุณากรอกเลขประจำตัวประชาชนของสมาชิกคนนี้ "
    "หรือหากต้องการปรับปรุงเฉพาะข้อมูลอื่น ให้ลบคอลัมน์เลขประจำตัวประชาชนออกจากไฟล์"
)
ID_NEEDS_CONSENT = (
    "สมาชิกยังไม่ได้ให้ความยินยอม จึงเก็บเลขประจำตัวประชาชนไม่ได้ "
    "(สมาชิกปฏิเสธได้ ให้บันทึกเฉพาะชื่อ หรือระบุว่ายินยอมหากสมาชิกให้ความยินยอมแล้ว)"
)
ID_ALREADY_LISTED = "เลขประจำตัวประชาชนนี้อยู่ในรายชื่อของกลุ่มนี้แล้ว"
CONSENT_DATE_WITHOUT_CONSENT = "ระบุวันที่ให้ความยินยอมได้เฉพาะเมื่อสมาชิกยินยอม"
FUTURE_DATE = "วันที่ต้องไม่เลยวันนี้"
NO_PERSONAL_NUMBERS = "เหตุผลต้องไม่มีเลขประจำตัวประชาชนหรือหมายเลขโทรศัพท์"
# Personal numbers in free text, as people type them: Thai or Arabic digits, with spaces
# or dashes between the groups (what national_id_digits takes out). A national ID: a run
# of 13 digits. A Thai phone: 0 (or +66) and 8–9 more digits.
NATIONAL_ID_IN_TEXT = re.compile(r"\d(?:[\s\-]*\d){12}")
PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:\+66[\s\-]*|0)\d(?:[\s\-]*\d){7,8}")


def has_personal_number(text: str) -> bool:
    """Whether free text (a return reason) carries a national ID or a phone number."""
    text = thai_digits_to_arabic(text or "")
    return bool(NATIONAL_ID_IN_TEXT.search(text) or PHONE_IN_TEXT.search(text))


class RosterRefused(Exception):
    """A write the roster's state does not allow; the message is Thai, for the user."""


MEMBER_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "national_id",
    "phone",
    "joined_on",
    "consent",
    "consent_on",
)


# The workflow: action -> (statuses it starts from, status it leads to, event).
TRANSITIONS = {
    "submit": (
        (RosterStatus.DRAFT, RosterStatus.RETURNED),
        RosterStatus.SUBMITTED,
        RosterAction.SUBMITTED,
    ),
    "forward": (
        (RosterStatus.DRAFT, RosterStatus.SUBMITTED, RosterStatus.RETURNED),
        RosterStatus.FORWARDED,
        RosterAction.FORWARDED,
    ),
    "return": (
        (RosterStatus.SUBMITTED, RosterStatus.FORWARDED),
        RosterStatus.RETURNED,
        RosterAction.RETURNED,
    ),
}
TRANSITION_VERBS = {"submit": "ส่งศูนย์อำเภอ", "forward": "ส่งต่อจังหวัด", "return": "ส่งกลับ"}
DONE = {
    "submit": "ส่งรายชื่อให้ศูนย์อำเภอแล้ว",
    "forward": "ส่งรายชื่อต่อให้จังหวัดแล้ว",
    "return": "ส่งรายชื่อกลับให้แก้ไขแล้ว",
}


def status_label(status: str | None) -> str:
    return RosterStatus(status).label if status else "ยังไม่มีรายชื่อ"


def clean_phone(text: str) -> str:
    """A phone as typed, with Arabic digits; a number that lost its leading 0 in a
    spreadsheet (812345678) gets it back."""
    phone = thai_digits_to_arabic(text or "").strip()
    if phone.isdigit() and len(phone) in (8, 9) and not phone.startswith("0"):
        phone = "0" + phone
    return phone
