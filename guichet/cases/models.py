"""Requests for a service, their timeline, referrals between centres, and attached documents."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.common.models import Versioned
from guichet.network.models import Centre, Service, ServiceDocument, Window
from guichet.registry.models import Person

from .references import format_reference

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    REFERRED = "referred", _("referred, awaiting the centre")
    SUBMITTED = "submitted", _("received")
    INFO_REQUESTED = "info_requested", _("information requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    DELIVERED = "delivered", _("delivered")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("referral declined")


OPEN_STATUSES = (Status.REFERRED, Status.SUBMITTED, Status.INFO_REQUESTED, Status.APPROVED)


class Channel(models.TextChoices):
    WINDOW = "window", _("at a window")
    ONLINE = "online", _("online")
    REFERRAL = "referral", _("referral from another centre")
    API = "api", _("by another system")


class Request(Versioned):
    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="requests")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="requests")
    window = models.ForeignKey(
        Window, verbose_name=_("window"), on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WINDOW)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    # The citizen's language: receipt, SMS and e-mail are written in it.
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="fr")
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    # While information is requested the clock stops; the due date moves by the working days paused.
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    eligible = models.BooleanField(_("eligible when filed"), default=True)
    eligibility = models.JSONField(_("eligibility explanation when filed"), default=dict, blank=True)
    justification = models.TextField(_("justification for filing despite the rule"), blank=True)
    # Filing although the person already had an open request for the service needs a reason, as does filing
    # without every document the service requires (those are the required ones not in documents_received).
    duplicate_reason = models.TextField(_("why another request for the same service"), blank=True)
    missing_documents_reason = models.TextField(_("why required documents are missing"), blank=True)
    # The filing form's one-time token: a second submit of the same form finds the request already filed.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    # The paper documents the agent saw at the window (scans, when made, are Attachments).
    documents_received = models.ManyToManyField(
        ServiceDocument, verbose_name=_("documents received"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["centre", "status", "due_date"], name="cases_request_queue_idx"),
            # The default queue (open requests, earliest due first) reads this index in order and stops at a page.
            models.Index(
                fields=["centre", "due_date", "id"],
                condition=models.Q(status__in=["referred", "submitted", "info_requested", "approved"]),
                name="cases_request_open_queue_idx",
            ),
            models.Index(fields=["person", "filed_at"], name="cases_request_person_idx"),
            models.Index(fields=["status", "delivered_on"], name="cases_request_delivered_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="cases_request_idempotency_key_unique"),
            models.CheckConstraint(
                name="cases_request_delivered_has_date",
                condition=~models.Q(status="delivered") | models.Q(delivered_on__isnull=False),
            ),
        ]

    # Not columns: selectors.request_get sets them for the request's page (request_reads.py reads the attachments
    # and referrals only when there are some).
    has_attachments: bool
    has_referrals: bool

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reference_display(self) -> str:
        return format_reference(self.reference)

    @property
    def status_label(self) -> "StrOrPromise":  # the label, translated when shown
        """The status in words, as get_status_display (which rebuilds a dict of every choice on each call)."""
        return Status(self.status).label

    def missing_documents(self) -> list[ServiceDocument]:
        """The service's required documents that were not received when filing."""
        received = set(self.documents_received.values_list("pk", flat=True))
        return [document for document in self.service.documents.filter(required=True) if document.pk not in received]


class Event(models.Model):
    """One step of a request's timeline, appended by the services at every change."""

    class Kind(models.TextChoices):
        FILED = "filed", _("filed")
        STATUS = "status", _("status changed")
        COMMENT = "comment", _("comment")
        ASSIGNED = "assigned", _("assigned")
        ATTACHMENT = "attachment", _("document attached")
        REFERRAL_SENT = "referral_sent", _("referred to another centre")
        REFERRAL_ACCEPTED = "referral_accepted", _("referral accepted")
        REFERRAL_DECLINED = "referral_declined", _("referral declined")

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"], name="cases_event_request_idx")]
        verbose_name = _("step of a request")
        verbose_name_plural = _("steps of requests")

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Referral(models.Model):
    """A centre sends the person to another centre: a linked request there, which it accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting the receiving centre")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    from_request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="referrals_sent")
    to_request = models.OneToOneField(Request, on_delete=models.PROTECT, related_name="referral_received")
    from_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="referrals_sent")
    to_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="referrals_received")
    reason = models.TextField(_("why the person is referred"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Not a column: cases.request_reads.request_links sets it, whether the viewer may open the other request.
    can_open: bool

    def __str__(self) -> str:
        return f"{self.from_request_id} → {self.to_request_id}"


class Attachment(models.Model):
    """A document received with a request; the file lives outside the web root and is served by a view."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="attachments")
    document = models.ForeignKey(
        ServiceDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
