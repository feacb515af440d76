"""Checks for uploaded files: the extension names an allowed type, the size is within the
limit, the content starts the way that type starts, and office zips carry no macros.

One checker for meeting attachments, MOU scans, roster and registry spreadsheets."""

import uuid
import zipfile

from django.core.exceptions import ValidationError

MEGABYTE = 1024 * 1024
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Extension -> (content type, how the file starts). Office files are zip (new) or OLE (old).
PDF = {".pdf": ("application/pdf", (b"%PDF-",))}
IMAGES = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
OFFICE = {
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    ".xlsx": (XLSX_TYPE, (ZIP,)),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (ZIP,),
    ),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".ppt": ("application/vnd.ms-powerpoint", (OLE,)),
}
# A CSV has no signature; its content is checked when it is read (UTF-8 text).
SPREADSHEETS = {".xlsx": (XLSX_TYPE, (ZIP,)), ".csv": ("text/csv", ())}


def extension_of(name: str) -> str:
    name = name or ""
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


# What a file type is called in Thai, where the page would otherwise show its extension.
THAI_TYPE_NAMES = {".xlsx": "เอ็กเซล", ".csv": "ซีเอสวี", ".pdf": "พีดีเอฟ"}


def file_label(name: str) -> str:
    """รายชื่อสหกรณ์.xlsx -> รายชื่อสหกรณ์ (เอ็กเซล): the type in Thai, not its extension."""
    stem, dot, extension = (name or "").rpartition(".")
    kind = THAI_TYPE_NAMES.get(f".{extension.lower()}") if dot else None
    return f"{stem} ({kind})" if kind else name


def random_path(folder: str, filename: str) -> str:
    """Where an upload is stored: a random name under the folder and year, keeping only
    the extension (the name a user gave is kept in a field beside the file)."""
    from django.utils import timezone

    extension = extension_of(filename) or ".bin"
    return f"{folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"


def check_upload(upload, allowed: dict, *, max_bytes: int, kinds: str):
    """Validate `upload` against `allowed` (extension -> (type, signatures)); `kinds` names
    the allowed kinds in Thai for the message. Sets `upload.detected_type`."""
    extension = extension_of(upload.name)
    if extension not in allowed:
        raise ValidationError(f"รับเฉพาะ{kinds}")
    if upload.size == 0:
        raise ValidationError("ไฟล์ว่างเปล่า")
    if upload.size > max_bytes:
        raise ValidationError(f"ไฟล์ใหญ่เกิน {max_bytes // MEGABYTE} เมกะไบต์")
    content_type, signatures = allowed[extension]
    head = upload.read(8)
    upload.seek(0)
    if signatures and not any(head.startswith(signature) for signature in signatures):
        raise ValidationError("เนื้อไฟล์ไม่ตรงกับชนิดไฟล์ตามนามสกุล จึงไม่รับไฟล์นี้")
    if head.startswith(ZIP):
        check_office_zip(upload)
    upload.detected_type = content_type
    return upload


def check_office_zip(upload) -> None:
    """A new-style office file is a zip with [Content_Types].xml; one carrying macros
    (vbaProject.bin) is refused."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ValidationError("ไฟล์เสียหรือไม่ใช่ไฟล์สำนักงาน จึงไม่รับไฟล์นี้") from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        raise ValidationError("เนื้อไฟล์ไม่ตรงกับชนิดไฟล์ตามนามสกุล จึงไม่รับไฟล์นี้")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError("ไฟล์นี้มีมาโคร จึงไม่รับ กรุณาบันทึกเป็นไฟล์ที่ไม่มีมาโครก่อนแนบ")
