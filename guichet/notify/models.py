"""Messages to citizens: editable templates per language, and the outbox the worker delivers from."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.common.l10n import join_list

from .defaults import PLACEHOLDERS
from .rendering import unknown_placeholders


class Channel(models.TextChoices):
    SMS = "sms", _("text message")
    EMAIL = "email", _("e-mail")


# The longest text a template may hold: an SMS of three parts in Latin script (seven in Arabic), a short e-mail.
BODY_MAX_LENGTH: dict[str, int] = {Channel.SMS: 480, Channel.EMAIL: 2000}


class MessageTemplate(models.Model):
    """The text sent when a request reaches a status, per language and channel; administrators edit it."""

    trigger = models.CharField(_("when"), max_length=20)  # a cases Status value, or "filed"
    language = models.CharField(_("language"), max_length=5)
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    subject = models.CharField(_("subject (e-mail)"), max_length=200, blank=True)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["trigger", "language", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["trigger", "language", "channel"], name="notify_template_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.trigger} {self.language} {self.channel}"

    def clean(self) -> None:
        errors = {}
        for field in ("subject", "body"):
            unknown = unknown_placeholders(getattr(self, field))
            if unknown:
                errors[field] = _("Unknown placeholder: %(names)s. Use only: %(known)s.") % {
                    "names": join_list(f"{{{name}}}" for name in unknown),
                    "known": join_list(f"{{{name}}}" for name in PLACEHOLDERS),
                }
        longest = BODY_MAX_LENGTH.get(self.channel, BODY_MAX_LENGTH[Channel.SMS])
        if "body" not in errors and len(self.body or "") > longest:
            try:
                MaxLengthValidator(longest)(self.body)
            except ValidationError as error:
                errors["body"] = error.messages[0]
        if errors:
            raise ValidationError(errors)


class OutboxMessage(models.Model):
    """One message to send: for a request, one per event and channel (unique, so an event is never sent
    twice); or a learner's access code, one per code issued.

    The body is kept only until the message leaves (sent, given up or replaced): then it is erased, so that
    no message text, and no access code, stays at rest in clear.
    """

    class Kind(models.TextChoices):
        REQUEST = "request", _("request status")
        ACCESS_CODE = "access-code", _("access code")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        # Claimed by a worker until next_attempt_at (its lease): a worker that dies leaves it to the sweep.
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will retry")
        DEAD = "dead", _("given up")
        REPLACED = "replaced", _("replaced, not sent")

    # Each kind has its own idempotency keys at the gateway (see idempotency_key).
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REQUEST)
    event = models.ForeignKey("cases.Event", on_delete=models.PROTECT, related_name="messages", null=True)
    # What a message of another kind is about, e.g. "training.enrollment:42": a newer one replaces it.
    about = models.CharField(max_length=60, blank=True, db_index=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    language = models.CharField(max_length=5)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="notify_outbox_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_outbox_due_idx"),
            # The administrators' outbox page lists the latest first, all or of one status.
            models.Index(fields=["-created_at"], name="notify_outbox_recent_idx"),
            models.Index(fields=["status", "-created_at"], name="notify_outbox_st_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} {self.status}"

    @property
    def idempotency_key(self) -> str:
        """What the gateway deduplicates on: the kind and the row, so that two kinds never share a key."""
        return idempotency_key(kind=self.kind, number=self.pk)


def idempotency_key(*, kind: str, number: int) -> str:
    return f"guichet-{kind}-{number}"
