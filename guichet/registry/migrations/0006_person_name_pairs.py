"""The pairs of each person's name keys (registry.name_index), filled from the keys already written: one
statement, so that a registry of 600,000 persons gets its pairs in seconds. Pairs are ordered by code point, as
Python's sorted() orders them when they are written later ("C" collation on PostgreSQL; SQLite's is binary)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    quote = schema_editor.quote_name
    keys = quote(apps.get_model("registry", "PersonNameKey")._meta.db_table)
    pairs = quote(apps.get_model("registry", "PersonNamePair")._meta.db_table)
    collate = ' COLLATE "C"' if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"INSERT INTO {pairs} (person_id, pair) "  # noqa: S608 (our tables' names, quoted)
        f"SELECT a.person_id, a.key || ' ' || b.key FROM {keys} a "
        f"JOIN {keys} b ON b.person_id = a.person_id AND a.key{collate} < b.key{collate}"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0005_person_birth_date_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonNamePair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pair', models.CharField(max_length=81)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='name_pairs', to='registry.person')),
            ],
            options={
                'indexes': [models.Index(fields=['pair', 'person'], name='registry_namepair_pair_idx')],
                'constraints': [models.UniqueConstraint(fields=('person', 'pair'), name='registry_namepair_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
