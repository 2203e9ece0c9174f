"""Shared model pieces: timestamps and the version counter that detects stale edits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A counter bumped by every save through a service; a write naming an older value is refused."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
