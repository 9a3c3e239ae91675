# A separate migration (and transaction) from the one that fills the codes in,
# so that PostgreSQL alters the table with no row updates pending.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_issued_document_verification_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="issueddocument",
            name="verification_code",
            field=models.CharField(
                editable=False, max_length=16, unique=True, verbose_name="verification code"
            ),
        ),
    ]
