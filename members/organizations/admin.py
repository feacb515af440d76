"""Organizations and people in Django admin, with each organization's memberships."""

from django.contrib import admin

from centers.admin import MembershipInline
from members.models import Organization, Person, Representative
from songkhla_network.history_admin import HistoryAdmin


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["title", "first_name", "last_name", "phone"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organization")


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "district", "registration_number", "member_count"]
    list_filter = ["district", "kind", "memberships__status"]
    search_fields = ["name", "registration_number"]
    list_select_related = ["district"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "district", "registration_number"]}),
        ("ข้อมูลติดต่อ", {"fields": ["address", "phone"]}),
        ("ข้อมูลองค์กร", {"fields": ["member_count", "founded_on"]}),
    ]
    inlines = [MembershipInline, PersonInline, RepresentativeInline]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["full_name", "organization", "phone"]
    list_filter = ["organization__district"]
    search_fields = ["first_name", "last_name", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "user"]

    @admin.display(description="ชื่อ-นามสกุล", ordering="first_name")
    def full_name(self, person):
        return person.full_name
