"""Loading organizations from the registries' spreadsheets (ระยะที่ 1): the preview, the
all-or-nothing confirm, matching by registration number or by name and district, the
management command, and who may do it."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Organization, OrganizationKind
from members.registry import preview as previews
from members.registry import services, spreadsheet
from members.registry.models import ImportStatus, RegistryImport
from tests.test_thai_only import visible_words

from ..factories import OrganizationFactory
from ..markers import needs_two_connections

DATA = Path(__file__).parent.parent / "data"
COOP_FILE = DATA / "registry_cooperative_office.xlsx"
CDD_FILE = DATA / "registry_community_development.csv"
ERRORS_FILE = DATA / "registry_with_errors.csv"
THACHAMUANG = "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"  # สข.0921/2540, 148 members in the demo
NEW_COOPS = [
    "สหกรณ์กองทุนสวนยางบ้านนาวง จำกัด",
    "สหกรณ์ออมทรัพย์โรงพยาบาลหาดใหญ่ จำกัด",
    "สหกรณ์ร้านค้าชุมชนเทพา จำกัด",
    "สหกรณ์การเกษตรเพื่อการตลาดลูกค้า ธ.ก.ส. สงขลา จำกัด",
    "สหกรณ์ประมงสทิงพระ จำกัด",
    "สหกรณ์กองทุนสวนยางบ้านคลองหอยโข่ง จำกัด",
    "สหกรณ์นิคมนาทวี จำกัด",
    "สหกรณ์ออมทรัพย์สาธารณสุขสงขลา จำกัด",
]
HEADER = ["ชื่อองค์กร", "ประเภท", "อำเภอ", "เลขทะเบียน", "ที่อยู่", "โทรศัพท์", "จำนวนสมาชิก"]


def upload_of(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def csv_file(rows, name="รายชื่อ.csv", header=HEADER) -> SimpleUploadedFile:
    stream = io.StringIO()
    csv.writer(stream).writerows([header, *rows])
    return SimpleUploadedFile(name, stream.getvalue().encode("utf-8-sig"))


def upload(client, path_or_file, source="cooperative_office"):
    file = path_or_file if isinstance(path_or_file, SimpleUploadedFile) else upload_of(path_or_file)
    return client.post(reverse("registry_import"), {"source": source, "file": file})


def pending(client, path_or_file, source="cooperative_office") -> RegistryImport:
    response = upload(client, path_or_file, source)
    assert response.status_code == 302, response.content.decode()[:2000]
    return RegistryImport.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def confirm(client, record: RegistryImport, **kwargs):
    """Press "ยืนยันการนำเข้า" on the preview page: post with the preview's fingerprint."""
    page = client.get(reverse("registry_import_detail", args=[record.pk]))
    fingerprint = page.context["fingerprint"]
    assert f'name="fingerprint" value="{fingerprint}"' in page.content.decode()
    return client.post(
        reverse("registry_import_apply", args=[record.pk]), {"fingerprint": fingerprint}, **kwargs
    )


def post_apply(client, record: RegistryImport, fingerprint: str):
    url = reverse("registry_import_apply", args=[record.pk])
    return client.post(url, {"fingerprint": fingerprint}, follow=True)


# The preview ---------------------------------------------------------------------------


def test_the_coop_office_file_previews_what_would_change(login):
    client = login("prov_coord")
    before = Organization.objects.count()
    record = pending(client, COOP_FILE)
    assert record.status == ImportStatus.PENDING
    assert record.uploaded_by.username == "prov_coord"
    assert record.file_name == "registry_cooperative_office.xlsx"
    assert record.file.name.startswith("imports/") and "registry" not in record.file.name
    response = client.get(reverse("registry_import_detail", args=[record.pk]))
    assert response.status_code == 200
    counts = response.context["preview"].counts
    assert counts == {"create": 8, "update": 1, "unchanged": 1, "error": 0}
    html = response.content.decode()
    assert "จำนวนสมาชิก: 148 → 152" in html
    assert "ยืนยันการนำเข้า" in html
    for name in NEW_COOPS:
        assert name in html
    assert Organization.objects.count() == before  # a preview writes nothing


def test_kinds_districts_numbers_and_dates_are_read_as_the_registries_write_them(demo):
    preview = previews.preview_registry(upload_of(COOP_FILE))
    rows = {row.name: row for row in preview.rows}
    # The coop office files rubber-fund cooperatives as "สหกรณ์การเกษตร".
    assert rows["สหกรณ์กองทุนสวนยางบ้านนาวง จำกัด"].values["kind"] == (
        OrganizationKind.RUBBER_FUND_COOP
    )
    assert rows["สหกรณ์ประมงสทิงพระ จำกัด"].values["kind"] == OrganizationKind.AGRICULTURAL_COOP
    assert rows["สหกรณ์ออมทรัพย์สาธารณสุขสงขลา จำกัด"].values["district"].code == "9001"  # code
    assert rows["สหกรณ์การเกษตรเพื่อการตลาดลูกค้า ธ.ก.ส. สงขลา จำกัด"].district_name == "เมืองสงขลา"
    hospital = rows["สหกรณ์ออมทรัพย์โรงพยาบาลหาดใหญ่ จำกัด"].values
    assert hospital["member_count"] == 1520  # "1,520"
    assert str(hospital["founded_on"]) == "1988-04-01"  # an Excel date in CE
    # An Excel date typed with a BE year (2547) is BE.
    assert str(rows["สหกรณ์กองทุนสวนยางบ้านคลองหอยโข่ง จำกัด"].values["founded_on"]) == "2004-08-20"
    assert str(rows["สหกรณ์นิคมนาทวี จำกัด"].values["founded_on"]) == "1984-05-03"  # Thai digits
    assert str(rows["สหกรณ์ร้านค้าชุมชนเทพา จำกัด"].values["founded_on"]) == "1996-10-01"


