"""The catalogue page (/purchases/catalogue/): products with their reference prices and
the partners; the marketing staff record a reference price there. And the old addresses
of the catalogue's admin pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path

from . import policy, selectors, services
from .forms import ReferencePriceForm


def catalogue(request):
    if not policy.may_view_catalogue(request.user):
        raise PermissionDenied("รายการสินค้าและคู่ค้าสำหรับผู้มีบทบาทในเครือข่ายเท่านั้น")
    may_edit = policy.may_edit_reference_prices(request.user)
    form = ReferencePriceForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("เฉพาะฝ่ายการตลาดบันทึกราคาอ้างอิงได้")
        if form.is_valid():
            price = services.reference_price_record(price=form.save(commit=False), by=request.user)
            messages.success(request, f"บันทึกราคาอ้างอิง {price.product} แล้ว")
            return redirect("purchase_catalogue")
    return render(
        request,
        "transactions/catalogue.html",
        {
            "products": selectors.products_with_prices(),
            "partners": selectors.partners(),
            "form": form,
        },
    )


# The catalogue's admin pages were /admin/transactions/<model>/... until the catalogue
# became its own app (issue 15): a bookmark or a link in an old e-mail still arrives.
MOVED_ADMIN_MODELS = ("product", "partner", "support", "productinterest")  # those with pages


@login_not_required  # the admin it leads to asks for the sign-in, as it always did
def moved_admin_page(request, model: str, rest: str):
    target = reverse("admin:app_list", args=["catalogue"]) + escape_uri_path(f"{model}/{rest}")
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)
