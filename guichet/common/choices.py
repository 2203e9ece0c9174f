"""Choices lower layers read: the kinds of centre (network's Centre.Kind) that accounts' rules ask about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreKind(models.TextChoices):
    DISABILITY = "disability", _("disability assistance centre")
    INCUBATOR = "incubator", _("women's economic-empowerment incubator")
    TRAINING = "training", _("training programme")
    ASSOCIATION = "association", _("association")
    SOCIAL_PROTECTION = "social_protection", _("social protection establishment")
    OTHER = "other", _("other")
