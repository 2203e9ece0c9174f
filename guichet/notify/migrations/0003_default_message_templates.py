"""Load the shipped message texts (French, Arabic, English; text message and e-mail)."""

from django.db import migrations


def load(apps, schema_editor):
    from guichet.notify.defaults import default_rows

    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for row in default_rows():
        MessageTemplate.objects.get_or_create(
            trigger=row["trigger"],
            language=row["language"],
            channel=row["channel"],
            defaults={"subject": row["subject"], "body": row["body"]},
        )


def unload(apps, schema_editor):
    # Remove only the texts nobody edited: an administrator's wording is not ours to delete.
    from guichet.notify.defaults import default_rows

    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for row in default_rows():
        MessageTemplate.objects.filter(**row).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notify", "0002_outbox_sending_status_and_recent_indexes"),
    ]

    operations = [migrations.RunPython(load, unload)]