def test_the_community_development_list_in_cp874_matches_by_name_and_district(login):
    preview = previews.preview_registry(upload_of(CDD_FILE))
    assert preview.counts == {"create": 3, "update": 2, "unchanged": 1, "error": 0}
    rows = {row.name: row for row in preview.rows}
    khuhatai = rows["กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"]
    assert khuhatai.action == "update"
    assert khuhatai.organization.name == "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"
    assert [(c.field, c.old) for c in khuhatai.changes] == [("address", "—")]
    assert rows["กลุ่มออมทรัพย์เพื่อการผลิตบ้านกำแพงเพชร"].action == "unchanged"
    khlonghae = rows["กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห"]
    assert [(c.old, c.new) for c in khlonghae.changes] == [("310", "325")]
    # The same list saved as UTF-8 with a byte-order mark reads the same.
    text = CDD_FILE.read_bytes().decode("cp874")
    again = previews.preview_registry(SimpleUploadedFile("พช.csv", text.encode("utf-8-sig")))
    assert again.counts == preview.counts


def test_a_file_with_errors_lists_every_problem_and_offers_no_confirm(login):
    client = login("prov_coord")
    record = pending(client, ERRORS_FILE, "other")
    response = client.get(reverse("registry_import_detail", args=[record.pk]))
    html = response.content.decode()
    assert response.context["preview"].counts["error"] == 6
    for message in [
        "ไม่มีชื่อองค์กร",
        "ไม่รู้จักประเภท “สหกรณ์บริการ”",
        "ไม่พบอำเภอ “ยะรัง” ในจังหวัดสงขลา",
        "หมายเลขโทรศัพท์ “12345” ไม่ถูกต้อง",
        "จำนวนสมาชิก “หนึ่งร้อย” ไม่ใช่ตัวเลข",
        "ปี 2007 เป็นปี ค.ศ.",
        "ซ้ำกับแถวที่ 8 ในไฟล์เดียวกัน",
        # Organization.clean: the Rattaphum agricultural cooperative hosts the center.
        "เป็นที่ตั้งของศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ",
    ]:
        assert message in html, message
    assert reverse("registry_import_apply", args=[record.pk]) not in html  # no confirm button
    assert "กรุณาแก้ไขไฟล์ตามข้อความในตารางด้านล่าง แล้วอัปโหลดใหม่อีกครั้ง" in html
    # Only the rows with errors, on request.
    only = client.get(reverse("registry_import_detail", args=[record.pk]), {"show": "error"})
    assert {row.action for row in only.context["page"].object_list} == {"error"}


# Confirming ----------------------------------------------------------------------------


