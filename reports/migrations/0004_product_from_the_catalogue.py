"""A year's product figures point at the catalogue's products (the same table as
before, transactions_product): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_initial'),
        ('reports', '0003_protected_signoffs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='purchaseyearproduct',
                    name='product',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.product', verbose_name='สินค้า'),
                ),
            ],
            database_operations=[],
        ),
    ]
