"""Buddhist-Era date and year fields, times typed the Thai way (09.35), and how long a
typed text may be.

Django's Thai input formats read "24/11/2569" as the year 2569 without complaint.
Every date in the project is a BEDateField on the model, whose form field reads
and writes the BE year, in admin and on our pages alike. A system check
(songkhla_network.checks) refuses a plain DateField in the project's apps.

Times are typed as Thai documents write them, 09.35 (09:35 and Thai digits too), and
shown the same way: ThaiTimeField on a model, ThaiTimeFormField on a form; admin types
every date-time as a BE date and a Thai time (use_thai_date_times_in_admin). The same
check refuses a plain TimeField.
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


class ThaiTimeInput(forms.TextInput):
    """A time box that shows 09.35; a phone offers the keyboard with the dot."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "ชช.นน",
            "inputmode": "decimal",
            "autocomplete": "off",
            "class": "thai-time",
            "size": "6",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return thai.time_text(value)
        return super().format_value(value)


class ThaiTimeFormField(forms.TimeField):
    """A time typed as 09.35, 9.35 น., 09:35 or in Thai digits (thai.parse_time)."""

    widget = ThaiTimeInput
    default_error_messages = {"invalid": "กรุณากรอกเวลาเป็นชั่วโมง.นาที เช่น 09.30 หรือ 13.45"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        try:
            return thai.parse_time(str(value))
        except thai.TimeError as error:
            raise ValidationError(str(error), code="invalid") from None

    def strptime(self, value, format):  # never used: to_python does the parsing
        raise ValueError


class ThaiTimeField(models.TimeField):
    """A TimeField whose forms (including Django admin) take and show 09.35."""

    def formfield(self, **kwargs):
        kwargs["form_class"] = ThaiTimeFormField
        kwargs["widget"] = ThaiTimeInput  # admin would pass its clock widget
        return super().formfield(**kwargs)


class BEDateTimeWidget(forms.SplitDateTimeWidget):
    """A date-time as two boxes: 24/11/2569 and 09.35 (Bangkok time)."""

    def __init__(self, attrs=None, **kwargs):
        widgets = (
            BEDateInput({"aria-label": "วันที่ (พ.ศ.)", **(attrs or {})}),
            ThaiTimeInput({"aria-label": "เวลา", **(attrs or {})}),
        )
        forms.MultiWidget.__init__(self, widgets)


class _HiddenBEDate(forms.HiddenInput):
    def format_value(self, value):
        if isinstance(value, datetime.date):
            return thai.be_date(value, "numeric")
        return super().format_value(value)


class _HiddenThaiTime(forms.HiddenInput):
    def format_value(self, value):
        if isinstance(value, datetime.time):
            return thai.time_text(value)
        return super().format_value(value)


class BEHiddenDateTimeWidget(forms.SplitHiddenDateTimeWidget):
    """The same two values hidden (admin keeps a changeable default's initial value)."""

    def __init__(self, attrs=None, **kwargs):
        forms.MultiWidget.__init__(self, (_HiddenBEDate(attrs), _HiddenThaiTime(attrs)))


class BEDateTimeFormField(forms.SplitDateTimeField):
    """A moment typed as a BE date and a Thai time, made aware in Bangkok time."""

    widget = BEDateTimeWidget
    hidden_widget = BEHiddenDateTimeWidget

    def __init__(self, *, input_date_formats=None, input_time_formats=None, **kwargs):
        # Each part says in Thai what is wrong with it (parse_be_date, parse_time).
        fields = (BEDateFormField(), ThaiTimeFormField())
        forms.MultiValueField.__init__(self, fields, **kwargs)


def use_thai_date_times_in_admin() -> None:
    """Admin types every date-time as a BE date and a 09.35 time, and every time as
    09.35: its own widgets would read 24/11/2569 as the year 2569 and want 09:35:00.
    Run from the app's ready(), after admin has registered the ModelAdmins (each keeps
    its copy of the defaults); inlines are made per request from the defaults."""
    from django.contrib import admin
    from django.contrib.admin import options

    thai_fields = {
        models.DateTimeField: {"form_class": BEDateTimeFormField, "widget": BEDateTimeWidget},
        models.TimeField: {"form_class": ThaiTimeFormField, "widget": ThaiTimeInput},
    }
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS.update(thai_fields)
    for model_admin in admin.site._registry.values():
        model_admin.formfield_overrides.update(thai_fields)


class BEDateField(models.DateField):
    """A DateField whose forms (including Django admin) take and show BE dates."""

    def formfield(self, **kwargs):
        kwargs["form_class"] = BEDateFormField
        # Admin passes AdminDateWidget, whose calendar writes CE years: replace it.
        kwargs["widget"] = BEDateInput
        return super().formfield(**kwargs)
