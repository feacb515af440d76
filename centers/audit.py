"""The audit trail (django-simple-history) read for people: who changed what, when.

History rows are written by simple_history on every save through the ORM (pages,
admin, services); HistoryRequestMiddleware records the signed-in user. Nothing here
edits history; admin has revert disabled (SIMPLE_HISTORY_REVERT_DISABLED).
"""

import datetime
from dataclasses import dataclass, field

from django.db import models

from songkhla_network import thai

from .personal_data import mask_phone

ACTIONS = {"+": "สร้าง", "~": "แก้ไข", "-": "ลบ"}
NOT_SHOWN = {"id", "public_id"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)


def _show(model_field, value, *, personal_data: bool, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.FileField):
        return "แนบไฟล์"  # the stored name is random and means nothing to a reader
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), "(ระเบียนอื่น)")
    if isinstance(value, datetime.date):
        return thai.be_date(value)
    if (
        model_field.name == "phone"
        and model_field.model._meta.model_name == "person"
        and not personal_data
    ):
        return mask_phone(str(value))
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    return str(value)


def entries(records, *, subject, personal_data: bool, names: dict | None = None) -> list[Entry]:
    """Entries for historical `records` (of one model, any number of objects), newest first.

    `subject(record)` names what the record is about; `names` maps (model, pk) to a label
    for foreign keys. Each change is diffed against the same object's previous record,
    in Python: no query per record.
    """
    names = names or {}

    def show(model_field, value):
        return _show(model_field, value, personal_data=personal_data, names=names)

    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous_of = {}
    result = []
    for record in records:
        object_id = record.id
        previous = previous_of.get(object_id)
        previous_of[object_id] = record
        entry = Entry(
            when=record.history_date,
            who=_who(record.history_user),
            action=ACTIONS.get(record.history_type, "แก้ไข"),
            subject=subject(record),
        )
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=NOT_SHOWN)
            model_meta = record.instance_type._meta

            for change in delta.changes:
                model_field = model_meta.get_field(change.field)
                entry.changes.append(
                    Change(
                        label=str(model_field.verbose_name),
                        old=_show(
                            model_field, change.old, personal_data=personal_data, names=names
                        ),
                        new=_show(
                            model_field, change.new, personal_data=personal_data, names=names
                        ),
                    )
                )
            if not entry.changes:
                continue
        result.append(entry)
    result.reverse()
    return result


def _who(user) -> str:
    if user is None:
        return "ระบบ"
    return user.get_full_name() or user.get_username()
