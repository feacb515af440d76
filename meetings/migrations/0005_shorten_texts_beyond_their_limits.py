"""Before the database checks the minutes' lengths (0005), fit what was typed before.

Until now an agenda item's details, minutes and resolution and an amendment had no length
(minutes of 500,000 characters took the minutes PDF 50 s). An amendment longer than the
limit is split into several amendments of the same meeting, in order, so not a word is
lost. An agenda item's text longer than its limit is cut to the limit with a note saying
so; the whole text stays in the agenda item's history (each save through its page wrote
one), where admin shows it.
"""

import datetime

from django.db import migrations

TEXT_LENGTH, MINUTES_LENGTH = 5_000, 10_000  # songkhla_network.fields when written
LIMITS = {"details": TEXT_LENGTH, "minutes": MINUTES_LENGTH, "resolution": TEXT_LENGTH}
CUT = "\n[ข้อความส่วนที่เกิน {limit:,} ตัวอักษรถูกตัดออกเมื่อปรับปรุงระบบ ข้อความเต็มอยู่ในประวัติของระเบียบวาระนี้]"


def shorten(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    for item in AgendaItem.objects.iterator():
        changed = []
        for name, limit in LIMITS.items():
            text = getattr(item, name)
            if len(text) > limit:
                note = CUT.format(limit=limit)
                setattr(item, name, text[: limit - len(note)] + note)
                changed.append(name)
        if changed:
            item.save(update_fields=changed)
    Amendment = apps.get_model("meetings", "Amendment")
    for amendment in Amendment.objects.iterator():
        if len(amendment.text) <= TEXT_LENGTH:
            continue
        parts = [
            amendment.text[start : start + TEXT_LENGTH]
            for start in range(0, len(amendment.text), TEXT_LENGTH)
        ]
        amendment.text = parts[0]
        amendment.save(update_fields=["text"])
        for index, part in enumerate(parts[1:], start=1):
            Amendment.objects.create(
                meeting_id=amendment.meeting_id,
                text=part,
                approved_in_id=amendment.approved_in_id,
                by_id=amendment.by_id,
                at=amendment.at + datetime.timedelta(microseconds=index),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_meeting_times_typed_the_thai_way"),
    ]

    operations = [migrations.RunPython(shorten, migrations.RunPython.noop)]
