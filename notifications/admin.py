"""The outbox as admins see it: every e-mail on its way, sent, or given up on with its
error; a failed one can be sent again. Read only otherwise."""

from django.contrib import admin

from songkhla_network import thai

from . import policy, services
from .models import Delivery, DeliveryStatus


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "channel", "status", "attempts", "when", "last_error"]
    list_filter = ["status", "channel"]
    list_select_related = ["notification__recipient"]
    fields = [
        "title",
        "recipient",
        "channel",
        "status",
        "attempts",
        "when",
        "next_attempt_shown",
        "last_error",
        "body",
    ]
    readonly_fields = fields
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="เรื่อง")
    def title(self, delivery):
        return delivery.notification.title

    @admin.display(description="ผู้รับ")
    def recipient(self, delivery):
        user = delivery.notification.recipient
        return user.get_full_name() or user.get_username()

    @admin.display(description="เวลา", ordering="notification__created_at")
    def when(self, delivery):
        return thai.be_datetime(delivery.sent_at or delivery.notification.created_at)

    @admin.display(description="ส่งครั้งต่อไป")
    def next_attempt_shown(self, delivery):
        if delivery.status != DeliveryStatus.PENDING:
            return "-"
        return thai.be_datetime(delivery.next_attempt_at)

    @admin.display(description="ข้อความ")
    def body(self, delivery):
        return delivery.notification.body

    @admin.action(description="ส่งรายการที่ส่งไม่สำเร็จอีกครั้ง")
    def resend(self, request, queryset):
        if not policy.may_resend_delivery(request.user):
            self.message_user(request, "ส่งอีกครั้งได้เฉพาะผู้ดูแลระบบ", level="error")
            return
        failed = list(queryset.filter(status=DeliveryStatus.FAILED))
        for delivery in failed:
            services.delivery_resend(delivery=delivery)
        self.message_user(request, f"ส่งอีกครั้ง {len(failed)} รายการ (รายการที่ไม่ได้ส่งไม่สำเร็จไม่ได้ส่งซ้ำ)")
