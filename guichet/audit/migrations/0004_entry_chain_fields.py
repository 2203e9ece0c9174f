"""The hash chain's fields, empty for the entries already written (0005 fills them, 0006 requires them).

On SQLite, adding a unique column rebuilds the table, which drops its triggers: 0006 puts them back, and
going backwards the last step here puts back the no-update trigger of 0002.
"""

import django.utils.timezone
from django.db import migrations, models

SQLITE_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
)


def restore_no_update_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_UPDATE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_entry_action_delete")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_no_update_trigger),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="when"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, unique=True, verbose_name="position"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "opened"),
                    ("create", "created"),
                    ("update", "changed"),
                    ("delete", "removed"),
                    ("view_sensitive", "opened sensitive data"),
                    ("login", "logged in"),
                    ("login_failed", "failed login"),
                    ("search", "searched"),
                ],
                max_length=16,
                verbose_name="action",
            ),
        ),
    ]
