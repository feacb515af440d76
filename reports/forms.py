from django import forms
from django.core.exceptions import ValidationError

from songkhla_network import thai
from transactions.forms import ThaiDecimalField
from transactions.models import Product


class TargetForm(forms.Form):
    """A yearly purchase target, set by the marketing subcommittee (BE year on screen)."""

    product = forms.ModelChoiceField(label="สินค้า", queryset=Product.objects.filter(is_active=True))
    be_year = forms.IntegerField(label="ปี พ.ศ.")
    quantity = ThaiDecimalField(label="ปริมาณเป้าหมาย", places=3, allow_zero=False, required=True)
    note = forms.CharField(label="หมายเหตุ", max_length=200, required=False)

    def clean_be_year(self):
        year = self.cleaned_data["be_year"]
        if year not in thai.BE_YEAR_RANGE:
            raise ValidationError("กรุณากรอกปีเป็น พ.ศ. เช่น 2570")
        return year
