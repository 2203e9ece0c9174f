"""Data migration: every person's name keys under the new folding rules, and the spelling dictionary.

Persons registered before are found by the new search (glued articles, final heh, Driss = إدريس, a slip
of one letter). The reverse keeps the keys as they are: the old rules are gone, and the new keys are a
superset of what the old search needed.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    from guichet.registry.services import name_keys_rebuild

    models = (
        apps.get_model("registry", "Person"),
        apps.get_model("registry", "PersonNameKey"),
        apps.get_model("registry", "NameSpellingForm"),
    )
    name_keys_rebuild(models=models)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_name_spelling_forms")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
