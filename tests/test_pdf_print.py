"""Documents print right (issue 14): Thai in the PDFs' charts is shaped, text copied out of
a PDF reads as printed, names are not broken mid-word, headings and signatures stay with
their content, every agenda item of the minutes has its content."""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from centers.models import Center, CenterLevel, Committee
from meetings import documents as meeting_documents
from meetings import services as meeting_services
from meetings.models import ActionStatus, AgendaItem, AttendanceStatus, Guest, MeetingStatus
from songkhla_network import pdf_fonts, thai
from songkhla_network.documents import keep_names_whole
from transactions.purchases import documents as transaction_documents
from transactions.purchases.models import PurchaseRound, RoundStatus
from transactions.purchases.selectors import round_figures

from .factories import MembershipFactory, OrganizationFactory
from .pdf_helpers import flat, fonts_of, page_lines, page_of, pdf_text
from .purchase_helpers import active_groups, make_round, order

COMMITTEE_NAME = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"
PLACE = "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ จำกัด"
# า before ำ, ำ with each tone mark and after the tall consonants (narrow NIKHAHIT), ำ in
# bold and regular, a NIKHAHIT of its own (Pali), digits and Latin.
THAI_TEXT = (
    "สำนักงานสหกรณ์จังหวัดสงขลา น้ำ ต่ำ ก๊ำ ก๋ำ ป้ำ ปำ ฟ้ำ ฝ่ำ "
    "ชำระค่าธรรมเนียม 1,234.50 บาท ดำเนินการ กำแพงเพชร สํ ตํ ABC"
)


