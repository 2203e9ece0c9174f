"""Errors that services raise and views turn into messages."""

from django.core.exceptions import ValidationError


class StaleEdit(Exception):
    """Someone else saved the record since the form was opened."""


class NotAllowed(Exception):
    """The staff member's role or scope does not cover this record."""


__all__ = ["NotAllowed", "StaleEdit", "ValidationError"]
