"""Baseline data pages (ระยะที่ 1): loading the registries, and an organization's
baseline profile. The policy is songkhla_network.access ("Baseline data")."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from songkhla_network import access
from songkhla_network.documents import download
from songkhla_network.uploads import XLSX_TYPE, file_label

from . import registry
from .baseline import profile_products, save_profile
from .baseline_forms import (
    InterestFormSet,
    LinkFormSet,
    ProfileForm,
    RegistryUploadForm,
    partner_choices,
)
from .models import BaselineProfile, ImportStatus, Organization, RegistryImport

IMPORTS_PER_PAGE = 30
ROWS_PER_PAGE = 200
IMPORTERS_ONLY = (
    "บัญชีของคุณไม่มีสิทธิ์นำเข้าข้อมูลทะเบียน "
    "เฉพาะผู้ดูแลระบบและเจ้าหน้าที่ของศูนย์ประสานงานระดับจังหวัด (ชุมนุมสหกรณ์) เท่านั้น"
)
SHOW_CHOICES = [("", "ทุกแถว"), *registry.ACTION_LABELS.items()]


def _require_importer(request) -> None:
    if not access.may_import_registry(request.user):
        raise PermissionDenied(IMPORTERS_ONLY)


def _import(request, pk) -> RegistryImport:
    _require_importer(request)
    return get_object_or_404(RegistryImport.objects.select_related("uploaded_by"), pk=pk)


def registry_import(request):
    """Upload a registry file (then its preview), and the earlier uploads."""
    _require_importer(request)
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = RegistryImport.objects.create(
            source=form.cleaned_data["source"],
            file=upload,
            file_name=upload.name[:200],
            uploaded_by=request.user,
        )
        messages.success(request, "อัปโหลดแล้ว กรุณาตรวจสอบตัวอย่างก่อนยืนยันการนำเข้า")
        return redirect("registry_import_detail", pk=record.pk)
    imports = RegistryImport.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")
    page = Paginator(imports, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for record in page.object_list:
        record.label = file_label(record.file_name)
    return render(
        request,
        "members/registry_import.html",
        {"form": form, "page": page, "max_rows": registry.WEB_MAX_ROWS},
    )


def registry_import_detail(request, pk):
    """The preview of a pending upload (what each row would do), or the result."""
    record = _import(request, pk)
    record.label = file_label(record.file_name)
    context = {"record": record, "pending": record.status == ImportStatus.PENDING}
    if record.status == ImportStatus.PENDING:
        preview = registry.preview_import(record)
        show = request.GET.get("show", "")
        if show not in registry.ACTION_LABELS:
            show = ""
        rows = [row for row in preview.rows if not show or row.action == show]
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        counts = preview.counts
        context |= {
            "preview": preview,
            "summary": [
                (action, label, counts[action]) for action, label in registry.ACTION_LABELS.items()
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
        result = registry.apply_import(
            record, user=request.user, fingerprint=request.POST.get("fingerprint", "")
        )
    except (registry.ImportClosed, registry.StoredFileMissing, registry.PreviewChanged) as refusal:
        # PreviewChanged: the detail page shows the new preview to check again.
        messages.error(request, str(refusal))
    except registry.RegistryError as refusal:
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
        registry.discard_import(record)
    except registry.ImportClosed as closed:
        messages.error(request, str(closed))
        return redirect("registry_import_detail", pk=record.pk)
    label = file_label(record.file_name)
    messages.success(request, f"ยกเลิกการนำเข้าไฟล์ {label} แล้ว ไม่มีข้อมูลใดถูกบันทึก และลบไฟล์ที่อัปโหลดไว้แล้ว")
    return redirect("registry_import")


def registry_template(request):
    _require_importer(request)
    return download(registry.template_file(), XLSX_TYPE, "registry-template.xlsx")


# The baseline profile -----------------------------------------------------------------


def organization_profile(request, public_id):
    """Edit an organization's baseline profile: figures, product interests and links,
    all saved together or not at all."""
    organization = get_object_or_404(
        Organization.objects.select_related("district"), public_id=public_id
    )
    access.enforce(access.organization_decision(request.user, organization))
    if not access.may_edit_profile(request.user, organization):
        raise PermissionDenied(
            "บัญชีของคุณไม่มีสิทธิ์แก้ไขข้อมูลพื้นฐานขององค์กรนี้ "
            "เฉพาะผู้ประสานงานศูนย์อำเภอของอำเภอนี้ ผู้แทนขององค์กร "
            "และเจ้าหน้าที่ศูนย์ระดับจังหวัด"
        )
    profile = BaselineProfile.objects.filter(organization=organization).first()
    if profile is None:
        profile = BaselineProfile(organization=organization)
    data = request.POST if request.method == "POST" else None
    products = profile_products(organization)
    partners, partner_groups = partner_choices(request.user, organization)
    form = ProfileForm(data, instance=profile, organization=organization, prefix="profile")
    interests = InterestFormSet(
        data,
        instance=organization,
        prefix="interests",
        products=products,
        queryset=organization.product_interests.select_related("product"),
    )
    links = LinkFormSet(
        data,
        instance=organization,
        prefix="links",
        partners=partners,
        partner_groups=partner_groups,
        queryset=organization.links.select_related("partner_organization").annotate(
            partner_anchor=access.anchor_exists("partner_organization_id")
        ),
    )
    for row in links.forms:
        # A partner recorded earlier that the user may not see named stays unnamed.
        link = row.instance
        row.partner_hidden = bool(link.partner_organization_id) and not access.visible_partner(
            request.user, link.partner_organization, anchor=link.partner_anchor
        )
    # Every part is checked, so every error shows at once.
    if request.method == "POST" and all([form.is_valid(), interests.is_valid(), links.is_valid()]):
        try:
            with transaction.atomic():
                save_profile(organization, form, interests, links)
        except IntegrityError:
            # Two saved rows swapping their products meet the one-row-per-product rule
            # half way; nothing was saved.
            messages.error(
                request,
                "ยังไม่ได้บันทึก เพราะสินค้าซ้ำกับรายการที่บันทึกไว้แล้ว กรุณาลบรายการเดิมแล้วเพิ่มใหม่ทีละรายการ",
            )
        else:
            messages.success(request, "บันทึกข้อมูลพื้นฐานแล้ว")
            return redirect(organization.get_absolute_url() + "#baseline")
    return render(
        request,
        "members/profile_edit.html",
        {
            "organization": organization,
            "form": form,
            "interests": interests,
            "links": links,
            "has_errors": request.method == "POST",
        },
    )
