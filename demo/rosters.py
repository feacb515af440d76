"""Demo member rosters (issue 7): a forwarded, a submitted, a returned and two draft
rosters, with consent recorded, one member who declined (name only), one member removed
with their data erased, and one national ID listed by a Rattaphum and a Hat Yai group so
the duplicate flag shows. กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง keeps no roster yet (the browser
test uploads one). Idempotent: rows are found by their natural keys and fixed times."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from members.models import Organization
from members.rosters.models import (
    NationalIdView,
    Roster,
    RosterAction,
    RosterEvent,
    RosterMember,
    RosterStatus,
)
from members.validators import national_id_check_digit

from .records import upsert

BANGKOK = ZoneInfo("Asia/Bangkok")
KUHA_TAI = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"
THA_CHAMUANG_COOP = "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"
KAMPHAENG_PHET = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านกำแพงเพชร"
CATTLE = "กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ"
KHLONG_HAE = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห"  # หาดใหญ่
WITHOUT_ROSTER = "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"  # for the browser test
SHARED_ID_SEQUENCE = 3  # คูหาใต้'s third member is also on คลองแห's list


def demo_national_id(sequence: int) -> str:
    """A valid (check-digit) national ID, the same on every run."""
    first_twelve = f"3{90090000000 + sequence * 1013:011d}"
    return first_twelve + str(national_id_check_digit(first_twelve))


def _at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


# (title, first name, last name, phone, consent): ID sequence numbers follow the order.
KUHA_TAI_MEMBERS = [
    ("นาง", "จันทร์เพ็ญ", "ขาวสะอาด", "089-765-4310", True),
    ("นาย", "สมหมาย", "แก้วมณี", "081-540-1101", True),
    ("นาง", "ละม้าย", "ทองแท้", "081-540-1102", True),
    ("นาย", "ประยูร", "ศรีทอง", "081-540-1103", True),
    ("นางสาว", "วรรณา", "หนูแก้ว", "", True),
    ("นาย", "เฉลิม", "ชูแก้ว", "081-540-1105", True),
    ("นาง", "สุดา", "บุญมาก", "081-540-1106", True),
    ("นาย", "ไพโรจน์", "สังข์ทอง", "", True),
    ("นาง", "อารี", "ดำรงรักษ์", "081-540-1108", True),
    ("นาย", "สุชาติ", "พรหมแก้ว", "081-540-1109", True),
    ("นาง", "บุญศรี", "เพชรสุข", "081-540-1110", True),
    ("นาย", "เอียด", "ปานทอง", "", False),  # declined: the name only
]
THA_CHAMUANG_MEMBERS = [
    ("นาย", "สุรินทร์", "หนูนุ่ม", "089-765-4305", True),
    ("นาย", "ชาญ", "ทองประสม", "084-220-3301", True),
    ("นาง", "ผ่องศรี", "เรืองศรี", "084-220-3302", True),
    ("นาย", "วิเชียร", "แสงจันทร์", "", True),
    ("นาง", "สำราญ", "คงแก้ว", "084-220-3304", True),
    ("นาย", "ธีระ", "รักษ์ทอง", "084-220-3305", True),
]
KAMPHAENG_PHET_MEMBERS = [
    ("นาง", "สมศรี", "แก้วประดิษฐ์", "089-765-4302", True),
    ("นาย", "จำลอง", "ศรีสุข", "087-310-5501", True),
    ("นาง", "ประไพ", "อินทร์ทอง", "", True),
    ("นาย", "ธวัช", "ทิพย์มณี", "087-310-5503", True),
]
CATTLE_MEMBERS = [
    ("นาย", "ดำรง", "ทองสุข", "089-765-4306", True),
    ("นาย", "สมพงษ์", "เพชรรัตน์", "086-410-7701", True),
    ("นาย", "หมาน", "หมัดสะอิ", "", True),
]
KHLONG_HAE_MEMBERS = [
    ("นาง", "ละเอียด", "บัวทอง", "086-555-0103", True),
    ("นาย", "มะหมัด", "หลีหมัน", "086-720-9901", True),
    ("นาง", "ละม้าย", "ทองแท้", "081-540-1102", True),  # also on คูหาใต้'s list
    ("นางสาว", "ฟาตีเมาะ", "สาและ", "086-720-9903", True),
    ("นาย", "สมนึก", "จันทร์หอม", "", True),
]


def _roster(name, status, changed_at) -> Roster:
    organization = Organization.objects.get(name=name)
    return upsert(
        Roster, {"status": status, "status_changed_at": changed_at}, organization=organization
    )


def _members(roster, rows, first_sequence, joined_on, consent_on, ids=None) -> list:
    members = []
    for index, (title, first_name, last_name, phone, consent) in enumerate(rows):
        national_id = ""
        if consent:
            national_id = (ids or {}).get(index) or demo_national_id(first_sequence + index)
        members.append(
            upsert(
                RosterMember,
                {
                    "title": title,
                    "national_id": national_id,
                    "phone": phone,
                    "joined_on": joined_on + datetime.timedelta(days=31 * index),
                    "consent": consent,
                    "consent_on": consent_on if consent else None,
                    "added_on": consent_on,
                },
                roster=roster,
                first_name=first_name,
                last_name=last_name,
                removed_on=None,
            )
        )
    return members


def _event(roster, action, user, at, count=None, note=""):
    upsert(
        RosterEvent,
        {"user": user, "count": count, "note": note},
        roster=roster,
        action=action,
        at=at,
    )


def seed_rosters(users) -> None:
    coord, rep = users["rattaphum_coord"], users["group_rep"]

    # คูหาใต้: entered by the group's representative, forwarded by the district.
    kuha_tai = _roster(KUHA_TAI, RosterStatus.FORWARDED, _at(2026, 10, 20, 14))
    members = _members(
        kuha_tai, KUHA_TAI_MEMBERS, 1, datetime.date(2010, 5, 1), datetime.date(2026, 9, 15)
    )
    upsert(  # a member who left and asked for their data to be erased
        RosterMember,
        {
            "joined_on": datetime.date(2012, 3, 1),
            "consent": False,
            "added_on": datetime.date(2026, 9, 15),
            "removed_on": datetime.date(2026, 10, 2),
        },
        roster=kuha_tai,
        erased_at=_at(2026, 10, 2, 9, 30),
    )
    _event(kuha_tai, RosterAction.UPLOADED, rep, _at(2026, 9, 15), count=13, note="เพิ่ม 13 คน")
    _event(kuha_tai, RosterAction.REMOVED, rep, _at(2026, 10, 2, 9, 30), count=1)
    _event(kuha_tai, RosterAction.SUBMITTED, rep, _at(2026, 10, 5, 16), count=12)
    _event(kuha_tai, RosterAction.FORWARDED, coord, _at(2026, 10, 20, 14), count=12)
    # The district's coordinator looked up one member's ID while checking the list.
    viewed = members[1]
    upsert(
        NationalIdView,
        {
            "where": reverse(
                "roster_member_national_id", args=[kuha_tai.organization.public_id, viewed.pk]
            )
        },
        user=coord,
        member=viewed,
        viewed_at=_at(2026, 10, 19, 11, 5),
    )

    tha_chamuang = _roster(THA_CHAMUANG_COOP, RosterStatus.SUBMITTED, _at(2026, 11, 10, 15))
    _members(
        tha_chamuang,
        THA_CHAMUANG_MEMBERS,
        101,
        datetime.date(1998, 6, 1),
        datetime.date(2026, 11, 3),
    )
    _event(tha_chamuang, RosterAction.UPLOADED, coord, _at(2026, 11, 3), count=6, note="เพิ่ม 6 คน")
    _event(tha_chamuang, RosterAction.SUBMITTED, coord, _at(2026, 11, 10, 15), count=6)

    kamphaeng_phet = _roster(KAMPHAENG_PHET, RosterStatus.DRAFT, None)
    _members(
        kamphaeng_phet,
        KAMPHAENG_PHET_MEMBERS,
        201,
        datetime.date(2005, 1, 10),
        datetime.date(2026, 11, 18),
    )
    for minute in range(len(KAMPHAENG_PHET_MEMBERS)):
        _event(kamphaeng_phet, RosterAction.ADDED, coord, _at(2026, 11, 18, 10, minute), count=1)

    cattle = _roster(CATTLE, RosterStatus.RETURNED, _at(2026, 11, 16, 9))
    _members(cattle, CATTLE_MEMBERS, 301, datetime.date(2015, 2, 1), datetime.date(2026, 11, 2))
    _event(cattle, RosterAction.UPLOADED, coord, _at(2026, 11, 2), count=3, note="เพิ่ม 3 คน")
    _event(cattle, RosterAction.FORWARDED, coord, _at(2026, 11, 4), count=3)
    _event(
        cattle,
        RosterAction.RETURNED,
        users["prov_coord"],
        _at(2026, 11, 16, 9),
        note="กลุ่มแจ้งจำนวนสมาชิก 42 คน แต่รายชื่อมี 3 คน กรุณาเพิ่มรายชื่อให้ครบก่อนส่งอีกครั้ง",
    )

    khlong_hae = _roster(KHLONG_HAE, RosterStatus.DRAFT, None)
    _members(
        khlong_hae,
        KHLONG_HAE_MEMBERS,
        401,
        datetime.date(2008, 8, 1),
        datetime.date(2026, 11, 12),
        ids={2: demo_national_id(SHARED_ID_SEQUENCE)},
    )
    _event(
        khlong_hae,
        RosterAction.UPLOADED,
        users["hatyai_coord"],
        _at(2026, 11, 12),
        count=5,
        note="เพิ่ม 5 คน",
    )
