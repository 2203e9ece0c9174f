"""Where citizens are received (windows) and served (centres); the catalogue comes with the window issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.territory.models import Commune


class Centre(models.Model):
    class Kind(models.TextChoices):
        DISABILITY = "disability", _("disability assistance centre")
        INCUBATOR = "incubator", _("women's economic-empowerment incubator")
        TRAINING = "training", _("training programme")
        ASSOCIATION = "association", _("association")
        SOCIAL_PROTECTION = "social_protection", _("social protection establishment")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="centres")

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    class Kind(models.TextChoices):
        FIXED = "fixed", _("fixed")
        MOBILE = "mobile", _("mobile")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FIXED)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="windows")

    class Meta:
        ordering = ["name"]
        verbose_name = _("window")
        verbose_name_plural = _("windows")

    def __str__(self) -> str:
        return self.name
