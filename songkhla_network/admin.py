"""Django's own auth admin, shown in Thai, and the scheduler's runs.

Permission names are stored in English by Django ("Can add …") and boolean
columns render alt="True"; both would put English on an admin's screen.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Max, OuterRef, Subquery, Sum
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import thai
from .models import JobRun, SignInLockout

ACTIONS = {"add": "เพิ่ม", "change": "แก้ไข", "delete": "ลบ", "view": "ดู"}


def permission_label(permission) -> str:
    """ "องค์กรสมาชิกและบุคคล | แก้ไของค์กร" instead of "members | Can change องค์กร"."""
    model = permission.content_type.model_class()
    action = ACTIONS.get(permission.codename.split("_", 1)[0])
    if model is None or action is None:
        return permission.name
    app = model._meta.app_config.verbose_name
    return f"{app} | {action}{model._meta.verbose_name}"


class ThaiPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"}:
            field.label_from_instance = permission_label
            # The task queue has no admin page here, so its permissions grant nothing.
            field.queryset = field.queryset.exclude(
                content_type__app_label=DBTaskResult._meta.app_label
            )
        return field


admin.site.unregister(User)
# The task queue's own page is in English and shows raw arguments; what a task did is seen
# where it matters (the scheduler's runs below; the outbox's messages with their errors).
admin.site.unregister(DBTaskResult)
admin.site.unregister(Group)


@admin.register(User)
class ThaiUserAdmin(ThaiPermissionsMixin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role_summary"]
    # Shown, not typed: Django's date-time widget would take 2569 as a CE year.
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request, obj=None):
        # The audit trail names who changed what: deactivate an account instead.
        return False

    @admin.display(description="สิทธิ์ในระบบ")
    def role_summary(self, user):
        if user.is_superuser:
            return "ผู้ดูแลระบบสูงสุด"
        if user.is_staff:
            return "ผู้ดูแลระบบ"
        if not user.is_active:
            return "ระงับการใช้งาน"
        return "ผู้ใช้ทั่วไป"


@admin.register(Group)
class ThaiGroupAdmin(ThaiPermissionsMixin, GroupAdmin):
    pass


@admin.register(SignInLockout)
class SignInLockoutAdmin(admin.ModelAdmin):
    """Failed sign-ins per username and address; delete an entry to unlock it."""

    list_display = ["username", "ip_address", "pair_failures", "attempt_time", "locked"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    readonly_fields = fields
    actions = ["unlock"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # axes keeps a row per username, address and browser; the lockout counts the
        # username and address together, and so does this page.
        same_pair = (
            SignInLockout.objects.filter(
                username=OuterRef("username"), ip_address=OuterRef("ip_address")
            )
            .order_by()
            .values("username")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                total_failures=Subquery(
                    same_pair.annotate(total=Sum("failures_since_start")).values("total")
                ),
                last_failure=Subquery(same_pair.annotate(last=Max("attempt_time")).values("last")),
            )
        )

    @admin.display(description="จำนวนครั้งที่ผิด (ชื่อผู้ใช้และเครื่องนี้)")
    def pair_failures(self, lockout):
        return lockout.total_failures

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "unlock" says what deleting means here
        return actions

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="สถานะ")
    def locked(self, lockout):
        if lockout.total_failures < settings.AXES_FAILURE_LIMIT:
            return "ยังไม่ถึงเกณฑ์"
        if lockout.last_failure + settings.AXES_COOLOFF_TIME <= timezone.now():
            return "พ้นเวลาระงับแล้ว"
        return "ระงับอยู่"

    @admin.action(description="ปลดล็อกรายการที่เลือก", permissions=["delete"])
    def unlock(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        for username, address in pairs:
            SignInLockout.objects.filter(username=username, ip_address=address).delete()
        self.message_user(request, f"ปลดล็อกแล้ว {len(pairs)} รายการ ผู้ใช้เข้าสู่ระบบได้ทันที")


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """What the scheduler ran (manage.py run_periodic), when, and how it went: read only."""

    list_display = ["job", "slot_shown", "started_shown", "result", "summary"]
    list_filter = ["job"]
    fields = ["job", "slot_shown", "started_shown", "finished_shown", "result", "summary"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="ช่วงเวลา", ordering="slot")
    def slot_shown(self, run):
        return thai.be_datetime(run.slot)

    @admin.display(description="เริ่ม", ordering="started_at")
    def started_shown(self, run):
        return thai.be_datetime(run.started_at)

    @admin.display(description="เสร็จ")
    def finished_shown(self, run):
        return thai.be_datetime(run.finished_at) or "ยังไม่เสร็จ"

    @admin.display(description="ผล")
    def result(self, run):
        if run.ok is None:
            return "กำลังทำหรือหยุดกลางคัน"
        return "สำเร็จ" if run.ok else "ผิดพลาด"
