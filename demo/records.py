"""The one write every demo seeder shares: find a row by its natural key, bring it to the
given values, write only what differs."""

from django.db import models


def upsert(model, defaults, **lookup):
    """update_or_create that writes only when a value differs, so a second run records
    no history and changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup)
    changed = obj.pk is None
    for field, value in defaults.items():
        if isinstance(value, models.Model):
            current = getattr(obj, f"{field}_id")
            differs = current != value.pk
        else:
            differs = changed or getattr(obj, field) != value
        if differs:
            setattr(obj, field, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    return obj
