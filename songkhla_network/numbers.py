"""Numbers as people type them, and the bounds of what they can mean.

One form field reads every number a user types, on our pages and in Django admin: Arabic
or Thai digits, thousands grouped by commas (or spaces), a decimal point. Python's own
spellings, which Decimal() and int() accept, are refused: 1_000, 1e30, 1E+400, NaN,
Infinity, a leading +. So is a misplaced comma ("12,5" is 12.5 to some and 125 to others).

Every number also has a ceiling: what its column can hold, and below that what the figure
can sensibly be (a district does not order a trillion sacks). The model fields carry it
(BoundedDecimalField, BoundedIntegerField, BoundedSmallIntegerField): their validators
refuse it in admin and in full_clean, and their form field on every ModelForm. A system
check (songkhla.E002) refuses an unbounded number field a user can edit in the project's
apps. What the database itself keeps is in within_column below.
"""

import re
from decimal import Decimal

from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from . import thai

ZERO = Decimal("0")
NOT_A_NUMBER = "กรุณากรอกเป็นตัวเลข เช่น 12.5"
MAX_TYPED = 40  # characters: far more than any figure here, far less than a pasted page

# Digits grouped by threes with commas (or spaces), or not grouped; then decimals.
_GROUPED = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+"
_NUMBER = re.compile(rf"-?(?:(?:{_GROUPED})(?:\.[0-9]*)?|\.[0-9]+)")


def parse_number(value) -> Decimal | None:
    """A number as typed, or None when blank. Thai digits, thousands commas and a decimal
    point are read; anything else raises ValidationError with NOT_A_NUMBER."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(NOT_A_NUMBER, code="invalid")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    text = thai.thai_digits_to_arabic(str(value)).replace("\u00a0", " ").strip()
    if text == "":
        return None
    if len(text) > MAX_TYPED or not _NUMBER.fullmatch(text):
        raise ValidationError(NOT_A_NUMBER, code="invalid")
    return Decimal(text.replace(",", "").replace(" ", ""))


def shown(value: Decimal, grouped: bool = True) -> str:
    """A bound as the messages print it: 10,000 or 0.5 (a year: 2150, never 2,150)."""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)
    text = thai.number(value, places)
    return text if grouped else text.replace(",", "")


class ThaiNumberInput(forms.TextInput):
    """A text box, not <input type=number>: browsers let that one send 1e30 and refuse
    Thai digits."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class ThaiDecimalField(forms.Field):
    """A number field that takes Thai digits and commas, with a Thai message for every
    refusal: not a number, negative, zero where it must not be, too many decimal places,
    above its ceiling (`max_value`, required: every number has one)."""

    widget = ThaiNumberInput

    def __init__(
        self,
        *,
        max_value,
        places=2,
        allow_zero=True,
        min_value=None,
        unit="",
        grouped=True,
        **kwargs,
    ):
        self.max_value = Decimal(max_value)
        self.min_value = None if min_value is None else Decimal(min_value)
        self.places, self.allow_zero, self.unit, self.grouped = places, allow_zero, unit, grouped
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.update({"inputmode": "numeric" if self.places == 0 else "decimal"})
            attrs.update({"autocomplete": "off"})
        return attrs

    def to_python(self, value):
        return parse_number(value)

    def _bound(self, value) -> str:
        return shown(value, self.grouped) + (f" {self.unit}" if self.unit else "")

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < 0:
            raise ValidationError("ต้องไม่ติดลบ", code="negative")
        if value == 0 and not self.allow_zero:
            raise ValidationError("ต้องมากกว่าศูนย์", code="zero")
        if value > self.max_value or (self.min_value is not None and value < self.min_value):
            if self.min_value:
                raise ValidationError(
                    f"ต้องอยู่ระหว่าง {self._bound(self.min_value)} ถึง {self._bound(self.max_value)}",
                    code="range",
                )
            raise ValidationError(f"ต้องไม่เกิน {self._bound(self.max_value)}", code="max_value")
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.places:
            if self.places == 0:
                raise ValidationError(
                    f"กรอกเป็นจำนวนเต็ม{(' ' + self.unit) if self.unit else ''} ไม่มีทศนิยม",
                    code="places",
                )
            raise ValidationError(f"ทศนิยมได้ไม่เกิน {self.places} ตำแหน่ง", code="places")

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            text = thai.number(value, self.places)
            return text.replace(",", "")
        return value


class ThaiIntegerField(ThaiDecimalField):
    """A whole number (a count, a year, an order), read as ThaiDecimalField reads it."""

    def __init__(self, **kwargs):
        kwargs["places"] = 0
        super().__init__(**kwargs)

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else int(number)


