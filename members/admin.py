from django.contrib import admin

from .models import District


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False  # reference data: organizations and centers point at it


# Organizations and people: members/organizations/admin.py (they show the centers'
# memberships, so they sit above centers). Rosters, registry imports and baseline profiles
# are apps of their own, each with its admin.
