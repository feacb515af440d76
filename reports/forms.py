from django import forms

from songkhla_network.fields import BEYearFormField
from songkhla_network.numbers import ThaiDecimalField
from transactions.catalogue.models import TOTAL_CEILING, Product


class TargetForm(forms.Form):
    """A yearly purchase target, set by the marketing subcommittee (BE year on screen)."""

    product = forms.ModelChoiceField(label="สินค้า", queryset=Product.objects.filter(is_active=True))
    be_year = BEYearFormField(label="ปี พ.ศ.")
    quantity = ThaiDecimalField(
        label="ปริมาณเป้าหมาย", places=3, allow_zero=False, required=True, max_value=TOTAL_CEILING
    )
    note = forms.CharField(label="หมายเหตุ", max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        product, quantity = cleaned.get("product"), cleaned.get("quantity")
        if product is not None and quantity is not None:
            error = product.quantity_error(quantity, total=True)
            if error:
                self.add_error("quantity", error)
        return cleaned
