"""The catalogue for network admins: products and their reference prices, partners and
what they support. The catalogue's admin pages were under /admin/transactions/ until
issue 15; those addresses lead here (urls.py)."""

from django.contrib import admin

from songkhla_network.history_admin import HistoryAdmin

from .models import Partner, Product, ReferencePrice, Support


class ReferencePriceInline(admin.TabularInline):
    model = ReferencePrice
    extra = 1
    fields = ["price", "effective_on", "source"]


@admin.register(Product)
class ProductAdmin(HistoryAdmin):
    list_display = ["name", "category", "unit", "decimal_places", "selling"]
    list_filter = ["category", "unit", "is_active"]
    search_fields = ["name"]
    inlines = [ReferencePriceInline]

    @admin.display(description="ยังจำหน่าย", ordering="is_active")
    def selling(self, obj):
        return "ยังจำหน่าย" if obj.is_active else "เลิกจำหน่าย"  # no English icon text

    def has_delete_permission(self, request, obj=None):
        return False  # rounds and prices point at it: mark it no longer sold instead


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
    list_display = ["name", "role", "location", "organization", "phone"]
    list_filter = ["role", "location"]
    search_fields = ["name", "contact_name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(Support)
class SupportAdmin(HistoryAdmin):
    list_display = ["partner", "center", "description", "amount", "given_on"]
    list_filter = ["center__level"]
    search_fields = ["partner__name", "description"]
    list_select_related = ["partner", "center"]