def bangkok(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def committee(demo):
    return Committee.objects.get(name=COMMITTEE_NAME)


@pytest.fixture
def admin_user(demo):
    return User.objects.get(username="admin")


def test_pdf_fonts_are_what_the_build_makes():
    """static/vendor/sarabun/sarabun-thai-latin-*.woff2 come from `build_pdf_fonts`."""
    call_command("build_pdf_fonts", "--check")


def test_sara_am_copies_draw_as_the_glyphs_they_copy():
    from fontTools.ttLib import TTFont

    for weight in pdf_fonts.WEIGHTS:
        font = TTFont(pdf_fonts.pdf_font_path(weight))
        glyf, hmtx, gdef = font["glyf"], font["hmtx"], font["GDEF"].table
        copies = [name for name in font.getGlyphOrder() if pdf_fonts.COPY in name]
        assert len(copies) == 15  # 5 x (NIKHAHIT, its narrow form, SARA AA)
        for name in copies:
            source = name.split(pdf_fonts.COPY)[0]
            if source == pdf_fonts.SARA_AA:
                assert name.startswith(source)
            assert glyf[name].compile(glyf) == glyf[source].compile(glyf), name
            assert hmtx[name] == hmtx[source], name
            for class_def in (gdef.GlyphClassDef, gdef.MarkAttachClassDef):
                assert class_def.classDefs.get(name) == class_def.classDefs.get(source), name
        # No character reaches a copy directly: only the Thai substitutions do.
        assert not set(copies) & set(font.getBestCmap().values())


def test_text_copied_out_of_a_pdf_reads_as_printed(committee, admin_user):
    """ำ printed as NIKHAHIT + SARA AA used to read back as า ("จากัด"), or turned every
    later า into ำ, or doubled a tone mark, depending on which the document drew first."""
    meeting = meeting_services.create_meeting(
        committee, bangkok(2026, 1, 14, 9, 30), PLACE, admin_user
    )
    first = meeting.agenda.get(section=1, position=0)
    first.minutes = "ประธานแจ้งว่า " + THAI_TEXT
    first.save()
    meeting.agenda.create(section=4, position=1, title=THAI_TEXT)  # a bold heading
    _, text = pdf_text(meeting_documents.minutes_pdf(meeting))
    page = flat(text)
    assert flat("ประธานแจ้งว่า " + THAI_TEXT) in page
    assert flat("4.1 " + THAI_TEXT) in page
    assert flat(f"ณ {PLACE}") in page


# Pages: headings and signatures with their content, names whole ---------------------------

MINUTES_HEADINGS = {"ผู้มาประชุม", "ผู้ไม่มาประชุม", "ผู้เข้าร่วมประชุม", "มติที่ประชุม"}
# Names Pango cut mid-word before (libthai's dictionary does not know them).
NAMES = ("อำเภอรัตภูมิ", "นาทวี", "สิงหนคร", "ระโนด", "สะบ้าย้อย", "คลองหอยโข่ง")


def assert_no_heading_ends_a_page(pages, headings):
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def assert_names_whole(pages, names):
    """A name split across two lines is found in the text without line breaks only."""
    printed = "\n".join("\n".join(lines) for lines in pages)
    for name in names:
        assert printed.count(name) == flat(printed).count(flat(name)), name
        assert printed.count(name), name


def long_minutes(committee, user, *, guests: int):
    """A meeting whose minutes run over several pages: the previous meeting's eight
    assignments followed up (item 3), its minutes approved with an amendment (item 2),
    twenty-four matters under item 4 of one to five paragraphs each, names in the text."""
    previous = meeting_services.create_meeting(committee, bangkok(2027, 1, 13, 9, 30), PLACE, user)
    seats = meeting_services.committee_members(committee, datetime.date(2027, 1, 13))
    actions = [
        meeting_services.add_action(
            previous.agenda.get(section=4, position=0),
            user,
            title=f"ประสานงานกลุ่มสมาชิกอำเภอนาทวีเรื่องที่ {number}",
            person=seats[number % len(seats)].person,
            due_on=datetime.date(2027, 2, number),
        )
        for number in range(1, 9)
    ]
    present = {seat.person_id: (AttendanceStatus.PRESENT, "") for seat in seats}
    meeting_services.record_attendance(previous, present, user)
    meeting_services.mark_held(previous, datetime.time(9, 30), datetime.time(12, 0), user)

    meeting = meeting_services.create_meeting(committee, bangkok(2027, 2, 10, 9, 30), PLACE, user)
    meeting_services.record_attendance(meeting, present, user)
    for number in range(guests):
        Guest.objects.create(
            meeting=meeting,
            name=f"นางสาวสายใจ ทดสอบ{number}",
            organization="สหกรณ์การเกษตรระโนด จำกัด",
        )
    for number, action in enumerate(actions, start=1):
        meeting_services.follow_up(
            action,
            meeting,
            ActionStatus.IN_PROGRESS,
            f"ความคืบหน้าเรื่องที่ {number} ประสานกับสหกรณ์การเกษตรสิงหนคร จำกัด แล้ว" * (number % 3),
            user,
        )
    paragraph = (
        "ที่ประชุมอภิปรายเรื่องการรวบรวมน้ำยางของกลุ่มสมาชิกอำเภอรัตภูมิ อำเภอนาทวี "
        "อำเภอระโนด และอำเภอคลองหอยโข่ง โดยนายบุญเลิศ ชูช่วย เสนอให้สำรวจราคาที่สหกรณ์การเกษตรสะบ้าย้อย จำกัด "
    )
    for number in range(1, 25):
        AgendaItem.objects.create(
            meeting=meeting,
            section=4,
            position=number,
            title=f"เรื่องเพื่อพิจารณาที่ {number}",
            presenter="นางอำไพ สุขเกษม เหรัญญิก" if number % 2 else "",
            minutes="\n".join([paragraph * (1 + number % 2)] * (1 + number % 5)),
            resolution=f"มติเรื่องที่ {number} เห็นชอบตามที่เสนอ",
        )
    fifth = meeting.agenda.get(section=5, position=0)
    fifth.minutes = "ประธานนัดประชุมครั้งต่อไปที่สหกรณ์การเกษตรรัตภูมิ จำกัด"
    fifth.resolution = "ที่ประชุมรับทราบกำหนดการประชุมครั้งต่อไป"
    fifth.save()
    meeting_services.mark_held(meeting, datetime.time(9, 30), datetime.time(15, 0), user)
    meeting_services.approve_minutes(
        previous, user, amendments="แก้ไขชื่อผู้รับผิดชอบเรื่องที่ 3", in_meeting=meeting
    )
    return meeting, previous, actions


def minutes_headings(meeting) -> set[str]:
    context = meeting_documents.minutes_context(meeting)
    return MINUTES_HEADINGS | {entry["heading"] for entry in context["items"]}


@pytest.mark.parametrize("guests", [0, 2, 20])
def test_long_minutes_keep_headings_and_signatures_with_their_text(committee, admin_user, guests):
    """The page breaks fall at a different line for each number of guests: with none, a
    มติที่ประชุม label ended page 5; with 20, the bare heading of item 4 ended page 3."""
    meeting, _, _ = long_minutes(committee, admin_user, guests=guests)
    reader, _ = pdf_text(meeting_documents.minutes_pdf(meeting))
    pages = page_lines(reader)
    assert len(pages) >= 6
    assert_no_heading_ends_a_page(pages, minutes_headings(meeting))
    fifth_resolution = "ที่ประชุมรับทราบกำหนดการประชุมครั้งต่อไป"
    closing = page_of(pages, "เลิกประชุมเวลา 15.00 น.")
    assert closing == page_of(pages, "ผู้จดรายงานการประชุม") == page_of(pages, fifth_resolution)
    assert not pages[closing - 1][0].startswith("เลิกประชุมเวลา")


def test_long_minutes_break_thai_between_words_only(committee, admin_user):
    """libthai's dictionary does not know names: Pango broke "รัต / ภูมิ", "ชู / ช่วย"."""
    meeting, _, _ = long_minutes(committee, admin_user, guests=2)
    reader, _ = pdf_text(meeting_documents.minutes_pdf(meeting))
    assert_names_whole(page_lines(reader), NAMES + ("นายบุญเลิศ", "ชูช่วย", "นางอำไพ", "สุขเกษม"))


def test_minutes_state_every_agenda_item(committee, admin_user):
    """Item 2 says which minutes were approved, when, at which meeting, by whom and with
    which amendments; item 3 follows up every open assignment as the meeting page does."""
    meeting, previous, actions = long_minutes(committee, admin_user, guests=0)
    _, text = pdf_text(meeting_documents.minutes_pdf(meeting))
    page = flat(text)
    previous.refresh_from_db()
    approved_on = thai.be_date(previous.approved_at, "long")
    assert (
        flat(
            "ระเบียบวาระที่ 2 เรื่องรับรองรายงานการประชุมครั้งที่แล้ว (ครั้งที่ 1/2570) "
            "รายงานการประชุมครั้งที่ 1/2570 เมื่อวันพุธที่ 13 มกราคม 2570 "
            f"รับรองโดยมีการแก้ไขเมื่อ {approved_on} ในการประชุมครั้งที่ 2/2570 "
            "บันทึกการรับรองโดย สมศักดิ์ ผู้ดูแลระบบ "
            "โดยแก้ไขดังนี้ แก้ไขชื่อผู้รับผิดชอบเรื่องที่ 3"
        )
        in page
    )
    for action in actions:
        assert (
            flat(
                f"{action.title} ผู้รับผิดชอบ {action.responsible} "
                f"กำหนดเสร็จ {thai.be_date(action.due_on)} (เลยกำหนด) "
                f"มอบหมายในครั้งที่ 1/2570 สถานะ กำลังดำเนินการ"
            )
            in page
        )
    assert flat("สถานะ กำลังดำเนินการ ความคืบหน้าเรื่องที่ 1 ประสานกับสหกรณ์การเกษตร") in page


def pages_with(pages, text) -> list[int]:
    return [number for number, lines in enumerate(pages, start=1) if any(text in x for x in lines)]


@pytest.fixture
def long_order(demo):
    """A provincial round ordered by all sixteen districts (three products each, a
    quantity no other district has), long delivery terms: the order runs over pages."""
    products = [("ปุ๋ยยูเรีย 46-0-0 ทดสอบ", "ton"), ("ปุ๋ยสูตร 15-15-15 ทดสอบ", "ton")]
    products.append(("ปุ๋ยอินทรีย์อัดเม็ด ทดสอบ", "ton"))
    purchase_round = make_round(
        status=RoundStatus.CLOSED,
        items=[(name, D("15000"), D("16000"), []) for name, _ in products],
    )
    purchase_round.delivery_terms = "\n".join(
        f"{number}. ผู้จำหน่ายส่งมอบถึงศูนย์ประสานงานเครือข่ายระดับอำเภอทุกแห่งภายใน 15 วัน"
        for number in range(1, 6)
    )
    purchase_round.save()
    items = list(purchase_round.items.order_by("pk"))
    quantities = {}
    for index, center in enumerate(
        Center.objects.filter(level=CenterLevel.DISTRICT).order_by("district__code")
    ):
        groups = active_groups(center)
        if not groups:
            groups = [
                MembershipFactory(
                    organization=OrganizationFactory(district=center.district), center=center
                ).organization
            ]
        quantities[center.district.name] = [
            D(f"{(number + 1) * 100 + index}.{number + 1}5") for number in range(len(items))
        ]
        order(
            purchase_round,
            center,
            {
                (groups[0], item): quantity
                for item, quantity in zip(items, quantities[center.district.name], strict=True)
            },
        )
    purchase_round.quantities = quantities
    return purchase_round


def test_a_long_purchase_order_keeps_signatures_districts_and_names_together(long_order):
    pdf = transaction_documents.purchase_order_pdf(long_order, round_figures(long_order))
    reader, _ = pdf_text(pdf)
    pages = page_lines(reader)
    assert len(pages) >= 3
    assert_no_heading_ends_a_page(pages, {"สถานที่ส่งมอบ", "เงื่อนไขการส่งมอบและการชำระเงิน"})
    # A district's rows are not split between pages.
    for name, quantities in long_order.quantities.items():
        (page,) = set(pages_with(pages, f"ระดับอำเภอ{name}"))
        for quantity in quantities:
            assert pages_with(pages, f"{quantity:,}") == [page], (name, quantity)
    # The signatures stand on the page of the table's end and of the terms.
    last_district = list(long_order.quantities)[-1]
    signatures = pages_with(pages, "ผู้อนุมัติ")
    assert signatures == pages_with(pages, f"ระดับอำเภอ{last_district}")
    assert signatures == pages_with(pages, "5. ผู้จำหน่ายส่งมอบ")
    assert_names_whole(pages, [f"อำเภอ{name}" for name in long_order.quantities])


def test_demo_purchase_orders_print_right(demo):
    for purchase_round in PurchaseRound.objects.all():
        figures = round_figures(purchase_round)
        context = transaction_documents.purchase_order_context(purchase_round, figures)
        pdf = transaction_documents.purchase_order_pdf(purchase_round, figures)
        reader, _ = pdf_text(pdf)
        pages = page_lines(reader)
        assert fonts_of(reader) <= {"Sarabun", "Sarabun-Bold"}
        assert_no_heading_ends_a_page(pages, {"สถานที่ส่งมอบ", "เงื่อนไขการส่งมอบและการชำระเงิน"})
        if context["deliveries"]:
            end = context["deliveries"][-1]["center"].name.split("ระดับ")[-1]
        else:
            end = thai.bahttext(context["total"])
        assert pages_with(pages, "ผู้อนุมัติ") == pages_with(pages, end)[-1:], purchase_round
        assert_names_whole(
            pages, [f"อำเภอ{row['center'].district.name}" for row in context["deliveries"]]
        )


def test_demo_minutes_print_right(committee):
    """Every held meeting of the demo's Rattaphum committee."""
    names = {str(seat.person) for seat in committee.members.select_related("person")}
    for meeting in committee.meetings.filter(status=MeetingStatus.HELD):
        reader, text = pdf_text(meeting_documents.minutes_pdf(meeting))
        pages = page_lines(reader)
        assert fonts_of(reader) <= {"Sarabun", "Sarabun-Bold"}
        assert_no_heading_ends_a_page(pages, minutes_headings(meeting))
        closing = pages_with(pages, "เลิกประชุมเวลา")
        assert closing == pages_with(pages, "ผู้ตรวจรายงานการประชุม")
        assert not pages[closing[0] - 1][0].startswith("เลิกประชุมเวลา"), meeting
        assert flat("รายงานการประชุมครั้งที่") in flat(text)  # item 2 from the records
        printed = [name for name in names if flat(name) in flat(text)]
        assert_names_whole(pages, ["อำเภอรัตภูมิ", *(part for n in printed for part in n.split())])


def test_names_are_kept_whole_in_text_only():
    html = (
        "<title>อำเภอรัตภูมิ</title><style>.a { content: 'นาทวี' }</style>"
        '<td class="นาทวี">ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ</td>'
        "<p>(นายบุญเลิศ ชูช่วย): กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง ตำบลคูหาใต้ สหกรณ์การเกษตรนาทวี จำกัด"
        " นายอำเภอได้แจ้งให้ที่ประชุมทราบเรื่องการจัดงานประจำปี กํา</p>"
    )
    kept = keep_names_whole(html, places=["รัตภูมิ", "นาทวี"])
    whole = '<span class="nowrap">{}</span>'.format
    assert kept == (
        "<title>อำเภอรัตภูมิ</title><style>.a { content: 'นาทวี' }</style>"
        f'<td class="นาทวี">ศูนย์ประสานงานเครือข่ายระดับ{whole("อำเภอรัตภูมิ")}</td>'
        f"<p>({whole('นายบุญเลิศ')} {whole('ชูช่วย')}): "
        f"กลุ่มแม่บ้านเกษตรกร{whole('บ้านท่าชะมวง')} {whole('ตำบลคูหาใต้')} "
        f"สหกรณ์การเกษตร{whole('นาทวี')} จำกัด"
        # More than NAME_LENGTH letters: not a name, may break as Pango sees fit.
        " นายอำเภอได้แจ้งให้ที่ประชุมทราบเรื่องการจัดงานประจำปี"
        " กำ</p>"  # NIKHAHIT + SARA AA typed for SARA AM: printed alike, copied as SARA AM
    )
