"""Errors that services raise and views turn into messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy


class StaleEdit(Exception):
    """Someone else saved the record since the form was opened. Its text is the one conflict message every page
    shows (`form.add_error(None, str(error))`), so that a person meets the same words wherever it happens."""

    message = gettext_lazy(
        "Someone else saved this record while you were editing it. Nothing of yours was saved: "
        "reload the page to see their changes, then make yours again."
    )

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(Exception):
    """The staff member's role or scope does not cover this record."""


__all__ = ["NotAllowed", "StaleEdit", "ValidationError"]
