"""The catalogue's models keep their content types, now named for the catalogue: the
permissions given on them, the admin log and anything else that points at a content type
keep pointing at the same rows (same ids).

If `post_migrate` already made the catalogue's content types (a migrate that stopped
between catalogue 0001 and here), those new rows and their permissions are merged into the
old ones: whoever was given a new permission gets the old one, the admin log's entries
move to the old row, and the new rows go."""

from django.db import migrations

MODELS = [
    "product",
    "referenceprice",
    "partner",
    "support",
    "productinterest",
    "historicalproduct",
    "historicalreferenceprice",
    "historicalpartner",
    "historicalsupport",
    "historicalproductinterest",
]


def _move(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    db = schema_editor.connection.alias
    for model in MODELS:
        kept = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if kept is None:
            continue  # a new database: post_migrate makes the catalogue's after this
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


def to_catalogue(apps, schema_editor):
    _move(apps, schema_editor, "transactions", "catalogue")


def to_purchasing(apps, schema_editor):
    _move(apps, schema_editor, "catalogue", "transactions")


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0001_initial"),
        ("transactions", "0010_catalogue_leaves_purchasing"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(to_catalogue, to_purchasing)]
