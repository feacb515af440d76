"""Baseline profiles and organizations' links leave the members app for their own, keeping
their tables and history tables: state only, nothing in the database changes. The tables
were created by members 0007 (their constraints by 0011); members 0013 forgets the models
there, baseline 0002 moves their content types."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
import songkhla_network.fields
import songkhla_network.numbers
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0012_rosters_and_registry_leave_members'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalBaselineProfile',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('surveyed_on', songkhla_network.fields.BEDateField(default=django.utils.timezone.localdate, verbose_name='วันที่สำรวจ')),
                        ('capital', songkhla_network.numbers.BoundedDecimalField(blank=True, decimal_places=2, max_digits=14, maximum=Decimal('100000000000'), null=True, verbose_name='ทุนดำเนินงาน (บาท)')),
                        ('main_products', models.TextField(blank=True, max_length=1000, verbose_name='ผลผลิตหรือสินค้าหลัก')),
                        ('note', models.TextField(blank=True, max_length=2000, verbose_name='ข้อสังเกตจากการสำรวจ')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.organization', verbose_name='องค์กร')),
                    ],
                    options={
                        'verbose_name': 'ประวัติข้อมูลพื้นฐาน',
                        'verbose_name_plural': 'ประวัติข้อมูลพื้นฐาน',
                        'db_table': 'members_historicalbaselineprofile',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalOrganizationLink',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('buys_from', 'ซื้อสินค้าหรือปัจจัยการผลิตจาก'), ('sells_to', 'ขายผลผลิตให้'), ('finance', 'กู้ยืมหรือรับเงินทุนจาก'), ('knowledge', 'รับความรู้หรือการฝึกอบรมจาก'), ('other', 'ความร่วมมืออื่น')], max_length=16, verbose_name='ลักษณะความเชื่อมโยง')),
                        ('partner_name', models.CharField(blank=True, help_text='เมื่อคู่ความร่วมมือไม่มีในระบบ', max_length=200, verbose_name='ชื่อหน่วยงานภายนอก')),
                        ('description', models.CharField(blank=True, max_length=300, verbose_name='รายละเอียด')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.organization', verbose_name='องค์กร')),
                        ('partner_organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.organization', verbose_name='องค์กรในระบบ')),
                    ],
                    options={
                        'verbose_name': 'ประวัติความเชื่อมโยง',
                        'verbose_name_plural': 'ประวัติความเชื่อมโยง',
                        'db_table': 'members_historicalorganizationlink',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='BaselineProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('surveyed_on', songkhla_network.fields.BEDateField(default=django.utils.timezone.localdate, verbose_name='วันที่สำรวจ')),
                        ('capital', songkhla_network.numbers.BoundedDecimalField(blank=True, decimal_places=2, max_digits=14, maximum=Decimal('100000000000'), null=True, verbose_name='ทุนดำเนินงาน (บาท)')),
                        ('main_products', models.TextField(blank=True, max_length=1000, verbose_name='ผลผลิตหรือสินค้าหลัก')),
                        ('note', models.TextField(blank=True, max_length=2000, verbose_name='ข้อสังเกตจากการสำรวจ')),
                        ('organization', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to='members.organization', verbose_name='องค์กร')),
                    ],
                    options={
                        'verbose_name': 'ข้อมูลพื้นฐานองค์กร',
                        'verbose_name_plural': 'ข้อมูลพื้นฐานองค์กร',
                        'db_table': 'members_baselineprofile',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('capital__gte', Decimal('-999999999999.99')), ('capital__lte', Decimal('999999999999.99'))), ('capital__isnull', True), _connector='OR'), name='baseline_profile_capital_fits', violation_error_message='ตัวเลขเกินกว่าที่ระบบเก็บได้')],
                    },
                ),
                migrations.CreateModel(
                    name='OrganizationLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('buys_from', 'ซื้อสินค้าหรือปัจจัยการผลิตจาก'), ('sells_to', 'ขายผลผลิตให้'), ('finance', 'กู้ยืมหรือรับเงินทุนจาก'), ('knowledge', 'รับความรู้หรือการฝึกอบรมจาก'), ('other', 'ความร่วมมืออื่น')], max_length=16, verbose_name='ลักษณะความเชื่อมโยง')),
                        ('partner_name', models.CharField(blank=True, help_text='เมื่อคู่ความร่วมมือไม่มีในระบบ', max_length=200, verbose_name='ชื่อหน่วยงานภายนอก')),
                        ('description', models.CharField(blank=True, max_length=300, verbose_name='รายละเอียด')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='members.organization', verbose_name='องค์กร')),
                        ('partner_organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='linked_from', to='members.organization', verbose_name='องค์กรในระบบ')),
                    ],
                    options={
                        'verbose_name': 'ความเชื่อมโยงกับองค์กรอื่น',
                        'verbose_name_plural': 'ความเชื่อมโยงกับองค์กรอื่น',
                        'db_table': 'members_organizationlink',
                        'ordering': ['organization', 'kind', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('partner_organization__isnull', False), models.Q(('partner_name', ''), _negated=True), _connector='OR'), name='organization_link_has_partner', violation_error_message='กรุณาเลือกองค์กรในระบบหรือพิมพ์ชื่อหน่วยงานภายนอก'), models.CheckConstraint(condition=models.Q(('partner_organization', models.F('organization')), _negated=True), name='organization_link_not_to_itself', violation_error_message='องค์กรเชื่อมโยงกับตนเองไม่ได้')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
