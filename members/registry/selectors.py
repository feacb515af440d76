"""Reading registry imports for the pages."""

from django.db.models import QuerySet

from songkhla_network.uploads import file_label

from .models import ImportStatus, RegistryImport


def registry_imports() -> QuerySet[RegistryImport]:
    """Every upload, newest first, with who uploaded it (the import page's list)."""
    return RegistryImport.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def imports_with_uploader() -> QuerySet[RegistryImport]:
    """The uploads to find one in, with who uploaded it (a detail page)."""
    return RegistryImport.objects.select_related("uploaded_by")


def pending_imports(limit: int = 5) -> tuple[list[RegistryImport], int]:
    """Uploads previewed but neither applied nor discarded, oldest first, each with its
    `label`: the first `limit` and how many. Two queries."""
    pending = RegistryImport.objects.filter(status=ImportStatus.PENDING)
    records = list(pending.select_related("uploaded_by").order_by("uploaded_at", "pk")[:limit])
    for record in records:
        record.label = file_label(record.file_name)  # type: ignore[attr-defined]  # for the page
    return records, pending.count()
