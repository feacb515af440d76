"""An index for the monthly reports: a round's latest payment date (when it was paid in
full) is one probe of (round, paid_on), not a read of all its payments."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("transactions", "0004_product_interests"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["round", "paid_on"], name="payment_round_paid_on"),
        ),
    ]
