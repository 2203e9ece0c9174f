"""Bulk imports: one job per file sent, its problems (line, column, reason), the duplicates the steward decides,
and the ledger of rows already imported (what makes a second import of the same rows create nothing)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.registry.models import Person


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        INVALID = "invalid", _("bad rows to correct")
        READY = "ready", _("checked, ready to import")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed, nothing imported")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    original_name = models.CharField(_("file"), max_length=200)
    stored_name = models.CharField(max_length=64, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    file_format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_bad = models.PositiveIntegerField(_("bad rows"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows already imported"), default=0)
    persons_created = models.PositiveIntegerField(_("persons created"), default=0)
    persons_linked = models.PositiveIntegerField(_("rows linked to an existing person"), default=0)
    households_created = models.PositiveIntegerField(_("households created"), default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    # Where the import was started from: the address its audit entries give.
    started_from = models.GenericIPAddressField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="imports_job_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.RUNNING)


class ImportProblem(models.Model):
    """Why a row (or, line 0, the whole file) cannot be imported; the reason is a code and its values, put into
    words in the reader's language when shown or downloaded."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    line = models.PositiveIntegerField(_("line"))
    column = models.CharField(_("column"), max_length=40, blank=True)
    code = models.CharField(max_length=32)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["line", "pk"]
        indexes = [models.Index(fields=["job", "line"], name="imports_problem_line_idx")]

    def __str__(self) -> str:
        return f"{self.line} {self.column} {self.code}"


class ImportDuplicate(models.Model):
    """A row that may be someone already known: a person of the registry, or an earlier row of the same file.

    The steward decides: "link" (no new person for this row) or "create". A row carrying the CNIE or IDCS of a
    registered person can only be linked (`certain`)."""

    class Decision(models.TextChoices):
        LINK = "link", _("the same person: create nothing")
        CREATE = "create", _("a different person: create")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="duplicates")
    line = models.PositiveIntegerField(_("line"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    other_line = models.PositiveIntegerField(null=True, blank=True)
    # The model's probability; None when no model is trained and the exact rule found it (same names and birth).
    probability = models.FloatField(null=True, blank=True)
    certain = models.BooleanField(default=False)
    # The row's minimal identity, shown beside the existing person while the steward decides.
    row = models.JSONField(default=dict, blank=True)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)

    class Meta:
        ordering = ["line", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "line"], name="imports_duplicate_one_per_line"),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(other_line__isnull=False),
                name="imports_duplicate_of_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} → {self.person_id or self.other_line}"

    @property
    def percent(self) -> int | None:
        """The model's probability in whole percent, never 100 (the model is never sure)."""
        return None if self.probability is None else min(99, int(self.probability * 100))


class ImportedRow(models.Model):
    """One row imported: its key (the row's identity, normalised) is unique, so the same row never imports twice."""

    job = models.ForeignKey(ImportJob, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.key
