"""Writes to the network's structure. Each checks the model's rules before saving.

Applications (issue 7): the coordinator records an application (`application_record`),
the center's chair (or the province) approves or declines it, the coordinator records
the signed MOU. Each write saves through the ORM, so Membership.history keeps every
change with the user who made it.
"""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from centers.models import Center, Membership, MembershipStatus
from members.models import Organization

from . import notices

APPROVED_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


def membership_approve(
    *, membership: Membership, on: datetime.date, by: User | None = None
) -> Membership:
    """An applied membership becomes active from `on` (the two-tier rules still apply);
    the decision is recorded (who, when)."""
    membership.status = MembershipStatus.ACTIVE
    membership.joined_on = on
    membership.decided_on = on
    membership.decided_by = by
    if by is not None:
        membership._history_user = by  # type: ignore[attr-defined]  # read by simple_history
    membership.full_clean()
    membership.save(update_fields=["status", "joined_on", "decided_on", "decided_by"])
    return membership


def _duplicate_errors(organization: Organization) -> dict[str, str]:
    """A new organization that is already in the system: the same registration number,
    or the same name in the same district."""
    errors = {}
    number = organization.registration_number.strip()
    if number and Organization.objects.filter(registration_number=number).exists():
        errors["registration_number"] = (
            f"มีองค์กรที่ใช้เลขทะเบียน {number} อยู่แล้ว ให้เลือกจากรายการองค์กรที่มีอยู่ในระบบ"
        )
    same_name = Organization.objects.filter(
        name=organization.name.strip(), district_id=organization.district_id
    )
    if same_name.exists():
        errors["name"] = (
            f"มีองค์กรชื่อ “{organization.name}” ในอำเภอนี้อยู่แล้ว "
            "ให้เลือกจากรายการองค์กรที่มีอยู่ในระบบแทนการเพิ่มใหม่"
        )
    return errors


@transaction.atomic
def application_record(
    *,
    center: Center,
    organization: Organization,
    applied_on: datetime.date,
    note: str = "",
    by: User | None = None,
) -> Membership:
    """Record an organization's application to `center` (status ยื่นใบสมัคร).

    `organization` may be new (unsaved): it is created in the same transaction, so a
    refused application leaves no organization behind. Refused (ValidationError) when
    the two-tier rule does not allow this center, or the organization already has a
    membership that has not ended.
    """
    membership = Membership(
        organization=organization,
        center=center,
        status=MembershipStatus.APPLIED,
        applied_on=applied_on,
        note=note.strip(),
        recorded_by=by,
    )
    error = membership.level_error()
    if error:
        raise ValidationError({"center": error})
    if organization.pk is None:
        duplicates = _duplicate_errors(organization)
        if duplicates:
            raise ValidationError(duplicates)
        organization.full_clean()
        try:
            with transaction.atomic():
                organization.save()
        except IntegrityError:  # the same registration number added a moment ago
            raise ValidationError(
                {
                    "registration_number": "มีองค์กรที่ใช้เลขทะเบียนนี้อยู่แล้ว (เพิ่งบันทึกเมื่อสักครู่) "
                    "ให้เลือกจากรายการองค์กรที่มีอยู่ในระบบ"
                }
            ) from None
        membership.organization = organization
    else:
        current = (
            Membership.objects.open()
            .filter(organization=organization)
            .select_related("center")
            .first()
        )
        if current is not None:
            raise ValidationError(
                {
                    "organization": f"{organization} มีสมาชิกภาพกับ{current.center} "
                    f"({current.get_status_display()}) ที่ยังไม่สิ้นสุด จึงยื่นใบสมัครใหม่ไม่ได้"
                }
            )
    if by is not None:
        membership._history_user = by  # type: ignore[attr-defined]  # read by simple_history
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # recorded by someone else a moment ago
        raise ValidationError(
            {"organization": f"{organization} มีใบสมัครหรือสมาชิกภาพที่ยังไม่สิ้นสุดอยู่แล้ว"}
        ) from None
    return membership


def _locked_application(membership: Membership) -> Membership:
    """The membership re-read under a row lock: two decisions at once wait for each other,
    and the second sees the first one's result."""
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organization__district", "center__district")
        .get(pk=membership.pk)
    )
    if locked.status != MembershipStatus.APPLIED:
        raise ValidationError(
            f"ใบสมัครนี้พิจารณาแล้ว (สถานะ “{locked.get_status_display()}”) จึงพิจารณาซ้ำไม่ได้"
        )
    return locked


