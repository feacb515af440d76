from django.apps import apps
from django.core import checks
from django.db import models
from simple_history.models import HistoricalChanges

from .fields import BEDateField, ThaiTimeField
from .numbers import BOUNDED_FIELDS

PROJECT_APPS = {"members", "centers", "catalogue", "transactions", "meetings", "reports"}


def _project_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or issubclass(model, HistoricalChanges):
            continue  # a history table copies its model's fields and is never edited
        for field in model._meta.get_fields():
            yield model, field


@checks.register(checks.Tags.models)
def dates_are_buddhist_era(app_configs, **kwargs):
    """Every date a user types must be read as a BE date (see fields.BEDateField)."""
    errors = []
    for model, field in _project_fields():
        if (
            isinstance(field, models.DateField)
            and not isinstance(field, models.DateTimeField)
            and not isinstance(field, BEDateField)
        ):
            errors.append(
                checks.Error(
                    f"{model.__name__}.{field.name} is a plain DateField.",
                    hint="Use songkhla_network.fields.BEDateField so users type BE years.",
                    obj=field,
                    id="songkhla.E001",
                )
            )
    return errors


@checks.register(checks.Tags.models)
def numbers_are_bounded(app_configs, **kwargs):
    """Every number a user can type (a form or admin shows every editable field) has a
    ceiling and is read the Thai way, never as Python reads it (numbers.py)."""
    errors = []
    for model, field in _project_fields():
        number = isinstance(field, models.DecimalField | models.IntegerField) and not (
            isinstance(field, models.AutoField) or field.primary_key or field.is_relation
        )
        if number and field.editable and not isinstance(field, BOUNDED_FIELDS):
            errors.append(
                checks.Error(
                    f"{model.__name__}.{field.name} is a number without a ceiling.",
                    hint="Use songkhla_network.numbers.BoundedDecimalField or "
                    "BoundedIntegerField (or editable=False when nobody types it).",
                    obj=field,
                    id="songkhla.E002",
                )
            )
    return errors


@checks.register(checks.Tags.models)
def texts_are_limited(app_configs, **kwargs):
    """Every text a user can type has a length a person needs: forms and admin refuse
    more (a minutes field of 500,000 characters took the PDF 50 s)."""
    errors = []
    for model, field in _project_fields():
        if isinstance(field, models.TextField) and field.editable and not field.max_length:
            errors.append(
                checks.Error(
                    f"{model.__name__}.{field.name} is a TextField without max_length.",
                    hint="Give it max_length: forms and admin then refuse longer texts.",
                    obj=field,
                    id="songkhla.E004",
                )
            )
    return errors


@checks.register(checks.Tags.models)
def times_are_thai(app_configs, **kwargs):
    """Every time a user types is read as 09.35 as well as 09:35 (see fields.ThaiTimeField)."""
    return [
        checks.Error(
            f"{model.__name__}.{field.name} is a plain TimeField.",
            hint="Use songkhla_network.fields.ThaiTimeField so users type 09.35.",
            obj=field,
            id="songkhla.E005",
        )
        for model, field in _project_fields()
        if isinstance(field, models.TimeField) and not isinstance(field, ThaiTimeField)
    ]
