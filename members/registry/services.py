"""Writing registry imports: an upload recorded, applied once as its preview was
confirmed (everything or nothing, under the import lock), or discarded."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.models import District, Organization
from members.reference import RegistrySource

from .models import ImportStatus, RegistryImport
from .preview import (
    CREATE,
    MISSING_FILE,
    UNCHANGED,
    UPDATE,
    Preview,
    check_table,
    read_upload,
)
from .spreadsheet import WEB_MAX_ROWS

BATCH_SIZE = 500

PREVIEW_CHANGED = "ข้อมูลในระบบเปลี่ยนไปหลังจากแสดงตัวอย่าง กรุณาตรวจตัวอย่างอีกครั้งก่อนยืนยัน"


@dataclass
class ApplyResult:
    created: int
    updated: int
    unchanged: int


class RegistryError(Exception):
    """The file cannot be applied; `preview` holds every reason."""

    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__(f"ไฟล์มีข้อผิดพลาด {len(preview.errors())} รายการ จึงยังไม่ได้นำเข้า")


class PreviewChanged(Exception):
    """The data changed since the preview the user confirmed; `preview` is the new one."""

    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__(PREVIEW_CHANGED)


class StoredFileMissing(Exception):
    """The uploaded file is no longer in the storage."""


class ImportClosed(Exception):
    def __init__(self, registry_import: RegistryImport):
        self.registry_import = registry_import
        if registry_import.status == ImportStatus.APPLIED:
            message = "ไฟล์นี้นำเข้าไปแล้ว นำเข้าซ้ำไม่ได้"
        else:
            message = "การนำเข้านี้ถูกยกเลิกแล้ว กรุณาอัปโหลดไฟล์ใหม่"
        super().__init__(message)


def registry_import_create(*, source: str, upload: UploadedFile, by: User) -> RegistryImport:
    """Record an uploaded registry file, pending: previewed, then applied or discarded."""
    return RegistryImport.objects.create(
        source=source,
        file=upload,
        file_name=(upload.name or "")[:200],
        uploaded_by=by,
    )


def lock_imports() -> list[District]:
    """Serialise the applies: lock every district row (a handful of rows) until the
    transaction ends; on SQLite, which has no row locks, the transaction already holds the
    database's write lock (it began IMMEDIATE: settings). Call inside transaction.atomic."""
    return list(District.objects.select_for_update().order_by("pk"))


def apply_registry(
    upload: File,
    *,
    source: str,
    user: User | None = None,
    max_rows: int = WEB_MAX_ROWS,
    fingerprint: str | None = None,
) -> tuple[ApplyResult, Preview]:
    """Read and check the file again and write it, all or nothing. Holds the import lock
    (lock_imports) from before the first read to the end. Raises RegistryError (nothing
    written) when any row has an error, and PreviewChanged when `fingerprint` (the
    preview the user confirmed) is given and the new check differs from it.
    Returns (ApplyResult, Preview)."""
    table, unreadable = read_upload(upload, max_rows)
    with transaction.atomic():
        districts = lock_imports()
        preview = unreadable or check_table(table, districts=districts, lock=True)
        if preview.has_errors:
            raise RegistryError(preview)
        if fingerprint is not None and preview.fingerprint() != fingerprint:
            raise PreviewChanged(preview)
        reason = f"นำเข้าจากทะเบียนของ{RegistrySource(source).label}"
        created = [
            Organization(**row.values, registry_source=source)
            for row in preview.rows
            if row.action == CREATE
        ]
        updated: list[Organization] = []
        fields: set[str] = set()
        for row in preview.rows:
            if row.action != UPDATE:
                continue
            organization = row.organization
            assert organization is not None  # an update names the organization it changes
            for change in row.changes:
                setattr(organization, change.field, row.values[change.field])
                fields.add(change.field)
            updated.append(organization)
        try:
            if created:
                bulk_create_with_history(
                    created,
                    Organization,
                    batch_size=BATCH_SIZE,
                    default_user=user,
                    default_change_reason=reason,
                )
            if updated:
                bulk_update_with_history(
                    updated,
                    Organization,
                    sorted(fields),
                    batch_size=BATCH_SIZE,
                    default_user=user,
                    default_change_reason=reason,
                )
        except IntegrityError:
            # Someone saved an organization with one of these registration numbers meanwhile.
            preview.file_errors.append(
                "มีการบันทึกองค์กรที่ใช้เลขทะเบียนเดียวกันระหว่างนำเข้า กรุณาตรวจสอบตัวอย่างอีกครั้ง"
            )
            raise RegistryError(preview) from None
    result = ApplyResult(
        created=len(created), updated=len(updated), unchanged=preview.count(UNCHANGED)
    )
    return result, preview


def apply_import(
    *, registry_import: RegistryImport, user: User | None, fingerprint: str
) -> ApplyResult:
    """Apply a pending upload once, as its preview was confirmed (`fingerprint`): locks
    the import row, refuses one already applied or discarded, and records the counts.
    Raises ImportClosed, StoredFileMissing, PreviewChanged or RegistryError, having
    written nothing."""
    with transaction.atomic():
        locked = RegistryImport.objects.select_for_update().get(pk=registry_import.pk)
        if locked.status != ImportStatus.PENDING:
            raise ImportClosed(locked)
        try:
            upload = locked.file.open("rb")
        except FileNotFoundError:
            raise StoredFileMissing(MISSING_FILE) from None
        with upload:
            result, _ = apply_registry(
                upload, source=locked.source, user=user, fingerprint=fingerprint
            )
        locked.status = ImportStatus.APPLIED
        locked.applied_at = timezone.now()
        locked.created_count = result.created
        locked.updated_count = result.updated
        locked.unchanged_count = result.unchanged
        locked.save()
    registry_import.refresh_from_db()
    return result


def discard_import(*, registry_import: RegistryImport) -> None:
    """Close a pending upload without writing anything, and delete its stored file once
    that is committed. (An applied import keeps its file: the record of what was loaded.)"""
    with transaction.atomic():
        locked = RegistryImport.objects.select_for_update().get(pk=registry_import.pk)
        if locked.status != ImportStatus.PENDING:
            raise ImportClosed(locked)
        locked.status = ImportStatus.DISCARDED
        locked.save(update_fields=["status"])
        if locked.file:
            storage, name = locked.file.storage, locked.file.name
            transaction.on_commit(lambda: storage.delete(name))
    registry_import.refresh_from_db()
