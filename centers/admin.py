import datetime

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.template_utils import ObjDiffDisplay

from songkhla_network.history_admin import HistoryAdmin, ThaiHistoryContextHelper

from .applications.services import membership_approve
from .models import (
    Center,
    Committee,
    CommitteeMembership,
    Membership,
    MembershipStatus,
    PlanningRecord,
    Position,
    StaffAssignment,
)

DECIDED_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.DECLINED)


def membership_deletion_refusal(membership: Membership, status: str) -> str | None:
    """Why a membership with `status` may not be deleted, or None. One that made an
    organization a member is the network's history (the monthly reports count members
    from it): it is ended with a date, never deleted. An application still pending or
    declined may be deleted."""
    if status in (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED):
        return (
            f"สมาชิกภาพของ{membership.organization}กับ{membership.center}ยังไม่สิ้นสุด จึงลบไม่ได้ "
            "ให้บันทึกสถานะ “พ้นสมาชิกภาพ” พร้อมวันที่พ้นสมาชิกภาพแทน "
            "(รายงานประจำเดือนนับสมาชิกจากประวัตินี้)"
        )
    if status == MembershipStatus.LEFT:
        return (
            f"สมาชิกภาพของ{membership.organization}กับ{membership.center}ที่สิ้นสุดแล้ว"
            "เป็นประวัติของเครือข่าย (รายงานประจำเดือนย้อนหลังนับจากรายการนี้) จึงลบไม่ได้"
        )
    return None


def record_decider(membership: Membership, form, user) -> None:
    """A row that becomes a member (or declined) in admin is a decision: when nobody is
    recorded as its decider, the admin who saves it is."""
    becomes_decided = membership.status in DECIDED_STATUSES and (
        membership._state.adding or "status" in form.changed_data
    )
    if becomes_decided and membership.decided_by_id is None:
        membership.decided_by = user


class MembershipInlineFormSet(BaseInlineFormSet):
    """Rules that span the rows of one submission (each row is checked by the model)."""

    decider = None  # the admin saving the rows (MembershipInline.get_formset)

    def save_new(self, form, commit=True):
        record_decider(form.instance, form, self.decider)
        return super().save_new(form, commit=commit)

    def save_existing(self, form, obj, commit=True):
        record_decider(obj, form, self.decider)
        return super().save_existing(form, obj, commit=commit)

    def clean(self):
        super().clean()
        refusals = [
            membership_deletion_refusal(form.instance, form.initial.get("status"))
            for form in self.forms
            if form.instance.pk and form.cleaned_data.get("DELETE")
        ]
        if any(refusals):
            raise ValidationError([refusal for refusal in refusals if refusal])
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        active = [row for row in rows if row.get("status") == MembershipStatus.ACTIVE]
        if len(active) > 1:
            raise ValidationError("องค์กรหนึ่งเป็นสมาชิกได้เพียงศูนย์เดียว (มีสถานะ “เป็นสมาชิก” ได้แถวเดียว)")
        open_rows = [row for row in rows if row.get("status") != MembershipStatus.LEFT]
        if len(open_rows) > 1:
            raise ValidationError(
                "องค์กรหนึ่งมีสมาชิกภาพที่ยังไม่สิ้นสุดได้เพียงรายการเดียว "
                "(ยื่นใบสมัคร เป็นสมาชิก หรือพักสมาชิกภาพ) ให้บันทึกการพ้นสมาชิกภาพของรายการเดิมก่อน"
            )


class CommitteeMembershipInlineFormSet(BaseInlineFormSet):
    """Seats submitted together: the model checks each against the database only."""

    def clean(self):
        super().clean()
        seats = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("term_start")
        ]
        for index, seat in enumerate(seats):
            for other in seats[index + 1 :]:
                if not _terms_overlap(seat, other):
                    continue
                if seat.get("person") and seat.get("person") == other.get("person"):
                    raise ValidationError(f"{seat['person']} อยู่ในคณะกรรมการนี้ซ้ำในช่วงวาระที่ซ้อนกัน")
                if seat.get("position") == other.get("position") == Position.CHAIR:
                    raise ValidationError("คณะกรรมการนี้มีประธานในช่วงวาระเดียวกันได้คนเดียว")


