"""What the loading commands share: telling every problem, then refusing as a whole."""

from django.core.management.base import CommandError
from django.utils.translation import ngettext


def refuse_if_any_error(command, result, path) -> None:
    """Write every problem to stderr, one a line, and stop: nothing was written."""
    if result.ok:
        return
    for problem in result.errors:
        command.stderr.write(str(problem))
    raise CommandError(
        ngettext(
            "%(count)d error in %(path)s: nothing was written.",
            "%(count)d errors in %(path)s: nothing was written.",
            len(result.errors),
        )
        % {"count": len(result.errors), "path": path}
    )
