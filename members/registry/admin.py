"""Admin for registry imports (issue 7)."""

from django.contrib import admin

from songkhla_network.uploads import file_label

from .models import RegistryImport


@admin.register(RegistryImport)
class RegistryImportAdmin(admin.ModelAdmin):
    """A record of what was loaded: read-only (imports are made on the import page or by
    the import_registry command, never typed here)."""

    list_display = [
        "label",
        "source",
        "uploaded_by",
        "uploaded_at",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
    ]
    list_filter = ["source", "status"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name"]
    exclude = ["file"]  # stored under a random name, never served as a public file
    readonly_fields = ["created_count", "updated_count", "unchanged_count"]  # counted

    @admin.display(description="ไฟล์", ordering="file_name")
    def label(self, record):
        return file_label(record.file_name)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
