from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eszemelyi", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="emergencynumbersrequest", name="number_1_masked"),
        migrations.RemoveField(model_name="emergencynumbersrequest", name="number_2_masked"),
        migrations.RemoveField(model_name="emergencynumbersrequest", name="number_1_hash"),
        migrations.RemoveField(model_name="emergencynumbersrequest", name="number_2_hash"),
        migrations.AddField(
            model_name="emergencynumbersrequest",
            name="slot",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "1"), (2, "2")], default=1, verbose_name="place on the chip"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="emergencynumbersrequest",
            name="number_masked",
            field=models.CharField(blank=True, max_length=30, verbose_name="phone number"),
        ),
        migrations.AddField(
            model_name="emergencynumbersrequest",
            name="number_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="emergencynumbersrequest",
            name="action",
            field=models.CharField(
                choices=[("set", "Record or change"), ("delete", "Delete")],
                max_length=10,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="emergencynumbersrequest",
            name="consent_declared",
            field=models.BooleanField(verbose_name="consent of the number's holder declared"),
        ),
    ]
