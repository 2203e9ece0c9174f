"""The data steward's decisions on pairs of person files, and the merges with what they changed, to undo them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from guichet.registry.models import Person


class PairDecision(models.Model):
    """Whether two files are the same person, decided once per pair (stored with the lower pk first) and remembered:
    a pair decided "not the same" is never proposed again, nor merged until decided otherwise."""

    class Decision(models.TextChoices):
        SAME = "same", _("same person")
        NOT_SAME = "not_same", _("not the same person")

    # related_name "+": these links are about the files, never moved with them by a merge.
    person_a = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, verbose_name=_("other person"), on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("decision on a pair of files")
        verbose_name_plural = _("decisions on pairs of files")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="identity_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="identity_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} – {self.person_b_id}"  # the decision itself is shown translated beside it


class Merge(models.Model):
    """One file absorbed into another. `snapshot` holds everything the merge changed, so that the unmerge puts it
    back exactly: both person rows as they were (field by field), and every row re-pointed from the absorbed file
    to the survivor ({"model", "pk", "field", "old"}); rows that could not move (a unique rule) are listed in
    `kept` and stay with the absorbed file, which still counts as the survivor."""

    survivor = models.ForeignKey(Person, verbose_name=_("surviving file"), on_delete=models.PROTECT, related_name="+")
    absorbed = models.ForeignKey(Person, verbose_name=_("absorbed file"), on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(_("values chosen"), default=dict)
    snapshot = models.JSONField(default=dict, editable=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"))
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unmerged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("unmerged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge of person files")
        verbose_name_plural = _("merges of person files")
        constraints = [
            models.UniqueConstraint(
                fields=["absorbed"], condition=Q(undone_at__isnull=True), name="identity_merge_one_active"
            ),
            models.CheckConstraint(condition=~Q(survivor=F("absorbed")), name="identity_merge_two_files"),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.survivor_id}"


class MatchRun(models.Model):
    """One batch run of the model over the registry (`manage.py match_persons` or the worker's task), with its
    progress for the data steward: which stage it is at, how far, and what it found."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("stage"), max_length=120, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    threshold = models.FloatField(_("threshold"))
    model_version = models.PositiveIntegerField(_("model version"), null=True, blank=True)
    persons_scored = models.PositiveIntegerField(_("persons scored"), default=0)
    pairs_found = models.PositiveIntegerField(_("pairs found"), default=0)
    pairs_proposed = models.PositiveIntegerField(_("pairs proposed"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"#{self.pk}"


class CandidatePair(models.Model):
    """A pair of files the model says may be one person (stored with the lower pk first), waiting for a steward.
    `explanation` lists, per compared field, the level reached and its weight:
    [{"field": "family_name", "level": "exact", "weight": 6.2}, ...] (weight = log2 Bayes factor, Splink's
    match weight: positive for agreement that points to one person, negative against)."""

    person_a = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, verbose_name=_("other person"), on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(MatchRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="pairs")
    probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    explanation = models.JSONField(_("reasons"), default=list)
    cluster = models.PositiveIntegerField(_("cluster"), help_text=_("the smallest person pk of the cluster"))

    class Meta:
        ordering = ["-probability", "person_a", "person_b"]
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="identity_candidate_once"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="identity_candidate_ordered"),
        ]
        indexes = [models.Index(fields=["-probability"], name="identity_candidate_best_first")]

    def __str__(self) -> str:
        return f"{self.person_a_id} – {self.person_b_id} ({self.probability:.3f})"