def _terms_overlap(one, other) -> bool:
    def ends(seat):
        return seat.get("term_end") or datetime.date.max

    return one["term_start"] <= ends(other) and other["term_start"] <= ends(one)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    fields = [
        "center",
        "status",
        "applied_on",
        "decided_on",
        "decided_by",
        "joined_on",
        "mou_signed_on",
        "left_on",
        "note",
    ]
    readonly_fields = ["decided_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization", "center", "decided_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.decider = request.user
        return formset


class ThaiDiffDisplay(ObjDiffDisplay):
    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        return f"{prefix} […ละไว้ {num_skipped_chars:,} ตัวอักษร…] {suffix}"


class MembershipHistoryHelper(ThaiHistoryContextHelper):
    """A membership's history in admin: status labels (ยื่นใบสมัคร → ไม่อนุมัติใบสมัคร), not
    their codes, and a long reason shortened in Thai."""

    def prepare_delta_change_value(self, change, value):
        model_field = self.model._meta.get_field(change.field)
        if model_field.choices and value not in (None, ""):
            return str(dict(model_field.flatchoices).get(value, value))
        return super().prepare_delta_change_value(change, value)

    def get_obj_diff_display(self):
        return ThaiDiffDisplay(max_length=self.max_displayed_delta_change_chars)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["organization", "center", "status", "applied_on", "joined_on", "mou_signed_on"]
    list_filter = ["status", "center__level", "center__district", "organization__kind"]
    search_fields = ["organization__name", "center__name"]
    list_select_related = ["organization", "center"]
    autocomplete_fields = ["organization"]
    actions = ["approve_applications"]
    # The MOU scan is uploaded (and checked) on the application page and downloaded
    # through it, never from a public media address: here it is a link only.
    readonly_fields = ["recorded_by", "decided_by", "mou_scan_link"]
    fieldsets = [
        (None, {"fields": ["organization", "center", "status", "note"]}),
        (
            "ใบสมัครและการพิจารณา",
            {
                "fields": [
                    "applied_on",
                    "recorded_by",
                    "decided_on",
                    "decided_by",
                    "decision_reason",
                    "joined_on",
                    "left_on",
                ]
            },
        ),
        (
            "บันทึกข้อตกลงความร่วมมือ",
            {"fields": ["mou_signed_on", "mou_signatories", "mou_scan_link"]},
        ),
    ]

    def get_historical_record_context_helper(self, request, historical_record):
        return MembershipHistoryHelper(self.model, historical_record)

    def deletion_refusals(self, request, obj) -> list[str]:
        refusal = membership_deletion_refusal(obj, obj.status)
        return [refusal] if refusal else []

    def save_model(self, request, obj, form, change):
        record_decider(obj, form, request.user)
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        # Admin's changelist skips list_select_related when the queryset already has one.
        return (
            super()
            .get_queryset(request)
            .select_related("organization", "center", "recorded_by", "decided_by")
        )

    @admin.display(description="สำเนาบันทึกข้อตกลงที่ลงนามแล้ว")
    def mou_scan_link(self, membership):
        if not membership.pk or not membership.mou_scan:
            return "ยังไม่ได้แนบไฟล์ (แนบได้ที่หน้าใบสมัคร)"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("application_mou_scan", args=[membership.pk]),
            membership.mou_scan_name or "ดาวน์โหลดสำเนา",
        )

    @admin.action(description="อนุมัติใบสมัครที่เลือก (เปลี่ยนเป็น “เป็นสมาชิก”)", permissions=["change"])
    def approve_applications(self, request, queryset):
        approved, refused = 0, []
        for membership in queryset.select_related("organization__district", "center__district"):
            if membership.status != MembershipStatus.APPLIED:
                refused.append(f"{membership.organization}: สถานะไม่ใช่ “ยื่นใบสมัคร”")
                continue
            try:
                with transaction.atomic():
                    membership_approve(
                        membership=membership, on=timezone.localdate(), by=request.user
                    )
            except ValidationError as error:
                refused.append(f"{membership.organization}: {' '.join(error.messages)}")
            else:
                self.log_change(request, membership, "อนุมัติใบสมัคร เปลี่ยนสถานะเป็น “เป็นสมาชิก”")
                approved += 1
        if approved:
            self.message_user(request, f"อนุมัติแล้ว {approved} รายการ", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"ไม่อนุมัติ — {reason}", messages.ERROR)


class CommitteeInline(admin.TabularInline):
    model = Committee
    extra = 0
    fields = ["kind", "name"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("center")


class PlanningRecordInline(admin.TabularInline):
    model = PlanningRecord
    extra = 1
    fields = ["kind", "text", "recorded_on", "source"]


@admin.register(Center)
class CenterAdmin(HistoryAdmin):
    list_display = ["name", "level", "district", "host"]
    list_filter = ["level"]
    search_fields = ["name", "host__name", "district__name"]
    list_select_related = ["district", "host"]
    autocomplete_fields = ["host"]
    inlines = [CommitteeInline, PlanningRecordInline]

    def has_delete_permission(self, request, obj=None):
        # Memberships, committees, rounds, orders and signed reports hang on a center:
        # it moves to a new host (above) and is never deleted.
        return False


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    formset = CommitteeMembershipInlineFormSet
    extra = 0
    fields = ["person", "position", "term_start", "term_end"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "committee")


@admin.register(Committee)
class CommitteeAdmin(HistoryAdmin):
    list_display = ["name", "center", "kind"]
    list_filter = ["kind", "center__level"]
    search_fields = ["name", "center__name"]
    list_select_related = ["center"]
    inlines = [CommitteeMembershipInline]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(HistoryAdmin):
    list_display = ["user", "center", "starts_on", "ends_on"]
    list_filter = ["center__level", "center__district"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "center__name"]
    list_select_related = ["user", "center"]
    autocomplete_fields = ["user"]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(HistoryAdmin):
    list_display = ["person", "position", "committee", "term_start", "term_end"]
    list_filter = ["position", "committee__center"]
    search_fields = ["person__first_name", "person__last_name", "committee__name"]
    list_select_related = ["person", "committee"]
    autocomplete_fields = ["person"]
