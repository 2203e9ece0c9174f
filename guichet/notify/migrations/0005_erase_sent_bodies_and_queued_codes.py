"""No message text at rest once it left, no access code in the task queue.

Sent and given-up messages lose their bodies. The old access-code tasks (`guichet.training.tasks.
send_access_code`) carried the code in their arguments: their rows are removed from the queue, sent or not
(a coordinator reissues a code that did not arrive). Nothing to put back going backwards.
"""

from django.db import migrations

OLD_CODE_TASK = "guichet.training.tasks.send_access_code"


def erase(apps, schema_editor):
    OutboxMessage = apps.get_model("notify", "OutboxMessage")
    OutboxMessage.objects.filter(status__in=["sent", "dead"]).exclude(body="").update(body="")
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=OLD_CODE_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0004_outbox_kinds_and_erased_bodies"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(erase, migrations.RunPython.noop)]
