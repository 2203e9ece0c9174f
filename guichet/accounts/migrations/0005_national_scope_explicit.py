"""Supervisors, coordinators and programme officers with neither province nor region had national scope by
default; that scope becomes explicit (`national`), so that deployments keep their behaviour. An account given
both a province and a region worked in the province: the region is dropped so that one choice remains."""

from django.db import migrations

TERRITORIAL_ROLES = ("supervisor", "coordinator", "programme_officer")


def make_national_explicit(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    territorial = User.objects.filter(role__in=TERRITORIAL_ROLES)
    territorial.filter(province__isnull=True, region__isnull=True).update(national=True)
    territorial.filter(province__isnull=False, region__isnull=False).update(region=None)
    territorial.filter(national=True).exclude(province__isnull=True, region__isnull=True).update(national=False)


def make_national_implicit(apps, schema_editor):
    # Before, national scope was the absence of a territory: the flag is simply forgotten.
    User = apps.get_model("accounts", "User")
    User.objects.filter(national=True).update(national=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_national_and_password_change"),
    ]

    operations = [migrations.RunPython(make_national_explicit, make_national_implicit)]