# Model fields -------------------------------------------------------------------------


def column_ceiling(max_digits: int, decimal_places: int) -> Decimal:
    """The largest number a DECIMAL(max_digits, decimal_places) column holds."""
    return Decimal(10) ** (max_digits - decimal_places) - Decimal(1).scaleb(-decimal_places)


def within_column(field_name: str, *, max_digits: int, decimal_places: int, name: str):
    """A check that a decimal column holds only what its type can be read back as.

    PostgreSQL's numeric(p, s) refuses a bigger number; SQLite stores any number in a
    decimal column (1e30 as a float, 1E+400 as infinity), after which Django cannot read
    the row and every page showing it fails. This gives SQLite PostgreSQL's bound. The
    sensible maximum, lower, is the field's own (validators, forms, services): a database
    that already holds a figure above it still migrates."""
    ceiling = column_ceiling(max_digits, decimal_places)
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__lte": ceiling, f"{field_name}__gte": -ceiling})
        | Q(**{f"{field_name}__isnull": True}),
        name=name,
        violation_error_message="ตัวเลขเกินกว่าที่ระบบเก็บได้",
    )


class BoundedDecimalField(models.DecimalField):
    """A DecimalField with a ceiling for what it counts (`maximum`) and, with
    `positive=True`, a floor above zero. Never negative."""

    non_db_attrs = (*models.DecimalField.non_db_attrs, "maximum", "positive")

    def __init__(self, *args, maximum, positive=False, **kwargs):
        self.maximum, self.positive = Decimal(maximum), positive
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["maximum"] = self.maximum
        if self.positive:
            kwargs["positive"] = True
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        column = self.max_digits is not None and self.decimal_places is not None
        if column and self.maximum > column_ceiling(self.max_digits, self.decimal_places):
            errors.append(
                checks.Error(
                    f"maximum {self.maximum} does not fit max_digits/decimal_places.",
                    obj=self,
                    id="songkhla.E003",
                )
            )
        return errors

    @cached_property
    def validators(self):
        smallest = Decimal(1).scaleb(-self.decimal_places) if self.positive else ZERO
        floor = "ต้องมากกว่าศูนย์" if self.positive else "ต้องไม่ติดลบ"
        return [
            *super().validators,
            MinValueValidator(smallest, message=floor),
            MaxValueValidator(self.maximum, message=f"ต้องไม่เกิน {shown(self.maximum)}"),
        ]

    def formfield(self, **kwargs):
        kwargs.pop("widget", None)  # ours, not admin's
        return models.Field.formfield(
            self,
            **{
                "form_class": ThaiDecimalField,
                "places": self.decimal_places,
                "max_value": self.maximum,
                "allow_zero": not self.positive,
                **kwargs,
            },
        )


class BoundedIntegerMixin:
    """An integer field with a ceiling (`maximum`) and a floor (`minimum`, 0 by default)."""

    non_db_attrs = (*models.IntegerField.non_db_attrs, "maximum", "minimum", "grouped")

    def __init__(self, *args, maximum, minimum=0, grouped=True, **kwargs):
        self.maximum, self.minimum, self.grouped = maximum, minimum, grouped
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["maximum"] = self.maximum
        if self.minimum:
            kwargs["minimum"] = self.minimum
        if not self.grouped:
            kwargs["grouped"] = False
        return name, path, args, kwargs

    @cached_property
    def validators(self):
        if self.minimum:
            low, high = shown(self.minimum, self.grouped), shown(self.maximum, self.grouped)
            message = f"ต้องอยู่ระหว่าง {low} ถึง {high}"
            bounds = [
                MinValueValidator(self.minimum, message),
                MaxValueValidator(self.maximum, message),
            ]
        else:
            bounds = [
                MinValueValidator(0, message="ต้องไม่ติดลบ"),
                MaxValueValidator(
                    self.maximum, message=f"ต้องไม่เกิน {shown(self.maximum, self.grouped)}"
                ),
            ]
        return [*super().validators, *bounds]

    def formfield(self, **kwargs):
        kwargs.pop("widget", None)  # admin's <input type=number> would send 1e3
        return models.Field.formfield(
            self,
            **{
                "form_class": ThaiIntegerField,
                "max_value": self.maximum,
                "min_value": self.minimum or None,
                "grouped": self.grouped,
                **kwargs,
            },
        )


class BoundedIntegerField(BoundedIntegerMixin, models.PositiveIntegerField):
    pass


class BoundedSmallIntegerField(BoundedIntegerMixin, models.PositiveSmallIntegerField):
    pass


BOUNDED_FIELDS = (BoundedDecimalField, BoundedIntegerMixin)
