"""Administrative territory: regions, provinces/prefectures (ISO 3166-2:MA) and communes."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def name_column() -> str:
    """The column holding places' names in the active language, to sort by it in the database."""
    return "name_ar" if (get_language() or "").startswith("ar") else "name_fr"


class BilingualName(models.Model):
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_ar = models.CharField(_("name in Arabic"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (French for English: the administration writes it so)."""
        return getattr(self, name_column())


class Region(BilingualName):
    code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)  # MA-01 … MA-12

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(BilingualName):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")

    code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)  # MA-CAS
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        ordering = ["code"]
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")


class Commune(BilingualName):
    class Kind(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")

    code = models.CharField(_("code"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
