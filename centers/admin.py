import datetime

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from songkhla_network.history_admin import HistoryAdmin

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
from .services import membership_approve


class MembershipInlineFormSet(BaseInlineFormSet):
    """Rules that span the rows of one submission (each row is checked by the model)."""

    def clean(self):
        super().clean()
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
        "joined_on",
        "mou_signed_on",
        "left_on",
        "note",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization", "center")


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["organization", "center", "status", "applied_on", "joined_on", "mou_signed_on"]
    list_filter = ["status", "center__level", "center__district", "organization__kind"]
    search_fields = ["organization__name", "center__name"]
    list_select_related = ["organization", "center"]
    autocomplete_fields = ["organization"]
    actions = ["approve_applications"]

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
