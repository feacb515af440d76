"""Joint purchasing for network admins: yearly targets, and the rounds (run on the
/purchases/ pages) for correction with their history. Products, prices and partners are
the catalogue's (transactions/catalogue/admin.py)."""

from django import forms
from django.contrib import admin

from songkhla_network import thai
from songkhla_network.fields import BEYearFormField
from songkhla_network.history_admin import HistoryAdmin

from .models import PurchaseRound, PurchaseTarget, RoundItem
from .services import prices_locked


class PurchaseTargetAdminForm(forms.ModelForm):
    year = BEYearFormField(label="ปี พ.ศ.", ce=True)  # stored CE, typed and shown BE

    class Meta:
        model = PurchaseTarget
        fields = ["product", "year", "quantity", "note"]


@admin.register(PurchaseTarget)
class PurchaseTargetAdmin(HistoryAdmin):
    form = PurchaseTargetAdminForm
    list_display = ["product", "be_year", "quantity", "note"]
    list_select_related = ["product"]

    @admin.display(description="ปี พ.ศ.", ordering="year")
    def be_year(self, obj):
        return thai.year_text(obj.year)  # text: admin would print the int as 2,548


class RoundItemInline(admin.TabularInline):
    """A round's products and prices, fixed here as on the round's page once a district
    has submitted or the round has closed (services.prices_locked): what the districts
    agreed to and the supplier was sent stays, and so do the figures summed from it."""

    model = RoundItem
    extra = 0
    fields = ["product", "unit_price", "reference_price", "reference_price_on"]

    def get_queryset(self, request):
        # Each row's label names its product and round (RoundItem.__str__).
        return super().get_queryset(request).select_related("product", "round")

    def _locked(self, obj) -> bool:
        # Asked several times a page (add, change, delete): one query per round.
        if obj is None:
            return False
        if "_prices_locked" not in obj.__dict__:
            obj._prices_locked = prices_locked(obj)
        return obj._prices_locked

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(PurchaseRound)
class PurchaseRoundAdmin(HistoryAdmin):
    list_display = ["title", "center", "status", "opens_at", "closes_at", "supplier"]
    list_filter = ["status", "center__level"]
    search_fields = ["title"]
    list_select_related = ["center", "supplier"]
    readonly_fields = [
        "status",
        "order_number",
        "ordered_on",
        "copied_from",
        "reminded_at",
        "recorded_afterwards_at",
        "recorded_afterwards_by",
    ]
    inlines = [RoundItemInline]

    def has_delete_permission(self, request, obj=None):
        return False  # cancel a round on its page instead: its orders and money stay
