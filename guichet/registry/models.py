"""The registry: persons, households and their members, consents, and the separate disability record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.common.checkdigit import format_social_id
from guichet.common.l10n import name_in_language
from guichet.common.models import TimeStamped, Versioned
from guichet.territory.models import Commune, Province, Region


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class Household(TimeStamped):
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=300, blank=True)
    rsu_score = models.DecimalField(
        _("socio-economic score (RSU)"), max_digits=8, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Person(TimeStamped, Versioned):
    social_id = models.CharField(_("social ID"), max_length=9, unique=True, editable=False)
    given_name_latin = models.CharField(_("given name (Latin script)"), max_length=80, blank=True)
    family_name_latin = models.CharField(_("family name (Latin script)"), max_length=80, blank=True)
    given_name_ar = models.CharField(_("given name (Arabic script)"), max_length=80, blank=True)
    family_name_ar = models.CharField(_("family name (Arabic script)"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    birth_date_approximate = models.BooleanField(_("only the year of birth is known"), default=False)
    cnie = models.CharField(_("CNIE"), max_length=12, null=True, blank=True, unique=True)
    idcs = models.CharField(_("IDCS"), max_length=10, null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True)
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    # Copied from the commune by the services so that scoping filters need no join.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Latin-normalised full name, used to rank search results by closeness.
    name_sort = models.CharField(max_length=200, blank=True, editable=False)
    # " word word … " of both scripts, normalised: ranks the names spelled exactly as typed first.
    name_words = models.CharField(max_length=400, blank=True, default="", db_default="", editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["region", "province"], name="registry_person_scope_idx"),
            models.Index(fields=["name_sort"], name="registry_person_name_sort_idx"),
            # The duplicate check at registration looks up persons born on a date (in a commune).
            models.Index(fields=["birth_date", "commune"], name="registry_person_birth_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="registry_person_has_given_name",
                condition=~models.Q(given_name_latin="") | ~models.Q(given_name_ar=""),
            ),
            models.CheckConstraint(
                name="registry_person_has_family_name",
                condition=~models.Q(family_name_latin="") | ~models.Q(family_name_ar=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.social_id_display})"

    @property
    def social_id_display(self) -> str:
        return format_social_id(self.social_id)

    @property
    def full_name_latin(self) -> str:
        return f"{self.given_name_latin} {self.family_name_latin}".strip()

    @property
    def full_name_ar(self) -> str:
        return f"{self.given_name_ar} {self.family_name_ar}".strip()

    @property
    def full_name(self) -> str:
        return name_in_language(self.full_name_latin, self.full_name_ar)

    @property
    def birth_year(self) -> int:
        return self.birth_date.year


class PersonNameKey(models.Model):
    """One transliteration key of one word of a person's names: the index behind name search."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="registry_namekey_key_idx")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="registry_namekey_unique")]

    def __str__(self) -> str:
        return self.key


class PersonNamePair(models.Model):
    """Two different name keys of one person, written once as "a b" (a before b): the index behind a search of
    two words or more, which then reads the persons who have both keys in one look-up instead of intersecting
    every person of each key (registry.name_index)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_pairs")
    pair = models.CharField(max_length=81)

    class Meta:
        indexes = [models.Index(fields=["pair", "person"], name="registry_namepair_pair_idx")]
        constraints = [models.UniqueConstraint(fields=["person", "pair"], name="registry_namepair_unique")]

    def __str__(self) -> str:
        return self.pair


class NameSpellingForm(models.Model):
    """A name as spelt in the registry (or that spelling with one letter removed) and its transliteration key.

    The dictionary behind the search's tolerance of a slip: a typed word meets a registered spelling one
    letter apart when they share a form (symmetric deletion), by an indexed equality, and the search then
    looks for that spelling's key. One row per spelling and form, shared by every person spelt so.
    """

    form = models.CharField(max_length=80)
    spelling = models.CharField(max_length=80)
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["form", "spelling"], name="registry_spellingform_unique")]

    def __str__(self) -> str:
        return f"{self.form} → {self.spelling}"


class Relationship(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("brother or sister")
    GRANDCHILD = "grandchild", _("grandchild")
    OTHER = "other", _("other relative")


class Membership(TimeStamped):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(_("relationship to the head"), max_length=12, choices=Relationship.choices)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="registry_membership_one_current",
            ),
        ]


class Consent(TimeStamped):
    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("registration and handling of requests")
        SHARING = "sharing", _("sharing the file with the centres that serve the person")
        MESSAGES = "messages", _("receiving text messages")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    given_on = models.DateField(_("date of consent"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["given_on", "pk"]


class DisabilityRecord(TimeStamped, Versioned):
    """Sensitive: kept apart from the person, shown only to the roles that need it."""

    class Kind(models.TextChoices):
        MOTOR = "motor", _("motor")
        VISUAL = "visual", _("visual")
        HEARING = "hearing", _("hearing")
        INTELLECTUAL = "intellectual", _("intellectual")
        PSYCHIC = "psychic", _("psychic")
        AUTISM = "autism", _("autism spectrum")
        MULTIPLE = "multiple", _("multiple")
        OTHER = "other", _("other")

    class Degree(models.TextChoices):
        LIGHT = "light", _("light")
        MODERATE = "moderate", _("moderate")
        SEVERE = "severe", _("severe")
        PROFOUND = "profound", _("profound")

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="disability")
    kind = models.CharField(_("type of disability"), max_length=14, choices=Kind.choices)
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices)
    card_number = models.CharField(_("disability card number"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
