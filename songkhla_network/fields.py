"""Buddhist-Era date fields, and how long a typed text may be.

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

# How long a typed text may be, in characters, by what it holds: more than a person needs,
# little enough that every page and PDF stays quick to draw (minutes of 500,000 characters
# took the minutes PDF 50 s). Model TextFields carry it as max_length, so forms and admin
# refuse a longer text with a Thai message (a system check, songkhla.E004, refuses a
# TextField without one); the minutes' fields are checked by the database too.
ADDRESS_LENGTH = 500
NOTE_LENGTH = 2_000  # a note, a reason, a comment, a list of signatories
TEXT_LENGTH = 5_000  # a paragraph of substance: an agenda item's details, an amendment
MINUTES_LENGTH = 10_000  # what was said under one agenda item (about four printed pages)


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


class BEDateField(models.DateField):
    """A DateField whose forms (including Django admin) take and show BE dates."""

    def formfield(self, **kwargs):
        kwargs["form_class"] = BEDateFormField
        # Admin passes AdminDateWidget, whose calendar writes CE years: replace it.
        kwargs["widget"] = BEDateInput
        return super().formfield(**kwargs)
