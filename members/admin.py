from django.contrib import admin

from .models import District


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False  # reference data: organizations and centers point at it


# Organizations and people: members/organizations/admin.py (they show the centers'
# memberships, so they sit above centers).

# Each area's admin lives in its package; importing registers it (in this order).
# isort: off
from .registry import admin as registry_admin  # noqa: E402, F401
from .baseline import admin as baseline_admin  # noqa: E402, F401
from .rosters import admin as rosters_admin  # noqa: E402, F401
# isort: on
