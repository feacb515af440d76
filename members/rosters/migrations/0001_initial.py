"""Member rosters leave the members app for their own, keeping their tables: state only,
nothing in the database changes. The tables were created by members' migrations (0007 to
0010); members 0012 forgets the models there, rosters 0002 moves their content types."""

import django.db.models.deletion
import django.utils.timezone
import members.validators
import songkhla_network.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0011_bounded_numbers_limited_texts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Roster',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'กำลังจัดทำ'), ('submitted', 'ส่งศูนย์อำเภอแล้ว'), ('forwarded', 'ศูนย์อำเภอส่งจังหวัดแล้ว'), ('returned', 'ส่งกลับให้แก้ไข')], default='draft', max_length=16, verbose_name='สถานะ')),
                        ('status_changed_at', models.DateTimeField(blank=True, null=True, verbose_name='เปลี่ยนสถานะเมื่อ')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='แก้ไขล่าสุด')),
                        ('organization', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='roster', to='members.organization', verbose_name='องค์กร')),
                    ],
                    options={
                        'verbose_name': 'ทะเบียนรายชื่อสมาชิก',
                        'verbose_name_plural': 'ทะเบียนรายชื่อสมาชิก',
                        'db_table': 'members_roster',
                        'ordering': ['organization__name'],
                    },
                ),
                migrations.CreateModel(
                    name='RosterFigures',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveBigIntegerField(default=0, editable=False, verbose_name='รุ่นของรายชื่อ')),
                        ('built_from', models.CharField(blank=True, max_length=64, verbose_name='คำนวณจาก')),
                        ('built_at', models.DateTimeField(blank=True, null=True, verbose_name='คำนวณเมื่อ')),
                    ],
                    options={
                        'verbose_name': 'ตัวเลขภาพรวมทะเบียนรายชื่อ (คำนวณไว้)',
                        'verbose_name_plural': 'ตัวเลขภาพรวมทะเบียนรายชื่อ (คำนวณไว้)',
                        'db_table': 'members_rosterfigures',
                    },
                ),
                migrations.CreateModel(
                    name='RosterFiguresRow',
                    fields=[
                        ('roster', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='figures', serialize=False, to='rosters.roster', verbose_name='ทะเบียน')),
                        ('current', models.PositiveIntegerField(editable=False, verbose_name='สมาชิกปัจจุบัน')),
                        ('flagged', models.PositiveIntegerField(editable=False, verbose_name='เลขประจำตัวซ้ำกับทะเบียนอื่น')),
                    ],
                    options={
                        'verbose_name': 'ตัวเลขของทะเบียนรายชื่อ (คำนวณไว้)',
                        'verbose_name_plural': 'ตัวเลขของทะเบียนรายชื่อ (คำนวณไว้)',
                        'db_table': 'members_rosterfiguresrow',
                    },
                ),
                migrations.CreateModel(
                    name='RosterEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('uploaded', 'นำเข้าจากไฟล์'), ('added', 'เพิ่มสมาชิก'), ('edited', 'แก้ไขข้อมูลสมาชิก'), ('removed', 'ลบสมาชิกและข้อมูลส่วนบุคคล'), ('submitted', 'ส่งศูนย์อำเภอ'), ('forwarded', 'ส่งต่อจังหวัด'), ('returned', 'ส่งกลับให้แก้ไข')], max_length=16, verbose_name='การดำเนินการ')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='เมื่อ')),
                        ('count', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='จำนวน (คน)')),
                        ('note', models.TextField(blank=True, max_length=2000, verbose_name='หมายเหตุ')),
                        ('roster', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='rosters.roster', verbose_name='ทะเบียน')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ดำเนินการ')),
                    ],
                    options={
                        'verbose_name': 'ประวัติทะเบียนรายชื่อ',
                        'verbose_name_plural': 'ประวัติทะเบียนรายชื่อ',
                        'db_table': 'members_rosterevent',
                        'ordering': ['-at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='RosterMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(blank=True, max_length=30, verbose_name='คำนำหน้า')),
                        ('first_name', models.CharField(blank=True, max_length=100, verbose_name='ชื่อ')),
                        ('last_name', models.CharField(blank=True, max_length=100, verbose_name='นามสกุล')),
                        ('national_id', models.CharField(blank=True, db_index=True, max_length=13, validators=[members.validators.validate_national_id], verbose_name='เลขประจำตัวประชาชน')),
                        ('phone', models.CharField(blank=True, max_length=30, validators=[members.validators.validate_thai_phone], verbose_name='โทรศัพท์')),
                        ('joined_on', songkhla_network.fields.BEDateField(blank=True, null=True, verbose_name='วันที่เข้าเป็นสมาชิกกลุ่ม')),
                        ('consent', models.BooleanField(default=False, verbose_name='ยินยอมให้เครือข่ายเก็บข้อมูลส่วนบุคคล')),
                        ('consent_on', songkhla_network.fields.BEDateField(blank=True, null=True, verbose_name='วันที่ให้ความยินยอม')),
                        ('added_on', songkhla_network.fields.BEDateField(default=django.utils.timezone.localdate, verbose_name='วันที่บันทึกเข้าทะเบียน')),
                        ('removed_on', songkhla_network.fields.BEDateField(blank=True, null=True, verbose_name='วันที่ออกจากทะเบียน')),
                        ('erased_at', models.DateTimeField(blank=True, null=True, verbose_name='ลบข้อมูลส่วนบุคคลเมื่อ')),
                        ('submission_key', models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                        ('roster', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='members', to='rosters.roster', verbose_name='ทะเบียน')),
                    ],
                    options={
                        'verbose_name': 'สมาชิกในทะเบียน',
                        'verbose_name_plural': 'สมาชิกในทะเบียน',
                        'db_table': 'members_rostermember',
                        'ordering': ['roster', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='NationalIdView',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('viewed_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='เมื่อ')),
                        ('where', models.CharField(blank=True, max_length=200, verbose_name='หน้า')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ดู')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='id_views', to='rosters.rostermember', verbose_name='สมาชิก')),
                    ],
                    options={
                        'verbose_name': 'บันทึกการดูเลขประจำตัวประชาชน',
                        'verbose_name_plural': 'บันทึกการดูเลขประจำตัวประชาชน',
                        'db_table': 'members_nationalidview',
                        'ordering': ['-viewed_at', '-pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='rostermember',
                    index=models.Index(condition=models.Q(('removed_on__isnull', True)), fields=['roster'], name='roster_member_current'),
                ),
                migrations.AddIndex(
                    model_name='rostermember',
                    index=models.Index(condition=models.Q(('removed_on__isnull', True), models.Q(('national_id', ''), _negated=True)), fields=['national_id', 'roster'], name='roster_member_current_id'),
                ),
                migrations.AddConstraint(
                    model_name='rostermember',
                    constraint=models.UniqueConstraint(condition=models.Q(models.Q(('national_id', ''), _negated=True), ('removed_on__isnull', True)), fields=('roster', 'national_id'), name='roster_member_national_id_once_per_roster', violation_error_message='เลขประจำตัวประชาชนนี้อยู่ในรายชื่อของกลุ่มนี้แล้ว'),
                ),
                migrations.AddConstraint(
                    model_name='rostermember',
                    constraint=models.CheckConstraint(condition=models.Q(('national_id', ''), ('consent', True), _connector='OR'), name='roster_member_national_id_needs_consent', violation_error_message='เก็บเลขประจำตัวประชาชนได้เมื่อสมาชิกให้ความยินยอมแล้วเท่านั้น'),
                ),
                migrations.AddConstraint(
                    model_name='rostermember',
                    constraint=models.CheckConstraint(condition=models.Q(('erased_at__isnull', True), models.Q(('first_name', ''), ('last_name', ''), ('national_id', ''), ('phone', '')), _connector='OR'), name='roster_member_erased_is_empty', violation_error_message='สมาชิกที่ลบข้อมูลแล้วต้องไม่มีข้อมูลส่วนบุคคลเหลืออยู่'),
                ),
            ],
            database_operations=[],
        ),
    ]
