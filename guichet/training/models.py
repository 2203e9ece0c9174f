"""Distance training: courses of modules, cohorts in communes, enrolled women, their progress and certificates."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guichet.common.models import TimeStamped, Versioned
from guichet.registry.models import Person
from guichet.territory.models import Commune, Province, Region

# Named in the reader's language: a coordinator reading Arabic chooses among Arabic words.
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]


def _in_language(obj, stem: str) -> str:
    """The field in the active language, falling back to French."""
    language = (get_language() or "fr")[:2]
    return getattr(obj, f"{stem}_{language}", "") or getattr(obj, f"{stem}_fr", "")


def _first_written(obj, stem: str, languages: list[str]) -> tuple[str, str] | None:
    """(language, text) of the field in the first of `languages` it is written in; None when none has it."""
    for language in dict.fromkeys(language[:2] for language in languages if language):
        text = getattr(obj, f"{stem}_{language}", "")
        if text:
            return language, text
    return None


class Course(TimeStamped, Versioned):
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    title_zgh = models.CharField(_("title in Tamazight"), max_length=200, blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_zgh = models.TextField(_("description in Tamazight"), blank=True)
    eligibility_rule = models.JSONField(_("eligibility rule"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title_fr"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self, "title")

    @property
    def description(self) -> str:
        return _in_language(self, "description")

    def title_in(self, language: str) -> str:
        return getattr(self, f"title_{language}", "") or self.title_fr


class Module(TimeStamped, Versioned):
    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        AUDIO = "audio", _("audio")
        VIDEO = "video", _("video")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="modules")
    position = models.PositiveIntegerField(_("position"))
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    kind = models.CharField(_("kind of lesson"), max_length=5, choices=Kind.choices, default=Kind.TEXT)
    text_fr = models.TextField(_("lesson in French"), blank=True)
    text_ar = models.TextField(_("lesson in Arabic"), blank=True)
    text_en = models.TextField(_("lesson in English"), blank=True)
    transcript_fr = models.TextField(_("transcript in French"), blank=True)
    transcript_ar = models.TextField(_("transcript in Arabic"), blank=True)
    transcript_en = models.TextField(_("transcript in English"), blank=True)
    # Stored names under DATA_DIR/media-training (random hex + extension), never the uploader's.
    media = models.CharField(max_length=60, blank=True, editable=False)
    media_type = models.CharField(max_length=40, blank=True, editable=False)
    light_media = models.CharField(max_length=60, blank=True, editable=False)
    light_media_type = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["course", "position"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="training_module_position_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self, "title")

    @property
    def text(self) -> str:
        return _in_language(self, "text")

    def text_in(self, *languages: str) -> tuple[str, str] | None:
        """(language, text) of the lesson in the first of `languages` it is written in; None when none has it."""
        return _first_written(self, "text", list(languages))

    @property
    def has_text(self) -> bool:
        return bool(self.text_fr or self.text_ar or self.text_en)

    def transcript_in(self, *languages: str) -> tuple[str, str] | None:
        """(language, transcript) in the first of `languages` it is written in (the page's, then the learner's);
        None when it is written in none of them."""
        return _first_written(self, "transcript", list(languages))


class Cohort(TimeStamped, Versioned):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    communes = models.ManyToManyField(Commune, verbose_name=_("communes"), related_name="+")
    # The province and region every commune of the cohort lies in (empty when they span several): the scope.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True, related_name="+", editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, related_name="+", editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitator"), on_delete=models.PROTECT, related_name="cohorts"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "name_fr"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(name="training_cohort_capacity_positive", condition=models.Q(capacity__gt=0)),
            models.CheckConstraint(
                name="training_cohort_dates_in_order", condition=models.Q(ends_on__gte=models.F("starts_on"))
            ),
        ]
        indexes = [models.Index(fields=["region", "province"], name="training_cohort_place_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self, "name")


class Enrollment(TimeStamped):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        WAITING = "waiting", _("on the waiting list")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="training_enrollments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="fr")
    # HMAC of the access code: the code itself is shown once (slip, SMS) and never stored. Empty when revoked.
    code_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    code_version = models.PositiveIntegerField(default=0, editable=False)
    code_sent_version = models.PositiveIntegerField(default=0, editable=False)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="training_enrollment_once_per_cohort"),
            models.CheckConstraint(
                name="training_enrollment_completed_has_date",
                condition=~models.Q(status="completed") | models.Q(completed_on__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"], name="training_enrollment_status_idx"),
            models.Index(fields=["status", "completed_on"], name="training_enrollment_done_idx"),
        ]


class Progress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "module"], name="training_progress_once_per_module"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.module_id}"


class Session(TimeStamped):
    """An in-person session of a cohort, and who attended it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date of the session"))
    attendees = models.ManyToManyField(Enrollment, related_name="sessions_attended", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "held_on"], name="training_session_once_a_day"),
        ]


class Certificate(TimeStamped):
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(max_length=10, unique=True)
    issued_on = models.DateField()
    revoked = models.BooleanField(default=False)
