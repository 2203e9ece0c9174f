"""What the secret-keeping tests look for: a text anywhere in the task queue or in the log."""

import json
import logging

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

CONSOLE_GATEWAY_LOGGER = "guichet.notify.console"


def run_worker_once() -> None:
    """One pass of `manage.py db_worker --batch`: every ready task, then return (no signal handlers)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def task_rows_text() -> str:
    """Every task row's arguments, result and error, as the database keeps them."""
    rows = DBTaskResult.objects.values("task_path", "args_kwargs", "return_value", "exception_class_path", "traceback")
    return json.dumps(list(rows), ensure_ascii=False, default=str)


def logged_text(records: list[logging.LogRecord]) -> str:
    """Every record's message and arguments, but the console gateway's (development only, by design)."""
    parts = []
    for record in records:
        if record.name == CONSOLE_GATEWAY_LOGGER:
            continue
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)
