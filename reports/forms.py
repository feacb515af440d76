from django import forms
from django.core.exceptions import ValidationError

from songkhla_network import thai
from songkhla_network.numbers import ThaiDecimalField, ThaiIntegerField
from transactions.models import TOTAL_CEILING, Product


class TargetForm(forms.Form):
    """A yearly purchase target, set by the marketing subcommittee (BE year on screen)."""

    product = forms.ModelChoiceField(label="สินค้า", queryset=Product.objects.filter(is_active=True))
    be_year = ThaiIntegerField(
        label="ปี พ.ศ.", required=True, max_value=thai.BE_YEAR_RANGE.stop - 1, grouped=False
    )
    quantity = ThaiDecimalField(
        label="ปริมาณเป้าหมาย", places=3, allow_zero=False, required=True, max_value=TOTAL_CEILING
    )
    note = forms.CharField(label="หมายเหตุ", max_length=200, required=False)

    def clean_be_year(self):
        year = self.cleaned_data["be_year"]
        if year not in thai.BE_YEAR_RANGE:
            raise ValidationError("กรุณากรอกปีเป็น พ.ศ. เช่น 2570")
        return year

    def clean(self):
        cleaned = super().clean()
        product, quantity = cleaned.get("product"), cleaned.get("quantity")
        if product is not None and quantity is not None:
            error = product.quantity_error(quantity, total=True)
            if error:
                self.add_error("quantity", error)
        return cleaned