def test_confirming_creates_and_updates_with_history(login):
    client = login("prov_coord")
    record = pending(client, COOP_FILE)
    response = confirm(client, record, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "นำเข้าแล้ว: สร้างใหม่ 8 องค์กร ปรับปรุง 1 องค์กร ไม่เปลี่ยนแปลง 1 องค์กร" in html
    assert reverse("organization_list") in html
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED and record.applied_at is not None
    assert (record.created_count, record.updated_count, record.unchanged_count) == (8, 1, 1)
    created = Organization.objects.filter(name__in=NEW_COOPS)
    assert created.count() == 8
    assert set(created.values_list("registry_source", flat=True)) == {"cooperative_office"}
    fishing = Organization.objects.get(name="สหกรณ์ประมงสทิงพระ จำกัด")
    assert fishing.registration_number == "สข.0702/2538"
    assert fishing.district.code == "9002" and fishing.member_count == 180
    (born,) = fishing.history.all()
    assert born.history_type == "+" and born.history_user.username == "prov_coord"
    assert born.history_change_reason == "นำเข้าจากทะเบียนของสำนักงานสหกรณ์จังหวัดสงขลา"
    thachamuang = Organization.objects.get(name=THACHAMUANG)
    assert thachamuang.member_count == 152
    assert thachamuang.registry_source == ""  # only organizations created by the import
    latest = thachamuang.history.first()
    assert latest.history_type == "~" and latest.history_user.username == "prov_coord"
    assert latest.prev_record.member_count == 148
    # The unchanged cooperative got no history record.
    khuanru = Organization.objects.get(name="สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด")
    assert khuanru.history.count() == 1


def test_applying_twice_is_refused(login):
    client = login("prov_coord")
    record = pending(client, COOP_FILE)
    confirm(client, record)
    count = Organization.objects.count()
    response = client.post(reverse("registry_import_apply", args=[record.pk]), follow=True)
    assert "ไฟล์นี้นำเข้าไปแล้ว นำเข้าซ้ำไม่ได้" in response.content.decode()
    assert Organization.objects.count() == count
    # A second upload of the same file finds everything already there.
    again = previews.preview_registry(upload_of(COOP_FILE))
    assert again.counts == {"create": 0, "update": 0, "unchanged": 10, "error": 0}


def test_one_bad_row_and_nothing_is_written(login):
    client = login("prov_coord")
    before = Organization.objects.count()
    rows = [
        ["กลุ่มออมทรัพย์เพื่อการผลิตบ้านใหม่", "กลุ่มออมทรัพย์เพื่อการผลิต", "รัตภูมิ", "", "", "", "30"],
        [THACHAMUANG, "สหกรณ์กองทุนสวนยาง", "รัตภูมิ", "สข.0921/2540", "", "", "160"],
        ["กลุ่มแม่บ้านเกษตรกรบ้านใหม่", "กลุ่มแม่บ้านเกษตรกร", "รัตภูมิ", "", "", "08-1234", "20"],
    ]
    record = pending(client, csv_file(rows))
    response = client.post(reverse("registry_import_apply", args=[record.pk]), follow=True)
    assert "ไฟล์มีข้อผิดพลาด 1 รายการ จึงยังไม่ได้นำเข้า" in response.content.decode()
    assert Organization.objects.count() == before
    assert Organization.objects.get(name=THACHAMUANG).member_count == 148
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING
    with pytest.raises(services.RegistryError):
        services.apply_registry(csv_file(rows), source="other")
    assert Organization.objects.count() == before


def test_discarding_writes_nothing_and_closes_the_upload(login):
    client = login("prov_coord")
    before = Organization.objects.count()
    record = pending(client, COOP_FILE)
    response = client.post(reverse("registry_import_discard", args=[record.pk]), follow=True)
    assert "ไม่มีข้อมูลใดถูกบันทึก" in response.content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.DISCARDED
    response = client.post(reverse("registry_import_apply", args=[record.pk]), follow=True)
    assert "การนำเข้านี้ถูกยกเลิกแล้ว" in response.content.decode()
    assert Organization.objects.count() == before


# Matching ------------------------------------------------------------------------------


def test_matching_by_registration_number_ignores_how_it_is_written(demo):
    rows = [
        [THACHAMUANG.replace("บ้าน", ""), "สหกรณ์กองทุนสวนยาง", "รัตภูมิ", "สข ๐๙๒๑/๒๕๔๐", "", "", ""],
    ]
    (row,) = previews.preview_registry(csv_file(rows)).rows
    assert row.organization.name == THACHAMUANG
    assert [(c.field, c.new) for c in row.changes] == [("name", THACHAMUANG.replace("บ้าน", ""))]


def test_matching_by_name_and_district_when_there_is_no_registration_number(demo):
    rows = [
        ["กลุ่มแม่บ้านเกษตรกรบ้านควนรู", "กลุ่มแม่บ้านเกษตรกร", "อ. รัตภูมิ", "", "", "", "28"],
        ["กลุ่มแม่บ้านเกษตรกรบ้านควนรู", "กลุ่มแม่บ้านเกษตรกร", "หาดใหญ่", "", "", "", "12"],
        # A registration number for a group the system holds without one: filled in.
        ["กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ", "กลุ่มเกษตรกร", "รัตภูมิ", "กษ.9009/0042", "", "", ""],
    ]
    same, elsewhere, cattle = previews.preview_registry(csv_file(rows)).rows
    assert same.action == "unchanged" and same.organization.district.code == "9009"
    assert elsewhere.action == "create"  # the same name in another district is another group
    assert cattle.action == "update"
    assert [(c.field, c.old, c.new) for c in cattle.changes] == [
        ("registration_number", "—", "กษ.9009/0042")
    ]


def test_duplicates_within_the_file_and_conflicting_numbers_are_errors(demo):
    rows = [
        ["สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด", "สหกรณ์กองทุนสวนยาง", "รัตภูมิ", "", "", "", ""],
        ["สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด", "สหกรณ์กองทุนสวนยาง", "รัตภูมิ", "", "", "", ""],
        # Its name and district match ควนรู, whose number is สข.0934/2541.
        ["สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด", "สหกรณ์กองทุนสวนยาง", "ควนเนียง", "", "", "", ""],
        ["สหกรณ์กองทุนสวนยางบ้านพรุ จำกัด", "สหกรณ์กองทุนสวนยาง", "หาดใหญ่", "สข.9999/2560", "", "", ""],
        # By number, the same organization as a row above.
        ["สหกรณ์กองทุนสวนยางควนรู", "สหกรณ์กองทุนสวนยาง", "รัตภูมิ", "สข.0934/2541", "", "", ""],
    ]
    preview = previews.preview_registry(csv_file(rows))
    first, second, other_district, conflict, by_number = preview.rows
    assert first.action == "unchanged"
    assert second.errors == ["ชื่อ “สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด” ในอำเภอรัตภูมิ ซ้ำกับแถวที่ 2 ในไฟล์เดียวกัน"]
    assert other_district.action == "create"
    assert "ซึ่งมีเลขทะเบียน สข.0845/2542 ไม่ตรงกับเลขทะเบียน สข.9999/2560" in conflict.errors[0]
    assert "เช่นเดียวกับแถวที่ 2" in by_number.errors[0]


def test_empty_cells_never_blank_what_the_system_holds(demo):
    federation = Organization.objects.get(name="ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด")
    assert federation.phone and federation.address and federation.founded_on
    rows = [[federation.name, "ชุมนุมสหกรณ์", "เมืองสงขลา", "", "", "", ""]]
    (row,) = previews.preview_registry(csv_file(rows)).rows
    assert row.action == "unchanged"
    result, _ = services.apply_registry(csv_file(rows), source="other")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    federation.refresh_from_db()
    assert federation.phone == "074-311234" and federation.founded_on.year == 1975


def test_a_file_without_the_required_columns_is_refused_at_upload(login):
    client = login("prov_coord")
    before = RegistryImport.objects.count()
    bad = csv_file([["กลุ่มหนึ่ง", "รัตภูมิ"]], header=["ชื่อกลุ่ม", "อำเภอ"])
    response = upload(client, bad)
    assert response.status_code == 200
    assert "ไม่พบคอลัมน์ที่จำเป็น: “ประเภท”" in response.content.decode()
    pdf = SimpleUploadedFile("รายชื่อ.pdf", b"%PDF-1.4\n")
    response = upload(client, pdf)
    assert "รับเฉพาะไฟล์เอ็กเซล" in response.content.decode()
    fake = SimpleUploadedFile("รายชื่อ.xlsx", b"%PDF-1.4\n")
    assert "ไม่ตรงกับชนิดไฟล์" in upload(client, fake).content.decode()
    assert RegistryImport.objects.count() == before


def test_the_web_takes_at_most_5000_rows(login, settings):
    rows = [[f"กลุ่มทดสอบ {n}", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""] for n in range(5001)]
    response = upload(login("prov_coord"), csv_file(rows))
    assert response.status_code == 200
    assert "ไฟล์มีข้อมูลเกิน 5,000 แถว" in response.content.decode()


def test_a_large_preview_runs_a_fixed_number_of_queries(demo):
    rows = [
        [f"กลุ่มอาชีพทดสอบ {n}", "กลุ่มอาชีพ", "รัตภูมิ", f"ทด.{n}/2569", "", "", str(n % 90 + 10)]
        for n in range(spreadsheet.WEB_MAX_ROWS)
    ]
    with CaptureQueriesContext(connection) as captured:
        preview = previews.preview_registry(csv_file(rows))
    assert preview.counts["create"] == spreadsheet.WEB_MAX_ROWS
    assert len(captured) == 2  # the districts and the organizations, once
    with CaptureQueriesContext(connection) as captured:
        result, _ = services.apply_registry(csv_file(rows), source="other")
    assert result.created == spreadsheet.WEB_MAX_ROWS
    # Batches, not a query per row (SQLite binds at most 999 values per statement).
    assert len(captured) < spreadsheet.WEB_MAX_ROWS / 20
    assert Organization.objects.filter(name__startswith="กลุ่มอาชีพทดสอบ").count() == 5000


# The template, the list, the command ---------------------------------------------------


def test_the_template_has_the_columns_and_dropdowns(login):
    response = login("admin").get(reverse("registry_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]][:3] == ["ชื่อองค์กร", "ประเภท", "อำเภอ"]
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("สหกรณ์กองทุนสวนยาง" in f and "วิสาหกิจชุมชน" in f for f in formulas)
    assert any("รัตภูมิ" in f and "หาดใหญ่" in f for f in formulas)
    # The template itself previews cleanly (its example row is a new organization).
    preview = previews.preview_registry(SimpleUploadedFile("แบบฟอร์ม.xlsx", response.content))
    assert preview.counts["create"] == 1 and not preview.has_errors


def test_the_list_shows_earlier_imports(login):
    client = login("prov_coord")
    record = pending(client, COOP_FILE)
    confirm(client, record)
    response = client.get(reverse("registry_import"))
    html = response.content.decode()
    assert "registry_cooperative_office (เอ็กเซล)" in html
    assert "สำนักงานสหกรณ์จังหวัดสงขลา" in html
    assert "นำเข้าแล้ว" in html
    assert "รอตรวจสอบและยืนยัน" in html  # the demo's pending list from the CDD


def test_the_command_checks_then_applies_all_or_nothing(demo):
    before = Organization.objects.count()
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_registry", str(COOP_FILE), source="cooperative_office", stdout=out, stderr=err
    )
    text = out.getvalue()
    assert "อ่านได้ 10 แถว: สร้างใหม่ 8 · ปรับปรุง 1 · ไม่เปลี่ยนแปลง 1 · ข้อผิดพลาด 0" in text
    assert "ใส่ --apply เพื่อนำเข้า" in text
    assert Organization.objects.count() == before

    out = io.StringIO()
    call_command(
        "import_registry",
        str(COOP_FILE),
        source="cooperative_office",
        apply=True,
        user="prov_coord",
        stdout=out,
    )
    assert "นำเข้าแล้ว: สร้างใหม่ 8 ปรับปรุง 1 ไม่เปลี่ยนแปลง 1" in out.getvalue()
    assert Organization.objects.count() == before + 8
    record = RegistryImport.objects.get(file_name="registry_cooperative_office.xlsx")
    assert record.status == ImportStatus.APPLIED and record.uploaded_by.username == "prov_coord"
    assert record.created_count == 8
    with record.file.open("rb") as stored:
        assert stored.read() == COOP_FILE.read_bytes()

    err = io.StringIO()
    with pytest.raises(CommandError, match="ยังไม่ได้นำเข้าแถวใดเลย"):
        call_command(
            "import_registry", str(ERRORS_FILE), source="other", apply=True, stdout=io.StringIO(),
            stderr=err,
        )  # fmt: skip
    assert "แถวที่ 3: ไม่มีชื่อองค์กร" in err.getvalue()
    assert Organization.objects.count() == before + 8
    assert not RegistryImport.objects.filter(file_name=ERRORS_FILE.name).exists()


def test_the_command_takes_more_rows_than_the_web(demo, tmp_path):
    path = tmp_path / "รายชื่อใหญ่.csv"
    rows = [[f"กลุ่มอาชีพใหญ่ {n}", "กลุ่มอาชีพ", "หาดใหญ่", "", "", "", ""] for n in range(5200)]
    path.write_bytes(csv_file(rows).read())
    out = io.StringIO()
    call_command("import_registry", str(path), source="other", apply=True, stdout=out)
    assert "สร้างใหม่ 5,200" in out.getvalue()


# Who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["rattaphum_coord", "prov_marketing", "group_rep", "observer"])
def test_only_admins_and_the_federations_staff_import(login, username):
    client = login(username)
    before = RegistryImport.objects.count()
    response = upload(client, COOP_FILE)
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์นำเข้าข้อมูลทะเบียน" in response.content.decode()
    assert RegistryImport.objects.count() == before
    record = RegistryImport.objects.get(status=ImportStatus.PENDING)
    count = Organization.objects.count()
    assert client.post(reverse("registry_import_apply", args=[record.pk])).status_code == 403
    assert client.post(reverse("registry_import_discard", args=[record.pk])).status_code == 403
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING
    assert Organization.objects.count() == count


def test_the_pages_are_thai_only(login):
    client = login("prov_coord")
    # File names are data (shown as uploaded): Thai ones here.
    good = pending(client, upload_of(COOP_FILE, "ทะเบียนสหกรณ์.xlsx"))
    bad = pending(client, upload_of(ERRORS_FILE, "รายชื่อที่ผิด.csv"))
    urls = [
        reverse("registry_import"),
        reverse("registry_import_detail", args=[good.pk]),
        reverse("registry_import_detail", args=[bad.pk]),
    ]
    for url in urls:
        assert visible_words(client.get(url).content.decode()) == set(), url
    confirm(client, good)
    page = client.get(reverse("registry_import_detail", args=[good.pk])).content.decode()
    assert visible_words(page) == set()
    assert "ผลการนำเข้า" in page


# Names match whatever their spacing ------------------------------------------------------

RATTAPHUM_COOP = "สหกรณ์การเกษตรรัตภูมิ จำกัด"  # the Rattaphum district center's host
KHUANRU_WOMEN = "กลุ่มแม่บ้านเกษตรกรบ้านควนรู"


def test_names_match_without_spaces_thai_digits_or_invisible_characters(demo):
    numbered = OrganizationFactory(name="กลุ่มอาชีพเย็บผ้าหมู่ 5", kind=OrganizationKind.OTHER_GROUP)
    rows = [
        ["สหกรณ์การเกษตรรัตภูมิจำกัด", "สหกรณ์การเกษตร", "รัตภูมิ", "", "", "", ""],
        ["กลุ่มแม่บ้านเกษตรกร บ้านควนรู", "กลุ่มแม่บ้านเกษตรกร", "รัตภูมิ", "", "", "", ""],
        ["กลุ่มอาชีพเย็บผ้า\u200bหมู่ ๕", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""],
    ]
    host, women, sewing = previews.preview_registry(csv_file(rows)).rows
    assert (host.action, host.organization.name) == ("unchanged", RATTAPHUM_COOP)
    assert (women.action, women.organization.name) == ("unchanged", KHUANRU_WOMEN)
    assert (sewing.action, sewing.organization) == ("unchanged", numbered)
    # The same name twice in one file, spaced differently, is a duplicate row.
    rows = [
        ["กลุ่มอาชีพทำขนม บ้านใหม่", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""],
        ["กลุ่มอาชีพทำขนมบ้านใหม่", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""],
    ]
    first, second = previews.preview_registry(csv_file(rows)).rows
    assert first.action == "create"
    assert "ซ้ำกับแถวที่ 2 ในไฟล์เดียวกัน" in second.errors[0]


def test_a_new_name_is_stored_as_typed_with_spaces_collapsed(demo):
    rows = [["กลุ่มอาชีพ   ทำขนม  บ้านใหม่", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""]]
    services.apply_registry(csv_file(rows), source="other")
    assert Organization.objects.filter(name="กลุ่มอาชีพ ทำขนม บ้านใหม่").exists()


def test_two_organizations_with_one_name_make_the_row_ambiguous(demo):
    twin = OrganizationFactory(
        name="กลุ่มแม่บ้านเกษตรกร บ้านควนรู",
        kind=OrganizationKind.HOUSEWIFE_GROUP,
        registration_number="กษ.9009/0777",
    )
    rows = [
        [KHUANRU_WOMEN, "กลุ่มแม่บ้านเกษตรกร", "รัตภูมิ", "", "", "", "30"],
        ["กลุ่มแม่บ้านเกษตรกรบ้านควนรู", "กลุ่มแม่บ้านเกษตรกร", "ควนเนียง", "", "", "", "30"],
    ]
    ambiguous, elsewhere = previews.preview_registry(csv_file(rows)).rows
    assert ambiguous.action == "error" and ambiguous.organization is None
    (message,) = ambiguous.errors
    assert "ตรงกับองค์กรในระบบ 2 องค์กร" in message
    assert f"“{KHUANRU_WOMEN}” (ไม่มีเลขทะเบียน)" in message
    assert "(เลขทะเบียน กษ.9009/0777)" in message
    assert "กรุณาใส่เลขทะเบียนในแถวนี้เพื่อระบุองค์กร" in message
    assert elsewhere.action == "create"
    # The registration number tells them apart.
    rows = [["กลุ่มแม่บ้านเกษตรกรบ้านควนรู", "กลุ่มแม่บ้านเกษตรกร", "รัตภูมิ", "กษ.9009/0777", "", "", ""]]
    (row,) = previews.preview_registry(csv_file(rows)).rows
    assert (row.action, row.organization) == ("unchanged", twin)
    # A number matching neither: still ambiguous, and says so.
    rows = [[KHUANRU_WOMEN, "กลุ่มแม่บ้านเกษตรกร", "รัตภูมิ", "กษ.9009/0999", "", "", ""]]
    (row,) = previews.preview_registry(csv_file(rows)).rows
    assert "เลขทะเบียน กษ.9009/0999 ในไฟล์ไม่ตรงกับองค์กรใดในระบบ" in row.errors[0]


# Applying: one at a time, and what the preview showed ---------------------------------


def test_confirming_after_the_data_changed_is_refused_with_the_new_preview(login):
    client = login("prov_coord")
    record = pending(client, COOP_FILE)
    page = client.get(reverse("registry_import_detail", args=[record.pk]))
    fingerprint = page.context["fingerprint"]
    assert "จำนวนสมาชิก: 148 → 152" in page.content.decode()
    # Someone edits the matched cooperative meanwhile.
    Organization.objects.filter(name=THACHAMUANG).update(member_count=150)
    before = Organization.objects.count()
    response = post_apply(client, record, fingerprint)
    html = response.content.decode()
    assert services.PREVIEW_CHANGED in html
    assert "จำนวนสมาชิก: 150 → 152" in html  # the new preview, to check again
    assert Organization.objects.count() == before
    assert Organization.objects.get(name=THACHAMUANG).member_count == 150
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING
    # Without a fingerprint: refused too.
    response = client.post(reverse("registry_import_apply", args=[record.pk]), follow=True)
    assert services.PREVIEW_CHANGED in response.content.decode()
    assert Organization.objects.count() == before
    # Confirming the new preview applies it.
    confirm(client, record)
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert Organization.objects.get(name=THACHAMUANG).member_count == 152


def test_an_import_applied_meanwhile_makes_the_other_confirm_refuse(login):
    """The web preview was shown; the command loaded the same file before the confirm: the
    confirm does not create the cooperatives again."""
    client = login("prov_coord")
    record = pending(client, COOP_FILE)
    fingerprint = client.get(reverse("registry_import_detail", args=[record.pk])).context[
        "fingerprint"
    ]
    call_command(
        "import_registry", str(COOP_FILE), source="cooperative_office", apply=True,
        stdout=io.StringIO(),
    )  # fmt: skip
    count = Organization.objects.count()
    response = post_apply(client, record, fingerprint)
    assert services.PREVIEW_CHANGED in response.content.decode()
    assert Organization.objects.count() == count
    assert Organization.objects.filter(name=NEW_COOPS[0]).count() == 1


class LockSpy:
    """Records the models of the querysets read with select_for_update, in order (SQLite
    ignores the clause, so the SQL would not show it)."""

    def __init__(self, monkeypatch):
        from django.db.models.query import QuerySet

        self.locked = []
        original = QuerySet.select_for_update

        def spy(queryset, *args, **kwargs):
            self.locked.append(queryset.model.__name__)
            return original(queryset, *args, **kwargs)

        monkeypatch.setattr(QuerySet, "select_for_update", spy)


@pytest.mark.parametrize("how", ["web", "command"])
def test_every_apply_locks_the_districts_then_the_organizations(login, monkeypatch, how):
    client = login("prov_coord")
    record = pending(client, COOP_FILE) if how == "web" else None
    spy = LockSpy(monkeypatch)
    if how == "web":
        response = confirm(client, record, follow=True)
        assert "นำเข้าแล้ว" in response.content.decode()
        # The import row, then the lock every apply shares, then what it reads.
        assert spy.locked == ["RegistryImport", "District", "Organization"]
    else:
        call_command(
            "import_registry", str(COOP_FILE), source="cooperative_office", apply=True,
            stdout=io.StringIO(),
        )  # fmt: skip
        assert spy.locked == ["District", "Organization"]


def test_apply_holds_the_lock_before_it_reads_any_organization(demo, monkeypatch):
    order = []
    real_lock, real_existing = services.lock_imports, previews._existing
    monkeypatch.setattr(services, "lock_imports", lambda: order.append("lock") or real_lock())

    def existing(**kwargs):
        order.append(("read", kwargs))
        return real_existing(**kwargs)

    monkeypatch.setattr(previews, "_existing", existing)
    services.apply_registry(upload_of(COOP_FILE), source="cooperative_office")
    assert order == ["lock", ("read", {"lock": True})]
    order.clear()
    previews.preview_registry(upload_of(COOP_FILE))  # a preview locks nothing
    assert order == [("read", {"lock": False})]


def test_a_registration_number_saved_meanwhile_refuses_the_whole_file(demo, monkeypatch):
    """The IntegrityError branch: another writer (not an import) saved an organization with
    one of the file's numbers between the check and the write."""
    real = services.bulk_create_with_history

    def racing(objects, *args, **kwargs):
        OrganizationFactory(name="บันทึกพร้อมกัน", registration_number="สข.0702/2538")
        return real(objects, *args, **kwargs)

    monkeypatch.setattr(services, "bulk_create_with_history", racing)
    before = Organization.objects.count()
    with pytest.raises(services.RegistryError) as refused:
        services.apply_registry(upload_of(COOP_FILE), source="cooperative_office")
    assert refused.value.preview.file_errors == [
        "มีการบันทึกองค์กรที่ใช้เลขทะเบียนเดียวกันระหว่างนำเข้า กรุณาตรวจสอบตัวอย่างอีกครั้ง"
    ]
    assert Organization.objects.count() == before  # nothing, the racing one included
    assert Organization.objects.get(name=THACHAMUANG).member_count == 148


def test_a_stored_file_gone_missing_gives_a_thai_message_not_an_error_page(login):
    client = login("prov_coord")
    record = pending(client, upload_of(COOP_FILE, "ทะเบียนสหกรณ์.xlsx"))
    fingerprint = client.get(reverse("registry_import_detail", args=[record.pk])).context[
        "fingerprint"
    ]
    record.file.storage.delete(record.file.name)
    before = Organization.objects.count()
    response = post_apply(client, record, fingerprint)
    assert response.status_code == 200
    html = response.content.decode()
    assert previews.MISSING_FILE in html
    assert Organization.objects.count() == before
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING
    assert visible_words(html) == set()


def test_discarding_deletes_the_stored_file_and_applying_keeps_it(
    login, django_capture_on_commit_callbacks
):
    client = login("prov_coord")
    discarded = pending(client, COOP_FILE)
    storage, name = discarded.file.storage, discarded.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry_import_discard", args=[discarded.pk]), follow=True)
    assert "ลบไฟล์ที่อัปโหลดไว้แล้ว" in response.content.decode()
    assert not storage.exists(name)
    page = client.get(reverse("registry_import_detail", args=[discarded.pk])).content.decode()
    assert "ระบบลบไฟล์ที่อัปโหลดไว้แล้ว" in page
    applied = pending(client, CDD_FILE, "community_development")
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, applied)
    assert applied.file.storage.exists(applied.file.name)  # kept: the record of the import
    page = client.get(reverse("registry_import_detail", args=[applied.pk])).content.decode()
    assert "ระบบเก็บไฟล์ที่นำเข้าไว้เป็นหลักฐานการนำเข้า" in page


# Kind and district changes: checked in memory ------------------------------------------


def test_kind_and_district_changes_say_what_organization_clean_says(demo):
    from django.core.exceptions import ValidationError

    number = Organization.objects.get(name=RATTAPHUM_COOP).registration_number
    rows = [
        # A district group turned savings cooperative: its district membership breaks.
        ["กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ", "สหกรณ์ออมทรัพย์", "รัตภูมิ", "", "", "", ""],
        # The district center's host moved to another district (matched by its number).
        [RATTAPHUM_COOP, "สหกรณ์การเกษตร", "หาดใหญ่", number, "", "", ""],
        # A member group moved to another district.
        [THACHAMUANG, "สหกรณ์กองทุนสวนยาง", "หาดใหญ่", "สข.0921/2540", "", "", ""],
        # A group changing kind within the district level: fine.
        [KHUANRU_WOMEN, "กลุ่มออมทรัพย์เพื่อการผลิต", "รัตภูมิ", "", "", "", ""],
    ]
    cattle, host, moved, women = previews.preview_registry(csv_file(rows)).rows
    assert women.action == "update" and not women.errors
    for row in (cattle, host, moved):
        assert row.action == "error"
        organization = Organization.objects.get(pk=row.organization.pk)
        organization.kind = row.values["kind"]
        organization.district = row.values["district"]
        with pytest.raises(ValidationError) as refused:
            organization.clean()
        assert row.errors == refused.value.messages
    assert "เป็นที่ตั้งของศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ" in host.errors[0]
    assert "สหกรณ์ออมทรัพย์เป็นสมาชิกของศูนย์ระดับจังหวัด" in cattle.errors[0]
    assert "เป็นสมาชิกได้เฉพาะศูนย์ระดับอำเภอหาดใหญ่" in moved.errors[0]


def _kind_changes(size: int) -> SimpleUploadedFile:
    """`size` new groups, each an open member of the Rattaphum center, and a file turning
    every one of them into a savings group (the district center's host turned savings
    cooperative, too: an error)."""
    from centers.models import MembershipStatus

    from ..factories import MembershipFactory, district_center

    center = district_center("9009")
    rows = [[RATTAPHUM_COOP, "สหกรณ์ออมทรัพย์", "รัตภูมิ", "", "", "", ""]]
    for index in range(size):
        group = OrganizationFactory(
            name=f"กลุ่มอาชีพนับคำค้น {size} {index}", kind=OrganizationKind.OTHER_GROUP
        )
        MembershipFactory(organization=group, center=center, status=MembershipStatus.APPLIED)
        rows.append([group.name, "กลุ่มออมทรัพย์เพื่อการผลิต", "รัตภูมิ", "", "", "", ""])
    return csv_file(rows)


def test_kind_changes_run_a_fixed_number_of_queries(demo):
    counts = []
    for size in (3, 40):
        file = _kind_changes(size)
        with CaptureQueriesContext(connection) as captured:
            preview = previews.preview_registry(file)
        assert preview.counts["update"] == size and preview.counts["error"] == 1
        counts.append(len(captured))
    # Districts, organizations, then the hosted centers and open memberships once.
    assert counts == [4, 4]


# Reading the spreadsheet ---------------------------------------------------------------


def _rows_read(monkeypatch) -> list[int]:
    """Count the rows read_table pulls from the file."""
    from songkhla_network import spreadsheets

    pulled = [0]
    real = spreadsheets._raw_rows

    def counting(upload, *args):
        for row in real(upload, *args):
            pulled[0] += 1
            yield row

    monkeypatch.setattr(spreadsheets, "_raw_rows", counting)
    return pulled


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_reading_stops_after_the_row_past_the_limit(demo, monkeypatch, extension):
    from django.core.exceptions import ValidationError
    from openpyxl import Workbook

    from songkhla_network.spreadsheets import read_table

    rows = [["รายชื่อกลุ่ม"], [], HEADER]  # a title and a blank row above the header
    for n in range(300):
        rows.append([f"กลุ่มอาชีพ {n}", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""])
        rows.append([])  # blank rows do not count
    if extension == "xlsx":
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        stream = io.BytesIO()
        workbook.save(stream)
        file = SimpleUploadedFile("ใหญ่.xlsx", stream.getvalue())
    else:
        stream = io.StringIO()
        csv.writer(stream).writerows(rows)
        file = SimpleUploadedFile("ใหญ่.csv", stream.getvalue().encode("utf-8"))
    pulled = _rows_read(monkeypatch)
    with pytest.raises(ValidationError, match="ไฟล์มีข้อมูลเกิน 10 แถว"):
        read_table(file, spreadsheet.COLUMNS, max_rows=10)
    # Three rows to the header, then 11 data rows and the 10 blank rows between them.
    assert pulled[0] == 3 + 11 + 10
    pulled[0] = 0
    table = read_table(file, spreadsheet.COLUMNS, max_rows=300)
    assert len(table.rows) == 300 and table.rows[0][0] == 4  # the sheet's own row numbers
    assert table.rows[-1][0] == 3 + 2 * 300 - 1


def test_unreadable_files_say_so_in_thai_only(demo):
    import re

    damaged = previews.preview_registry(SimpleUploadedFile("เสีย.xlsx", b"PK\x03\x04 damaged"))
    assert damaged.file_errors == ["อ่านไฟล์เอ็กเซลไม่ได้ ไฟล์อาจเสียหาย กรุณาบันทึกใหม่เป็นไฟล์เอ็กเซลแบบใหม่"]
    binary = previews.preview_registry(SimpleUploadedFile("เสีย.csv", b"\xff\xfe\xdb\x00\xfc"))
    assert binary.file_errors == ["อ่านไฟล์ซีเอสวีไม่ได้ กรุณาบันทึกเป็นซีเอสวีแบบยูทีเอฟ-8"]
    for message in damaged.file_errors + binary.file_errors:
        assert not re.search(r"[A-Za-z]", message), message


def test_the_upload_form_and_the_preview_share_their_messages(login):
    client = login("prov_coord")
    header_only = csv_file([])
    response = upload(client, header_only)
    assert response.status_code == 200
    (message,) = previews.preview_registry(csv_file([])).file_errors
    assert message == "ไม่พบข้อมูลองค์กรในไฟล์ (มีแต่หัวคอลัมน์)"
    assert message in response.content.decode()


# Two applies at once (row locks: PostgreSQL, where CI runs) ------------------------------


@needs_two_connections
@pytest.mark.django_db(transaction=True)
def test_a_second_apply_waits_for_the_first_and_creates_nothing_twice(monkeypatch):
    import threading

    from django.db import connections

    from demo.seed import seed_demo

    seed_demo()
    rows = [[f"กลุ่มอาชีพพร้อมกัน {n}", "กลุ่มอาชีพ", "รัตภูมิ", "", "", "", ""] for n in range(5)]
    data = csv_file(rows).read()
    first_holds_lock, release_first = threading.Event(), threading.Event()
    real = services.bulk_create_with_history

    def slow_first(*args, **kwargs):
        if threading.current_thread().name == "first":
            first_holds_lock.set()
            release_first.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "bulk_create_with_history", slow_first)
    results = {}

    def apply(name):
        try:
            file = SimpleUploadedFile("รายชื่อ.csv", data)
            results[name], _ = services.apply_registry(file, source="other")
        finally:
            connections.close_all()

    first = threading.Thread(target=apply, args=["first"], name="first")
    first.start()
    assert first_holds_lock.wait(10)
    second = threading.Thread(target=apply, args=["second"], name="second")
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second apply must wait for the first one's lock"
    release_first.set()
    first.join(10)
    second.join(10)

    assert (results["first"].created, results["second"].created) == (5, 0)
    assert results["second"].unchanged == 5
    assert Organization.objects.filter(name__startswith="กลุ่มอาชีพพร้อมกัน").count() == 5
