"""The network: centres that deliver services, windows that receive citizens, the service catalogue."""

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guichet.common.choices import CentreKind
from guichet.common.models import TimeStamped, Versioned
from guichet.territory.models import Commune, Province, Region


def in_language(obj, field: str) -> str:
    """obj.<field>_<lang> in the active language, falling back to French, then to any filled one."""
    language = (get_language() or "fr")[:2]
    for code in (language, "fr", "ar", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class Located(models.Model):
    """A place in a commune, with its province and region copied by the services for scoping and routing."""

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        abstract = True

    def copy_territory(self) -> None:
        self.province_id = self.commune.province_id
        self.region_id = self.commune.province.region_id


class Centre(TimeStamped, Versioned, Located):
    Kind = CentreKind  # declared in the kernel: accounts' rules read it, and accounts sits below network

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name in French"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    services: "models.ManyToManyField[Service, Any]" = models.ManyToManyField(
        "Service", verbose_name=_("services offered"), blank=True, related_name="centres"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        indexes = [models.Index(fields=["region", "province", "commune"], name="network_centre_place_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name


class Window(TimeStamped, Versioned, Located):
    class Kind(models.TextChoices):
        FIXED = "fixed", _("fixed")
        MOBILE = "mobile", _("mobile")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name in French"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FIXED)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        constraints = [
            models.CheckConstraint(
                name="network_window_open_has_date",
                condition=~models.Q(status="open") | models.Q(opened_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name


class Service(TimeStamped, Versioned):
    class Category(models.TextChoices):
        DISABILITY = "disability", _("disability")
        ECONOMIC = "economic", _("economic empowerment")
        TRAINING = "training", _("training")
        EDUCATION = "education", _("education")
        HEALTH = "health", _("health")
        SOCIAL_ASSISTANCE = "social_assistance", _("social assistance")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    # The centre types that deliver it: values of Centre.Kind.
    centre_kinds = models.JSONField(_("centre types that deliver it"), default=list)
    due_working_days = models.PositiveSmallIntegerField(_("due time in working days"), default=10)
    channel_window = models.BooleanField(_("can be asked for at a window"), default=True)
    channel_online = models.BooleanField(_("can be asked for online"), default=False)
    # {"combine": "all" | "any", "conditions": [{"field": …, "op": …, "value": …}, …]} — see eligibility.py
    eligibility_rule = models.JSONField(_("eligibility rule"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def description(self) -> str:
        return in_language(self, "description")


class ServiceDocument(models.Model):
    """A document the citizen must (or may) bring for a service."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "position", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Holiday(models.Model):
    """A public holiday: no working day, so no due date falls on it."""

    date = models.DateField(_("date"), unique=True)
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_ar = models.CharField(_("name in Arabic"), max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name_fr}"
