"""A cohort has a name per language and a lesson a transcript per language: the one name and the one transcript
become the French ones (0003 copies the names into the other languages)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="cohort", old_name="name", new_name="name_fr"),
        migrations.AlterField(
            model_name="cohort", name="name_fr", field=models.CharField(max_length=200, verbose_name="name in French")
        ),
        migrations.AddField(
            model_name="cohort",
            name="name_ar",
            field=models.CharField(default="", max_length=200, verbose_name="name in Arabic"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="cohort",
            name="name_en",
            field=models.CharField(default="", max_length=200, verbose_name="name in English"),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="cohort",
            options={"ordering": ["-starts_on", "name_fr"], "verbose_name": "cohort", "verbose_name_plural": "cohorts"},
        ),
        migrations.RenameField(model_name="module", old_name="transcript", new_name="transcript_fr"),
        migrations.AlterField(
            model_name="module",
            name="transcript_fr",
            field=models.TextField(blank=True, verbose_name="transcript in French"),
        ),
        migrations.AddField(
            model_name="module",
            name="transcript_ar",
            field=models.TextField(blank=True, verbose_name="transcript in Arabic"),
        ),
        migrations.AddField(
            model_name="module",
            name="transcript_en",
            field=models.TextField(blank=True, verbose_name="transcript in English"),
        ),
    ]
