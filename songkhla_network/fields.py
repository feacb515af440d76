"""Buddhist-Era date and year fields, and times typed the Thai way (09.35).

Django's Thai input formats read "24/11/2569" as the year 2569 without complaint.
Every date in the project is a BEDateField on the model, whose form field reads
and writes the BE year, in admin and on our pages alike. A system check
(songkhla_network.checks) refuses a plain DateField in the project's apps.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from . import thai


class BEDateInput(forms.TextInput):
    """A text box that shows 24/11/2569; no calendar widget writing CE years."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "วว/ดด/ปปปป (พ.ศ.)",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "be-date",
            "size": "12",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return thai.be_date(value, "numeric")
        return super().format_value(value)


class BEDateFormField(forms.DateField):
    widget = BEDateInput
    default_error_messages = {"invalid": "กรุณากรอกวันที่ในรูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 24/11/2569"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return thai.parse_be_date(str(value))
        except thai.BEDateError as error:
            raise ValidationError(str(error), code="invalid") from None

    def strptime(self, value, format):  # never used: to_python does the parsing
        raise ValueError


class BEYearInput(forms.TextInput):
    """A year box: 2569 as typed and as shown, never grouped as 2,569."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "autocomplete": "off", "size": "6"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        return thai.year_text(value) or None


class BEYearFormField(forms.Field):
    """A Buddhist-Era year typed as 2569 (also "2,569", Thai digits, "พ.ศ. 2569"); the
    cleaned value is that BE year, or with `ce=True` the CE year a model stores (2026).
    The box shows the BE year either way."""

    widget = BEYearInput

    def __init__(self, *, ce: bool = False, **kwargs):
        self.ce = ce
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            year = thai.parse_be_year(value)
        except thai.BEDateError as error:
            raise ValidationError(str(error), code="invalid") from None
        return year - thai.BE_OFFSET if self.ce else year


class BEDateField(models.DateField):
    """A DateField whose forms (including Django admin) take and show BE dates."""

    def formfield(self, **kwargs):
        kwargs["form_class"] = BEDateFormField
        # Admin passes AdminDateWidget, whose calendar writes CE years: replace it.
        kwargs["widget"] = BEDateInput
        return super().formfield(**kwargs)
