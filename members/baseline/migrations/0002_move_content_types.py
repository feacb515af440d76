"""The baseline's models keep their content types, now named for the baseline app: the
permissions given on them, the admin log and anything else that points at a content type
keep pointing at the same rows (same ids).

If `post_migrate` already made the baseline app's content types (a migrate that stopped
between baseline 0001 and here), those new rows and their permissions are merged into the
old ones: whoever was given a new permission gets the old one, the admin log's entries
move to the old row, and the new rows go."""

from django.db import migrations

MODELS = [
    "baselineprofile",
    "organizationlink",
    "historicalbaselineprofile",
    "historicalorganizationlink",
]


def _move(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    db = schema_editor.connection.alias
    for model in MODELS:
        kept = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if kept is None:
            continue  # a new database: post_migrate makes the baseline app's after this
        made = ContentType.objects.using(db).filter(app_label=target, model=model).first()
        if made is not None:
            for permission in Permission.objects.using(db).filter(content_type=made):
                twin = (
                    Permission.objects.using(db)
                    .filter(content_type=kept, codename=permission.codename)
                    .first()
                )
                if twin is None:
                    permission.content_type = kept
                    permission.save(update_fields=["content_type"])
                    continue
                twin.group_set.add(*permission.group_set.all())
                twin.user_set.add(*permission.user_set.all())
                permission.delete()
            LogEntry.objects.using(db).filter(content_type=made).update(content_type=kept)
            made.delete()
        kept.app_label = target
        kept.save(update_fields=["app_label"])


def to_baseline(apps, schema_editor):
    _move(apps, schema_editor, "members", "baseline")


def to_members(apps, schema_editor):
    _move(apps, schema_editor, "baseline", "members")


class Migration(migrations.Migration):

    dependencies = [
        ("baseline", "0001_initial"),
        ("members", "0013_baseline_leaves_members"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(to_baseline, to_members)]
