"""Baseline profiles and organizations' links now live in an app of their own (baseline
0001): their models are forgotten here. State only: the tables, their columns, indexes
and constraints stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('baseline', '0001_initial'),
        ('members', '0012_rosters_and_registry_leave_members'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalbaselineprofile',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalbaselineprofile',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='historicalorganizationlink',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalorganizationlink',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='historicalorganizationlink',
                    name='partner_organization',
                ),
                migrations.RemoveField(
                    model_name='organizationlink',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='organizationlink',
                    name='partner_organization',
                ),
                migrations.DeleteModel(
                    name='BaselineProfile',
                ),
                migrations.DeleteModel(
                    name='HistoricalBaselineProfile',
                ),
                migrations.DeleteModel(
                    name='HistoricalOrganizationLink',
                ),
                migrations.DeleteModel(
                    name='OrganizationLink',
                ),
            ],
            database_operations=[],
        ),
    ]
