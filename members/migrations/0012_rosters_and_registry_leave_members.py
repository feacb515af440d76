"""Member rosters and registry imports now live in apps of their own (rosters 0001,
registry 0001): their models are forgotten here. State only: the tables, their columns,
indexes and constraints stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0011_bounded_numbers_limited_texts'),
        ('registry', '0001_initial'),
        ('rosters', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='nationalidview',
                    name='member',
                ),
                migrations.RemoveField(
                    model_name='nationalidview',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='registryimport',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='roster',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='rostermember',
                    name='roster',
                ),
                migrations.RemoveField(
                    model_name='rosterevent',
                    name='roster',
                ),
                migrations.RemoveField(
                    model_name='rosterfiguresrow',
                    name='roster',
                ),
                migrations.RemoveField(
                    model_name='rosterevent',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='RosterFigures',
                ),
                migrations.DeleteModel(
                    name='NationalIdView',
                ),
                migrations.DeleteModel(
                    name='RegistryImport',
                ),
                migrations.DeleteModel(
                    name='RosterMember',
                ),
                migrations.DeleteModel(
                    name='Roster',
                ),
                migrations.DeleteModel(
                    name='RosterFiguresRow',
                ),
                migrations.DeleteModel(
                    name='RosterEvent',
                ),
            ],
            database_operations=[],
        ),
    ]
