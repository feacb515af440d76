"""The catalogue (products, reference prices, partners, supports, product interests)
leaves joint purchasing for its own app, keeping its tables: state only, nothing in the
database changes. The tables were created by transactions' migrations (0001, 0003, 0004);
transactions 0010 forgets the models there, catalogue 0002 moves their content types."""

import django.db.models.deletion
import simple_history.models
import songkhla_network.fields
import songkhla_network.numbers
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('transactions', '0009_bounded_numbers_protected_lines'),
        ('centers', '0009_bounded_quorum_protected_centers'),
        ('members', '0011_bounded_numbers_limited_texts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Product',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='ชื่อสินค้า')),
                        ('unit', models.CharField(choices=[('ton', 'ตัน'), ('sack', 'กระสอบ (50 กก.)'), ('kg', 'กิโลกรัม'), ('litre', 'ลิตร')], max_length=16, verbose_name='หน่วย')),
                        ('category', models.CharField(choices=[('inputs', 'ปัจจัยการผลิต'), ('consumer', 'สินค้าอุปโภคบริโภค')], max_length=16, verbose_name='หมวดสินค้า')),
                        ('decimal_places', songkhla_network.numbers.BoundedSmallIntegerField(default=0, help_text='จำนวนตำแหน่งทศนิยมที่สั่งได้ เช่น ตัน 2 ตำแหน่ง กระสอบ 0 ตำแหน่ง', maximum=3, verbose_name='ทศนิยมของปริมาณ')),
                        ('is_active', models.BooleanField(default=True, verbose_name='ยังจำหน่าย')),
                    ],
                    options={
                        'verbose_name': 'สินค้า',
                        'verbose_name_plural': 'สินค้า',
                        'db_table': 'transactions_product',
                        'ordering': ['category', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalPartner',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=200, verbose_name='ชื่อคู่ค้า')),
                        ('role', models.CharField(choices=[('supplier', 'ผู้จำหน่าย'), ('buyer', 'ผู้รับซื้อ'), ('supporter', 'ภาคีสนับสนุน')], max_length=16, verbose_name='บทบาท')),
                        ('location', models.CharField(choices=[('within', 'ภายในเครือข่าย'), ('outside', 'ภายนอกเครือข่าย'), ('outside_province', 'ภายนอกจังหวัด')], max_length=20, verbose_name='ความเชื่อมโยง')),
                        ('address', models.TextField(blank=True, max_length=500, verbose_name='ที่อยู่')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='โทรศัพท์')),
                        ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='ผู้ติดต่อ')),
                        ('tax_id', models.CharField(blank=True, max_length=13, verbose_name='เลขประจำตัวผู้เสียภาษี')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, help_text='เฉพาะคู่ค้าที่เป็นองค์กรในเครือข่าย', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.organization', verbose_name='องค์กรในเครือข่าย')),
                    ],
                    options={
                        'verbose_name': 'ประวัติคู่ค้า',
                        'verbose_name_plural': 'ประวัติคู่ค้า',
                        'db_table': 'transactions_historicalpartner',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalProduct',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=200, verbose_name='ชื่อสินค้า')),
                        ('unit', models.CharField(choices=[('ton', 'ตัน'), ('sack', 'กระสอบ (50 กก.)'), ('kg', 'กิโลกรัม'), ('litre', 'ลิตร')], max_length=16, verbose_name='หน่วย')),
                        ('category', models.CharField(choices=[('inputs', 'ปัจจัยการผลิต'), ('consumer', 'สินค้าอุปโภคบริโภค')], max_length=16, verbose_name='หมวดสินค้า')),
                        ('decimal_places', songkhla_network.numbers.BoundedSmallIntegerField(default=0, help_text='จำนวนตำแหน่งทศนิยมที่สั่งได้ เช่น ตัน 2 ตำแหน่ง กระสอบ 0 ตำแหน่ง', maximum=3, verbose_name='ทศนิยมของปริมาณ')),
                        ('is_active', models.BooleanField(default=True, verbose_name='ยังจำหน่าย')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'ประวัติสินค้า',
                        'verbose_name_plural': 'ประวัติสินค้า',
                        'db_table': 'transactions_historicalproduct',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Partner',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='ชื่อคู่ค้า')),
                        ('role', models.CharField(choices=[('supplier', 'ผู้จำหน่าย'), ('buyer', 'ผู้รับซื้อ'), ('supporter', 'ภาคีสนับสนุน')], max_length=16, verbose_name='บทบาท')),
                        ('location', models.CharField(choices=[('within', 'ภายในเครือข่าย'), ('outside', 'ภายนอกเครือข่าย'), ('outside_province', 'ภายนอกจังหวัด')], max_length=20, verbose_name='ความเชื่อมโยง')),
                        ('address', models.TextField(blank=True, max_length=500, verbose_name='ที่อยู่')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='โทรศัพท์')),
                        ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='ผู้ติดต่อ')),
                        ('tax_id', models.CharField(blank=True, max_length=13, verbose_name='เลขประจำตัวผู้เสียภาษี')),
                        ('organization', models.ForeignKey(blank=True, help_text='เฉพาะคู่ค้าที่เป็นองค์กรในเครือข่าย', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partner_records', to='members.organization', verbose_name='องค์กรในเครือข่าย')),
                    ],
                    options={
                        'verbose_name': 'คู่ค้า',
                        'verbose_name_plural': 'คู่ค้า',
                        'db_table': 'transactions_partner',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSupport',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('description', models.CharField(max_length=300, verbose_name='สนับสนุนเรื่อง')),
                        ('amount', songkhla_network.numbers.BoundedDecimalField(blank=True, decimal_places=2, max_digits=14, maximum=Decimal('1000000000'), null=True, verbose_name='จำนวนเงิน (บาท)')),
                        ('given_on', songkhla_network.fields.BEDateField(verbose_name='วันที่')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('center', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='centers.center', verbose_name='ศูนย์ที่ได้รับการสนับสนุน')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('partner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogue.partner', verbose_name='ภาคีสนับสนุน')),
                    ],
                    options={
                        'verbose_name': 'ประวัติการสนับสนุน',
                        'verbose_name_plural': 'ประวัติการสนับสนุน',
                        'db_table': 'transactions_historicalsupport',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalReferencePrice',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('price', songkhla_network.numbers.BoundedDecimalField(decimal_places=2, max_digits=14, maximum=Decimal('1000000'), positive=True, verbose_name='ราคาอ้างอิงต่อหน่วย (บาท)')),
                        ('effective_on', songkhla_network.fields.BEDateField(verbose_name='ใช้ตั้งแต่วันที่')),
                        ('source', models.CharField(blank=True, max_length=200, verbose_name='แหล่งที่มาของราคา')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('product', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogue.product', verbose_name='สินค้า')),
                    ],
                    options={
                        'verbose_name': 'ประวัติราคาอ้างอิง',
                        'verbose_name_plural': 'ประวัติราคาอ้างอิง',
                        'db_table': 'transactions_historicalreferenceprice',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalProductInterest',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('joint_purchase', models.BooleanField(default=False, verbose_name='สนใจซื้อร่วม')),
                        ('joint_sale', models.BooleanField(default=False, verbose_name='สนใจขายร่วม')),
                        ('quantity_per_year', songkhla_network.numbers.BoundedDecimalField(blank=True, decimal_places=3, max_digits=14, maximum=Decimal('100000000'), null=True, verbose_name='ปริมาณต่อปีโดยประมาณ')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.organization', verbose_name='องค์กร')),
                        ('product', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogue.product', verbose_name='สินค้า')),
                    ],
                    options={
                        'verbose_name': 'ประวัติความสนใจซื้อขายร่วม',
                        'verbose_name_plural': 'ประวัติความสนใจซื้อขายร่วม',
                        'db_table': 'transactions_historicalproductinterest',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ProductInterest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('joint_purchase', models.BooleanField(default=False, verbose_name='สนใจซื้อร่วม')),
                        ('joint_sale', models.BooleanField(default=False, verbose_name='สนใจขายร่วม')),
                        ('quantity_per_year', songkhla_network.numbers.BoundedDecimalField(blank=True, decimal_places=3, max_digits=14, maximum=Decimal('100000000'), null=True, verbose_name='ปริมาณต่อปีโดยประมาณ')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='product_interests', to='members.organization', verbose_name='องค์กร')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='interests', to='catalogue.product', verbose_name='สินค้า')),
                    ],
                    options={
                        'verbose_name': 'ความสนใจซื้อขายร่วม',
                        'verbose_name_plural': 'ความสนใจซื้อขายร่วม',
                        'db_table': 'transactions_productinterest',
                        'ordering': ['organization', 'product__name'],
                        'constraints': [models.UniqueConstraint(fields=('organization', 'product'), name='product_interest_once_per_product', violation_error_message='บันทึกความสนใจสินค้านี้ขององค์กรนี้ไว้แล้ว'), models.CheckConstraint(condition=models.Q(('joint_purchase', True), ('joint_sale', True), _connector='OR'), name='product_interest_buy_or_sell', violation_error_message='กรุณาเลือกอย่างน้อยหนึ่งอย่าง: สนใจซื้อร่วมหรือขายร่วม'), models.CheckConstraint(condition=models.Q(models.Q(('quantity_per_year__gte', Decimal('-99999999999.999')), ('quantity_per_year__lte', Decimal('99999999999.999'))), ('quantity_per_year__isnull', True), _connector='OR'), name='product_interest_quantity_fits', violation_error_message='ตัวเลขเกินกว่าที่ระบบเก็บได้')],
                    },
                ),
                migrations.CreateModel(
                    name='ReferencePrice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('price', songkhla_network.numbers.BoundedDecimalField(decimal_places=2, max_digits=14, maximum=Decimal('1000000'), positive=True, verbose_name='ราคาอ้างอิงต่อหน่วย (บาท)')),
                        ('effective_on', songkhla_network.fields.BEDateField(verbose_name='ใช้ตั้งแต่วันที่')),
                        ('source', models.CharField(blank=True, max_length=200, verbose_name='แหล่งที่มาของราคา')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reference_prices', to='catalogue.product', verbose_name='สินค้า')),
                    ],
                    options={
                        'verbose_name': 'ราคาอ้างอิง',
                        'verbose_name_plural': 'ราคาอ้างอิง',
                        'db_table': 'transactions_referenceprice',
                        'ordering': ['product', '-effective_on'],
                        'constraints': [models.UniqueConstraint(fields=('product', 'effective_on'), name='reference_price_one_per_day', violation_error_message='สินค้านี้มีราคาอ้างอิงของวันนี้อยู่แล้ว'), models.CheckConstraint(condition=models.Q(models.Q(('price__gte', Decimal('-999999999999.99')), ('price__lte', Decimal('999999999999.99'))), ('price__isnull', True), _connector='OR'), name='reference_price_price_fits', violation_error_message='ตัวเลขเกินกว่าที่ระบบเก็บได้')],
                    },
                ),
                migrations.CreateModel(
                    name='Support',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('description', models.CharField(max_length=300, verbose_name='สนับสนุนเรื่อง')),
                        ('amount', songkhla_network.numbers.BoundedDecimalField(blank=True, decimal_places=2, max_digits=14, maximum=Decimal('1000000000'), null=True, verbose_name='จำนวนเงิน (บาท)')),
                        ('given_on', songkhla_network.fields.BEDateField(verbose_name='วันที่')),
                        ('center', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='supports', to='centers.center', verbose_name='ศูนย์ที่ได้รับการสนับสนุน')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='supports', to='catalogue.partner', verbose_name='ภาคีสนับสนุน')),
                    ],
                    options={
                        'verbose_name': 'การสนับสนุนจากภาคี',
                        'verbose_name_plural': 'การสนับสนุนจากภาคี',
                        'db_table': 'transactions_support',
                        'ordering': ['center_id', '-given_on', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('amount__gte', Decimal('-999999999999.99')), ('amount__lte', Decimal('999999999999.99'))), ('amount__isnull', True), _connector='OR'), name='support_amount_fits', violation_error_message='ตัวเลขเกินกว่าที่ระบบเก็บได้')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
