"""Admin for baseline profiles, links and product interests (issue 7)."""

from django.contrib import admin

from songkhla_network.history_admin import HistoryAdmin
from transactions.catalogue.models import ProductInterest

from .models import BaselineProfile, OrganizationLink


@admin.register(BaselineProfile)
class BaselineProfileAdmin(HistoryAdmin):
    list_display = ["organization", "surveyed_on", "capital"]
    list_filter = ["organization__district"]
    list_select_related = ["organization"]
    search_fields = ["organization__name", "main_products"]
    autocomplete_fields = ["organization"]


@admin.register(OrganizationLink)
class OrganizationLinkAdmin(HistoryAdmin):
    list_display = ["organization", "kind", "partner", "description"]
    list_filter = ["kind", "organization__district"]
    list_select_related = ["organization", "partner_organization"]
    search_fields = ["organization__name", "partner_organization__name", "partner_name"]
    autocomplete_fields = ["organization", "partner_organization"]

    @admin.display(description="คู่ความร่วมมือ")
    def partner(self, link):
        return link.partner_label


@admin.register(ProductInterest)
class ProductInterestAdmin(HistoryAdmin):
    list_display = ["organization", "product", "purchase", "sale", "quantity_per_year"]
    list_filter = ["product", "joint_purchase", "joint_sale", "organization__district"]
    list_select_related = ["organization", "product"]
    search_fields = ["organization__name", "product__name"]
    autocomplete_fields = ["organization"]

    # Words, not Django's yes/no icons (whose alternative text is English).
    @admin.display(description="สนใจซื้อร่วม", ordering="joint_purchase")
    def purchase(self, interest):
        return "สนใจซื้อร่วม" if interest.joint_purchase else "—"

    @admin.display(description="สนใจขายร่วม", ordering="joint_sale")
    def sale(self, interest):
        return "สนใจขายร่วม" if interest.joint_sale else "—"
