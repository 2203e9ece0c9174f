"""Roll-up tables of the territorial dashboards: small aggregates a background refresh rebuilds from the registry.

Nothing here is shown person by person. Beneficiary and Activity hold one row per person and year only so that
distinct persons can be counted and an incremental refresh can replace one person's rows; pages read Cell and
the other aggregates, never them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.network.models import Centre, Service, Window
from guichet.registry.models import Person
from guichet.territory.models import Commune, Province, Region
from guichet.training.models import Cohort, Course


class Level(models.TextChoices):
    NATION = "nation", _("nation")
    REGION = "region", _("region")
    PROVINCE = "province", _("province or prefecture")
    COMMUNE = "commune", _("commune")


class Programme(models.TextChoices):
    SERVICES = "services", _("services of the centres")
    TRAINING = "training", _("distance training")
    SCHOOLING = "schooling", _("schooling support")


AGE_BANDS = ("0-17", "18-29", "30-44", "45-59", "60+")


def _person_link() -> models.ForeignKey:
    # No database constraint and no reverse name: a roll-up row never holds back a change of the registry.
    return models.ForeignKey(Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")


class RollupRefresh(models.Model):
    """One refresh of the roll-up tables: when, which kind, how far it got, how long it took."""

    class Kind(models.TextChoices):
        FULL = "full", _("full rebuild")
        INCREMENTAL = "incremental", _("rows changed since the last refresh")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Rows changed at or after this instant are read again by the next incremental refresh.
    changes_since = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=60, blank=True)
    persons_refreshed = models.PositiveIntegerField(default=0)
    years = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("refresh of the dashboards")
        verbose_name_plural = _("refreshes of the dashboards")
        constraints = [
            models.CheckConstraint(name="insights_refresh_progress_range", condition=models.Q(progress__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class Survivor(models.Model):
    """A merged file and the file it finally lives on (merges can chain): counts follow it."""

    person = models.OneToOneField(Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    survivor = _person_link()

    class Meta:
        indexes = [models.Index(fields=["survivor"], name="insights_survivor_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.survivor_id}"


class DisabledPerson(models.Model):
    """The survivors with a disability record at the last refresh: a record added or removed since marks the person
    for the incremental refresh. Only that one exists is kept, never its content."""

    person = models.OneToOneField(Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    def __str__(self) -> str:
        return str(self.person_id)


class DirtyPerson(models.Model):
    """Work list of an incremental refresh: survivors whose rows are recomputed."""

    person = models.OneToOneField(Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    def __str__(self) -> str:
        return str(self.person_id)


class Activity(models.Model):
    """A survivor was served by a programme (and, for services, a category) in a year."""

    year = models.PositiveSmallIntegerField()
    person = _person_link()
    programme = models.CharField(max_length=10, choices=Programme.choices)
    category = models.CharField(max_length=20, blank=True)  # network.Service.Category; "" for the programmes

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "programme", "category"], name="insights_activity_unique")
        ]
        indexes = [models.Index(fields=["year"], name="insights_activity_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.person_id} {self.programme} {self.category}"


class Beneficiary(models.Model):
    """A distinct beneficiary of a year with what the figures break down by (as the survivor's file says)."""

    year = models.PositiveSmallIntegerField()
    person = _person_link()
    sex = models.CharField(max_length=1)
    age_band = models.CharField(max_length=5)  # age on 31 December of the year
    disability = models.BooleanField()
    region = models.ForeignKey(Region, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="insights_beneficiary_unique")]
        indexes = [models.Index(fields=["year"], name="insights_beneficiary_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.person_id}"


class Cell(models.Model):
    """Distinct beneficiaries of a year in a territory, in total or for one value of one dimension.

    dimension: "total" (value ""), "sex", "age_band", "disability" ("yes"/"no"), "programme", "category",
    "programme_sex" ("training|F"). territory_id is 0 for the nation.
    """

    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=8, choices=Level.choices)
    territory_id = models.BigIntegerField()
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "level", "territory_id", "dimension", "value"], name="insights_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.level}:{self.territory_id} {self.dimension}={self.value}: {self.count}"


class Located(models.Model):
    """The territory a roll-up row is counted in, copied so that a scoped read filters without a join."""

    region = models.ForeignKey(Region, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+")

    class Meta:
        abstract = True


class RequestStat(Located):
    """Requests filed in a year (Africa/Casablanca) at a centre for a service through a window (null: online).

    delays: {"working days from filing to the decision": how many decisions}, so that medians of any grouping
    are exact.
    """

    year = models.PositiveSmallIntegerField()
    centre = models.ForeignKey(Centre, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    window = models.ForeignKey(Window, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+")
    filed = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    decided_in_time = models.PositiveIntegerField(default=0)
    delays = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["year", "centre"], name="insights_requeststat_idx"),
            models.Index(fields=["year", "region", "province"], name="insights_requeststat_place_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.centre_id}/{self.service_id}/{self.window_id}"


class OverdueStat(Located):
    """Open requests whose due date has passed, at the last refresh, per centre, service and window."""

    centre = models.ForeignKey(Centre, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    window = models.ForeignKey(Window, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+")
    overdue = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.service_id}/{self.window_id}: {self.overdue}"


class ReferralStat(Located):
    """Referrals sent in a year between two types of centre, counted in the sending centre's territory."""

    year = models.PositiveSmallIntegerField()
    from_kind = models.CharField(max_length=20)
    to_kind = models.CharField(max_length=20)
    sent = models.PositiveIntegerField()
    accepted = models.PositiveIntegerField()
    declined = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.year} {self.from_kind} → {self.to_kind}"


class WindowStat(Located):
    """Windows of a kind in a commune: open now, and opened in a month (month null: the row of the current counts)."""

    kind = models.CharField(max_length=8)
    month = models.DateField(null=True)
    open_now = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.commune_id} {self.kind} {self.month}"


class TrainingStat(models.Model):
    """Enrolments of a cohort (year: the cohort's start), counted in the cohort's region and province."""

    year = models.PositiveSmallIntegerField()
    course = models.ForeignKey(Course, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+")
    province = models.ForeignKey(
        Province, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    enrolled = models.PositiveIntegerField()  # given a place: active, completed or withdrawn
    active = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.year} {self.cohort_id}"


class SchoolingStat(models.Model):
    """Schooling support of the school year starting in `year`, per province."""

    year = models.PositiveSmallIntegerField()
    region = models.ForeignKey(Region, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    associations_approved = models.PositiveIntegerField()
    applications = models.PositiveIntegerField()
    children_supported = models.PositiveIntegerField()
    reports_missing = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.year} {self.province_id}"


class Population(models.Model):
    """Inhabitants of a territory in a year, loaded from a CSV file (manage.py load_population)."""

    level = models.CharField(max_length=8, choices=Level.choices)
    territory_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "territory_id", "year"], name="insights_population_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level}:{self.territory_id} {self.year}: {self.population}"


class WorkDay(models.Model):
    """The calendar of the refresh: each day with the number of working days from the calendar's first day up to
    it (network.calendar's rule: no weekend, no public holiday), so that SQL counts working days by a subtraction."""

    day = models.DateField(unique=True)
    number = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.day}: {self.number}"


class CellDelta(models.Model):
    """Work table of an incremental refresh: what the recomputed persons took from (negative) and now give to
    (positive) each cell, summed into Cell at the end."""

    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=8)
    territory_id = models.BigIntegerField()
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=40, blank=True)
    count = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["year", "level", "territory_id", "dimension", "value"], name="insights_celldelta_idx")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.level}:{self.territory_id} {self.dimension}={self.value}: {self.count:+d}"
