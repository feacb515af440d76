"""The catalogue's models now live in the catalogue app (catalogue 0001): purchasing's
links to products and suppliers point there and its own copies are forgotten. State
only: the tables, their columns and constraints stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_initial'),
        ('reports', '0004_product_from_the_catalogue'),
        ('transactions', '0009_bounded_numbers_protected_lines'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalproduct',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalproductinterest',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalproductinterest',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='historicalproductinterest',
                    name='product',
                ),
                migrations.RemoveField(
                    model_name='historicalreferenceprice',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalreferenceprice',
                    name='product',
                ),
                migrations.RemoveField(
                    model_name='historicalsupport',
                    name='center',
                ),
                migrations.RemoveField(
                    model_name='historicalsupport',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalsupport',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='partner',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='support',
                    name='partner',
                ),
                migrations.AlterField(
                    model_name='purchaseround',
                    name='supplier',
                    field=models.ForeignKey(blank=True, limit_choices_to={'role': 'supplier'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='catalogue.partner', verbose_name='ผู้จำหน่าย'),
                ),
                migrations.AlterField(
                    model_name='historicalpurchaseround',
                    name='supplier',
                    field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'role': 'supplier'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogue.partner', verbose_name='ผู้จำหน่าย'),
                ),
                migrations.AlterField(
                    model_name='rounditem',
                    name='product',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='round_items', to='catalogue.product', verbose_name='สินค้า'),
                ),
                migrations.AlterField(
                    model_name='historicalpurchasetarget',
                    name='product',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogue.product', verbose_name='สินค้า'),
                ),
                migrations.AlterField(
                    model_name='purchasetarget',
                    name='product',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='catalogue.product', verbose_name='สินค้า'),
                ),
                migrations.AlterField(
                    model_name='historicalrounditem',
                    name='product',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalogue.product', verbose_name='สินค้า'),
                ),
                migrations.RemoveField(
                    model_name='referenceprice',
                    name='product',
                ),
                migrations.RemoveField(
                    model_name='productinterest',
                    name='product',
                ),
                migrations.RemoveField(
                    model_name='productinterest',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='support',
                    name='center',
                ),
                migrations.DeleteModel(
                    name='HistoricalPartner',
                ),
                migrations.DeleteModel(
                    name='HistoricalProduct',
                ),
                migrations.DeleteModel(
                    name='HistoricalProductInterest',
                ),
                migrations.DeleteModel(
                    name='HistoricalReferencePrice',
                ),
                migrations.DeleteModel(
                    name='HistoricalSupport',
                ),
                migrations.DeleteModel(
                    name='Partner',
                ),
                migrations.DeleteModel(
                    name='ReferencePrice',
                ),
                migrations.DeleteModel(
                    name='Product',
                ),
                migrations.DeleteModel(
                    name='ProductInterest',
                ),
                migrations.DeleteModel(
                    name='Support',
                ),
            ],
            database_operations=[],
        ),
    ]
