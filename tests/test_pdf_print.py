"""Documents print right (issue 14): Thai in the PDFs' charts is shaped, text copied out of
a PDF reads as printed, names are not broken mid-word, headings and signatures stay with
their content, every agenda item of the minutes has its content."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from centers.models import Committee
from meetings import documents as meeting_documents
from meetings import services as meeting_services
from songkhla_network import pdf_fonts

from .pdf_helpers import flat, pdf_text

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
