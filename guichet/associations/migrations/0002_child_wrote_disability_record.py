from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportedchild",
            name="wrote_disability_record",
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
