from django import forms

from songkhla_network.numbers import ThaiDecimalField

from .models import PRICE_CEILING, ReferencePrice


class ReferencePriceForm(forms.ModelForm):
    price = ThaiDecimalField(
        label="ราคาอ้างอิงต่อหน่วย (บาท)",
        places=2,
        allow_zero=False,
        required=True,
        max_value=PRICE_CEILING,
    )

    class Meta:
        model = ReferencePrice
        fields = ["product", "price", "effective_on", "source"]
