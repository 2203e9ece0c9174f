"""The trained identity-resolution model, kept with a version so that every score says which model gave it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchModel(models.Model):
    """One training of the model: Splink's settings JSON with its parameters; the highest version is in use."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    settings = models.JSONField(_("settings and parameters"))
    trained_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    trained_by = models.CharField(_("trained by"), max_length=150, blank=True)
    record_count = models.PositiveIntegerField(_("records trained on"))
    seed = models.IntegerField(_("random seed"))

    class Meta:
        ordering = ["-version"]
        verbose_name = _("matching model")
        verbose_name_plural = _("matching models")

    def __str__(self) -> str:
        return f"v{self.version}"
