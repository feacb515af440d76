"""Admin for member rosters and the national-ID view log (issue 7).

Read-only: rosters change through their pages (each change writes an event there), and
admin never shows a national ID (only its last digit), since a view here is not logged."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import Resolver404, resolve

from .models import NationalIdView, Roster, RosterEvent, RosterMember


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RosterMemberInline(admin.TabularInline):
    model = RosterMember
    extra = 0
    fields = [
        "title",
        "first_name",
        "last_name",
        "masked_national_id",
        "phone",
        "joined_on",
        "consent_shown",
        "consent_on",
        "removed_on",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="เลขประจำตัวประชาชน (ปิดบัง)")
    def masked_national_id(self, member):
        if not member.national_id:
            return "—"
        return f"ลงท้ายด้วย {member.national_id[-1]}"

    @admin.display(description="ความยินยอม")
    def consent_shown(self, member):
        return "ยินยอม" if member.consent else "ไม่ยินยอม"


class RosterEventInline(admin.TabularInline):
    model = RosterEvent
    extra = 0
    fields = ["at", "action", "user", "count", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "roster__organization")


@admin.register(Roster)
class RosterAdmin(ReadOnlyAdmin):
    list_display = ["organization", "district", "status", "current_members", "status_changed_at"]
    list_filter = ["status", "organization__district"]
    search_fields = ["organization__name"]
    list_select_related = ["organization__district"]
    fields = ["organization", "status", "status_changed_at", "updated_at"]
    readonly_fields = fields
    inlines = [RosterMemberInline, RosterEventInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(current=Count("members", filter=Q(members__removed_on__isnull=True)))
        )

    @admin.display(description="อำเภอ", ordering="organization__district__code")
    def district(self, roster):
        return roster.organization.district

    @admin.display(description="สมาชิกในรายชื่อ (คน)", ordering="current")
    def current_members(self, roster):
        return roster.current


@admin.register(RosterEvent)
class RosterEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "roster", "action", "user", "count"]
    list_filter = ["action", "roster__organization__district"]
    search_fields = ["roster__organization__name"]
    list_select_related = ["roster__organization", "user"]
    fields = ["roster", "action", "user", "at", "count", "note"]
    readonly_fields = fields


@admin.register(NationalIdView)
class NationalIdViewAdmin(ReadOnlyAdmin):
    """Who saw whose unmasked national ID, when, on which page (PDPA)."""

    list_display = ["viewed_at", "user", "member_shown", "organization", "where_shown"]
    list_filter = ["member__roster__organization__district"]
    search_fields = ["user__username", "user__first_name", "member__roster__organization__name"]
    list_select_related = ["user", "member__roster__organization"]
    fields = ["user", "member_shown", "organization", "viewed_at", "where_shown"]
    readonly_fields = fields

    @admin.display(description="สมาชิก")
    def member_shown(self, view):
        return str(view.member)

    @admin.display(description="กลุ่ม")
    def organization(self, view):
        return view.member.roster.organization

    @admin.display(description="หน้า")
    def where_shown(self, view):
        try:
            name = resolve(view.where).url_name
        except Resolver404:
            name = None
        return PAGES.get(name, "หน้าอื่น")


PAGES = {
    "roster_member_national_id": "ปุ่มแสดงเลขในหน้ารายชื่อสมาชิก",
    "roster_member_edit": "หน้าแก้ไขข้อมูลสมาชิก",
}