@transaction.atomic
def application_approve(
    *, membership: Membership, joined_on: datetime.date, by: User | None
) -> Membership:
    """Approve an application: the organization becomes a member from `joined_on`."""
    locked = _locked_application(membership)
    if joined_on > timezone.localdate():
        raise ValidationError({"joined_on": "วันที่อนุมัติต้องไม่เป็นวันในอนาคต"})
    approved = membership_approve(membership=locked, on=joined_on, by=by)
    notices.application_decided(approved, by=by)
    return approved


@transaction.atomic
def application_decline(*, membership: Membership, reason: str, by: User | None) -> Membership:
    """Decline an application; the reason is required and shown to the coordinator."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "กรุณาระบุเหตุผลที่ไม่อนุมัติใบสมัคร"})
    locked = _locked_application(membership)
    locked.status = MembershipStatus.DECLINED
    locked.decided_on = timezone.localdate()
    locked.decided_by = by
    locked.decision_reason = reason
    if by is not None:
        locked._history_user = by  # type: ignore[attr-defined]  # read by simple_history
    locked.full_clean()
    locked.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
    notices.application_decided(locked, by=by)
    return locked


def mou_record(
    *,
    membership: Membership,
    signed_on: datetime.date | None,
    signatories: str,
    scan: UploadedFile | None = None,
    by: User | None = None,
) -> Membership:
    """Record the signed MOU of an approved membership: the date, the signatories and
    the signed scan (an upload already checked with check_upload). The first record
    needs the scan; later edits may keep the stored one.

    Everything is checked before the file is written; a write that fails after it
    deletes the new file, and a replaced scan's old file is deleted once the new record
    is committed. Call it outside a transaction of your own: a rollback of an outer
    transaction cannot be seen here, and would leave the new file behind."""
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = _mou_record(membership, signed_on, signatories, scan, by, written)
    except BaseException:
        for name in written:
            membership.mou_scan.storage.delete(name)
        raise
    return locked


def _mou_record(
    membership: Membership,
    signed_on: datetime.date | None,
    signatories: str,
    scan: UploadedFile | None,
    by: User | None,
    written: list[str],
) -> Membership:
    locked: Membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organization__district", "center__district")
        .get(pk=membership.pk)
    )
    if locked.status not in APPROVED_STATUSES:
        raise ValidationError(
            "บันทึกข้อตกลงความร่วมมือบันทึกได้เมื่อใบสมัครได้รับอนุมัติแล้วเท่านั้น "
            f"(สถานะตอนนี้ “{locked.get_status_display()}”)"
        )
    errors = {}
    if signed_on is None:
        errors["signed_on"] = "กรุณาระบุวันที่ลงนามบันทึกข้อตกลง"
    elif signed_on > timezone.localdate():
        errors["signed_on"] = "วันที่ลงนามต้องไม่เป็นวันในอนาคต"
    elif signed_on < locked.applied_on:
        errors["signed_on"] = "วันที่ลงนามต้องไม่ก่อนวันที่ยื่นใบสมัคร"
    lines = (line.strip() for line in (signatories or "").splitlines())
    signatories = "\n".join(line for line in lines if line)
    if not signatories:
        errors["signatories"] = "กรุณาระบุผู้ลงนามอย่างน้อยหนึ่งคน (บรรทัดละหนึ่งคน)"
    if scan is None and not locked.mou_scan:
        errors["scan"] = "กรุณาแนบสำเนาบันทึกข้อตกลงที่ลงนามแล้ว"
    if errors:
        raise ValidationError(errors)
    locked.mou_signed_on = signed_on
    locked.mou_signatories = signatories
    fields = ["mou_signed_on", "mou_signatories"]
    if scan is not None:
        locked.mou_scan_name = (scan.name or "")[:200]
        detected = getattr(scan, "detected_type", "") or getattr(scan, "content_type", "")
        locked.mou_scan_type = detected or ""
        fields += ["mou_scan", "mou_scan_name", "mou_scan_type"]
    # The stored scan is the old one until the new file is written: checked as it is.
    locked.full_clean()
    if scan is not None:
        old_name = locked.mou_scan.name
        storage = locked.mou_scan.storage
        locked.mou_scan.save(scan.name, scan, save=False)
        written.append(locked.mou_scan.name)
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
    if by is not None:
        locked._history_user = by  # type: ignore[attr-defined]  # read by simple_history
    locked.save(update_fields=fields)
    return locked
