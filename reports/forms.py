from django import forms

from songkhla_network.fields import BEYearFormField
from transactions.forms import ThaiDecimalField
from transactions.models import Product


class TargetForm(forms.Form):
    """A yearly purchase target, set by the marketing subcommittee (BE year on screen)."""

    product = forms.ModelChoiceField(label="สินค้า", queryset=Product.objects.filter(is_active=True))
    be_year = BEYearFormField(label="ปี พ.ศ.")
    quantity = ThaiDecimalField(label="ปริมาณเป้าหมาย", places=3, allow_zero=False, required=True)
    note = forms.CharField(label="หมายเหตุ", max_length=200, required=False)
