"""Registry imports leave the members app for their own, keeping their table: state only,
nothing in the database changes. The table was created by members 0007; members 0012
forgets the model there, registry 0002 moves its content type."""

import django.db.models.deletion
import django.utils.timezone
import members.registry.models
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
                    name='RegistryImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('cooperative_office', 'สำนักงานสหกรณ์จังหวัดสงขลา'), ('community_development', 'สำนักงานพัฒนาชุมชนจังหวัดสงขลา'), ('agriculture_office', 'สำนักงานเกษตรจังหวัดสงขลา'), ('other', 'แหล่งอื่น')], max_length=32, verbose_name='แหล่งข้อมูล')),
                        ('file', models.FileField(upload_to=members.registry.models.registry_upload_to, verbose_name='ไฟล์')),
                        ('file_name', models.CharField(max_length=200, verbose_name='ชื่อไฟล์')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='อัปโหลดเมื่อ')),
                        ('status', models.CharField(choices=[('pending', 'รอตรวจสอบและยืนยัน'), ('applied', 'นำเข้าแล้ว'), ('discarded', 'ยกเลิก')], default='pending', max_length=16, verbose_name='สถานะ')),
                        ('applied_at', models.DateTimeField(blank=True, null=True, verbose_name='นำเข้าเมื่อ')),
                        ('created_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='สร้างใหม่')),
                        ('updated_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='ปรับปรุง')),
                        ('unchanged_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='ไม่เปลี่ยนแปลง')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้นำเข้า')),
                    ],
                    options={
                        'verbose_name': 'การนำเข้าข้อมูลทะเบียน',
                        'verbose_name_plural': 'การนำเข้าข้อมูลทะเบียน',
                        'db_table': 'members_registryimport',
                        'ordering': ['-uploaded_at', '-pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
