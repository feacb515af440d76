"""The catalogue page (/purchases/catalogue/): products with their reference prices and
the partners; the marketing staff record a reference price there. (The old addresses of
its admin pages redirect from songkhla_network/urls.py.)"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

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
