from django.apps import apps
from django.core import checks
from django.db import models

from .fields import BEDateField, ThaiTimeField

PROJECT_APPS = {"members", "centers", "transactions", "meetings", "reports"}


@checks.register(checks.Tags.models)
def dates_are_buddhist_era(app_configs, **kwargs):
    """Every date a user types must be read as a BE date (see fields.BEDateField)."""
    errors = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
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
def times_are_thai(app_configs, **kwargs):
    """Every time a user types is read as 09.35 as well as 09:35 (see fields.ThaiTimeField)."""
    return [
        checks.Error(
            f"{model.__name__}.{field.name} is a plain TimeField.",
            hint="Use songkhla_network.fields.ThaiTimeField so users type 09.35.",
            obj=field,
            id="songkhla.E002",
        )
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TimeField) and not isinstance(field, ThaiTimeField)
    ]
