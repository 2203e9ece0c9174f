"""A cohort named before names had languages keeps its name in Arabic and English until someone translates it."""

from django.db import migrations, models


def copy_names(apps, schema_editor):
    Cohort = apps.get_model("training", "Cohort")
    Cohort.objects.filter(name_ar="").update(name_ar=models.F("name_fr"))
    Cohort.objects.filter(name_en="").update(name_en=models.F("name_fr"))


def blank_copies(apps, schema_editor):
    Cohort = apps.get_model("training", "Cohort")
    Cohort.objects.filter(name_ar=models.F("name_fr")).update(name_ar="")
    Cohort.objects.filter(name_en=models.F("name_fr")).update(name_en="")


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_cohort_names_module_transcripts"),
    ]

    operations = [migrations.RunPython(copy_names, blank_copies)]
