"""Registry import pages (ระยะที่ 1): uploading a registry file, its preview, applying
or discarding it, and the template. The policy is policy.py; preview.py checks the file
and services.py writes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from songkhla_network.documents import download
from songkhla_network.uploads import XLSX_TYPE, file_label

from . import policy, selectors, services, spreadsheet
from . import preview as previews
from .forms import RegistryUploadForm
from .models import ImportStatus, RegistryImport

IMPORTS_PER_PAGE = 30
ROWS_PER_PAGE = 200
IMPORTERS_ONLY = (
    "บัญชีของคุณไม่มีสิทธิ์นำเข้าข้อมูลทะเบียน "
    "เฉพาะผู้ดูแลระบบและเจ้าหน้าที่ของศูนย์ประสานงานระดับจังหวัด (ชุมนุมสหกรณ์) เท่านั้น"
)
SHOW_CHOICES = [("", "ทุกแถว"), *previews.ACTION_LABELS.items()]


def _require_importer(request) -> None:
    if not policy.may_import_registry(request.user):
        raise PermissionDenied(IMPORTERS_ONLY)


def _import(request, pk) -> RegistryImport:
    _require_importer(request)
    return get_object_or_404(selectors.imports_with_uploader(), pk=pk)


def registry_import(request):
    """Upload a registry file (then its preview), and the earlier uploads."""
    _require_importer(request)
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = services.registry_import_create(
            source=form.cleaned_data["source"], upload=form.cleaned_data["file"], by=request.user
        )
        messages.success(request, "อัปโหลดแล้ว กรุณาตรวจสอบตัวอย่างก่อนยืนยันการนำเข้า")
        return redirect("registry_import_detail", pk=record.pk)
    page = Paginator(selectors.registry_imports(), IMPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    for record in page.object_list:
        record.label = file_label(record.file_name)
    return render(
        request,
        "members/registry_import.html",
        {"form": form, "page": page, "max_rows": spreadsheet.WEB_MAX_ROWS},
    )


def registry_import_detail(request, pk):
    """The preview of a pending upload (what each row would do), or the result."""
    record = _import(request, pk)
    record.label = file_label(record.file_name)
    context = {"record": record, "pending": record.status == ImportStatus.PENDING}
    if record.status == ImportStatus.PENDING:
        preview = previews.preview_import(record)
        show = request.GET.get("show", "")
        if show not in previews.ACTION_LABELS:
            show = ""
        rows = [row for row in preview.rows if not show or row.action == show]
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        counts = preview.counts
        context |= {
            "preview": preview,
            "summary": [
                (action, label, counts[action]) for action, label in previews.ACTION_LABELS.items()
            ],
            "page": page,
            "show": show,
            "show_choices": SHOW_CHOICES,
            "fingerprint": preview.fingerprint(),
        }
    return render(request, "members/registry_import_detail.html", context)


@require_POST
def registry_import_apply(request, pk):
    record = _import(request, pk)
    try:
        result = services.apply_import(
            registry_import=record,
            user=request.user,
            fingerprint=request.POST.get("fingerprint", ""),
        )
    except (services.ImportClosed, services.StoredFileMissing, services.PreviewChanged) as refusal:
        # PreviewChanged: the detail page shows the new preview to check again.
        messages.error(request, str(refusal))
    except services.RegistryError as refusal:
        messages.error(request, f"{refusal} กรุณาแก้ไขไฟล์แล้วอัปโหลดใหม่")
    else:
        messages.success(
            request,
            f"นำเข้าแล้ว: สร้างใหม่ {result.created:,} องค์กร ปรับปรุง {result.updated:,} องค์กร "
            f"ไม่เปลี่ยนแปลง {result.unchanged:,} องค์กร",
        )
    return redirect("registry_import_detail", pk=record.pk)


@require_POST
def registry_import_discard(request, pk):
    record = _import(request, pk)
    try:
        services.discard_import(registry_import=record)
    except services.ImportClosed as closed:
        messages.error(request, str(closed))
        return redirect("registry_import_detail", pk=record.pk)
    label = file_label(record.file_name)
    messages.success(request, f"ยกเลิกการนำเข้าไฟล์ {label} แล้ว ไม่มีข้อมูลใดถูกบันทึก และลบไฟล์ที่อัปโหลดไว้แล้ว")
    return redirect("registry_import")


def registry_template(request):
    _require_importer(request)
    return download(spreadsheet.template_file(), XLSX_TYPE, "registry-template.xlsx")
