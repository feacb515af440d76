"""The registry import model keeps its content type, now named for the registry app: the
permissions given on it, the admin log and anything else that points at a content type
keep pointing at the same row (same id).

If `post_migrate` already made the registry app's content type (a migrate that stopped
between registry 0001 and here), that new row and its permissions are merged into the
old one: whoever was given a new permission gets the old one, the admin log's entries
move to the old row, and the new row goes."""

from django.db import migrations

MODELS = ["registryimport"]


def _move(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    db = schema_editor.connection.alias
    for model in MODELS:
        kept = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if kept is None:
            continue  # a new database: post_migrate makes the registry app's after this
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


def to_registry(apps, schema_editor):
    _move(apps, schema_editor, "members", "registry")


def to_members(apps, schema_editor):
    _move(apps, schema_editor, "registry", "members")


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0001_initial"),
        ("members", "0012_rosters_and_registry_leave_members"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(to_registry, to_members)]
