"""Associations that school children with disabilities: registration, yearly applications, children, term reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guichet.common.models import TimeStamped, Versioned
from guichet.registry.models import Person
from guichet.territory.models import Province, Region


class Association(TimeStamped, Versioned):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        CORRECTION = "correction", _("correction asked")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    name_fr = models.CharField(_("name in French"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    registration_number = models.CharField(
        _("legal registration number"),
        max_length=40,
        error_messages={"unique": _("An association with this registration number is already registered.")},
    )
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    # Copied from the province by the services so that scoping filters need no join.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    address = models.CharField(_("address"), max_length=300)
    president = models.CharField(_("president"), max_length=160)
    phone = models.CharField(_("phone"), max_length=16)
    email = models.EmailField(_("e-mail"))
    statutes_file = models.CharField(max_length=60, editable=False)
    receipt_file = models.CharField(max_length=60, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    review_note = models.TextField(_("reason or correction asked"), blank=True)
    # Only a digest of the correction link's token is kept: the link itself goes to the association.
    correction_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    manager = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="association",
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name_fr", "pk"]
        indexes = [models.Index(fields=["status", "region", "province"], name="assoc_association_scope_idx")]
        constraints = [
            models.UniqueConstraint(fields=["registration_number"], name="assoc_association_number_unique"),
            models.CheckConstraint(
                name="assoc_association_rejection_has_reason",
                condition=~models.Q(status__in=["rejected", "correction"]) | ~models.Q(review_note=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ar if (get_language() or "").startswith("ar") else self.name_fr


class SupportKind(models.TextChoices):
    INCLUSION = "inclusion", _("inclusion in an ordinary class")
    SPECIALISED_CLASS = "specialised_class", _("specialised class")
    TRANSPORT = "transport", _("transport")
    EDUCATOR = "educator", _("specialised educator")
    EQUIPMENT = "equipment", _("equipment")


class Decision(models.TextChoices):
    PENDING = "pending", _("not decided")
    APPROVED = "approved", _("approved")
    PARTLY = "partly", _("partly approved")
    REJECTED = "rejected", _("rejected")


class SchoolingApplication(TimeStamped, Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        PARTLY = "partly", _("partly approved")
        REJECTED = "rejected", _("rejected")

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="applications")
    school_year = models.CharField(_("school year"), max_length=9, help_text=_("For example 2026-2027."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("schooling support application")
        verbose_name_plural = _("schooling support applications")
        ordering = ["-school_year", "pk"]
        indexes = [models.Index(fields=["school_year", "status"], name="assoc_application_year_idx")]
        constraints = [
            models.UniqueConstraint(fields=["association", "school_year"], name="assoc_application_one_per_year"),
            models.CheckConstraint(
                name="assoc_application_year_format", condition=models.Q(school_year__regex=r"^[0-9]{4}-[0-9]{4}$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.school_year}"

    @property
    def decided(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PARTLY, self.Status.REJECTED)


class SupportedChild(TimeStamped, Versioned):
    application = models.ForeignKey(SchoolingApplication, on_delete=models.PROTECT, related_name="children")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="schooling_support")
    school = models.CharField(_("school or class"), max_length=200)
    support_kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    amount_requested = models.DecimalField(_("amount asked (MAD)"), max_digits=10, decimal_places=2)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    amount_granted = models.DecimalField(
        _("amount granted (MAD)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    # The disability record this listing wrote (the person had none): it goes with the child if the child is
    # removed from the draft, so that no record stays on a person who is not on an application.
    wrote_disability_record = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("supported child")
        verbose_name_plural = _("supported children")
        ordering = ["pk"]
        indexes = [models.Index(fields=["decision", "person"], name="assoc_child_decision_idx")]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="assoc_child_once_per_application"),
            models.CheckConstraint(name="assoc_child_amount_positive", condition=models.Q(amount_requested__gt=0)),
            models.CheckConstraint(
                name="assoc_child_rejection_has_reason",
                condition=~models.Q(decision="rejected") | ~models.Q(decision_reason=""),
            ),
            models.CheckConstraint(
                name="assoc_child_partial_has_amount",
                condition=~models.Q(decision="partly")
                | models.Q(amount_granted__gt=0, amount_granted__lt=models.F("amount_requested")),
            ),
        ]

    @property
    def supported(self) -> bool:
        return self.decision in (Decision.APPROVED, Decision.PARTLY)


class TermReport(TimeStamped, Versioned):
    class Level(models.TextChoices):
        BEGINNING = "beginning", _("beginning")
        PROGRESSING = "progressing", _("progressing")
        SATISFACTORY = "satisfactory", _("satisfactory")
        GOOD = "good", _("good")

    child = models.ForeignKey(SupportedChild, on_delete=models.PROTECT, related_name="reports")
    term = models.PositiveSmallIntegerField(_("term"), choices=[(1, _("term 1")), (2, _("term 2")), (3, _("term 3"))])
    days_present = models.PositiveSmallIntegerField(_("days present"))
    days_expected = models.PositiveSmallIntegerField(_("days expected"))
    progress = models.CharField(_("progress"), max_length=500)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)

    class Meta:
        verbose_name = _("term report")
        verbose_name_plural = _("term reports")
        constraints = [
            models.UniqueConstraint(fields=["child", "term"], name="assoc_report_once_per_term"),
            models.CheckConstraint(name="assoc_report_term_range", condition=models.Q(term__gte=1, term__lte=3)),
            models.CheckConstraint(
                name="assoc_report_days_consistent",
                condition=models.Q(days_present__lte=models.F("days_expected"), days_expected__gt=0),
            ),
        ]
