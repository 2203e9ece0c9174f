"""What the DCI API keeps: the messages received (transactions), the standing subscriptions to registrations, and
the callbacks the worker owes to client systems. Records sent are never stored: a callback is built when it leaves.
The choices' labels are not translated: no page shows these rows (the API speaks the spec's codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.accounts.models import ApiClient


class Transaction(models.Model):
    """One DCI message a client sent: what it asked (kept until answered) and what became of each request in it."""

    class Kind(models.TextChoices):
        SEARCH = "search", "search"
        SUBSCRIBE = "subscribe", "subscription"
        UNSUBSCRIBE = "unsubscribe", "end of subscription"
        TXN_STATUS = "txn-status", "transaction status"

    class Status(models.TextChoices):
        RECEIVED = "rcvd", "received"
        PENDING = "pdng", "pending"
        SUCCEEDED = "succ", "succeeded"
        REJECTED = "rjct", "rejected"

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    transaction_id = models.CharField(max_length=99)
    # Ours, unique: names this transaction in the ACK, the callback and a later status check.
    correlation_id = models.CharField(max_length=99, unique=True)
    message_id = models.CharField(max_length=99)
    is_async = models.BooleanField(default=False)
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.RECEIVED)
    # The message as received, while it waits for the worker; emptied once answered (it may hold identifiers).
    request = models.JSONField(default=dict, blank=True)
    # For each request in the message: {reference_id, status, status_reason_code}; never the records sent.
    outcome = models.JSONField(default=list, blank=True)
    sender_uri = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("DCI transaction")
        verbose_name_plural = _("DCI transactions")
        indexes = [models.Index(fields=["client", "transaction_id"], name="dci_txn_client_txn_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.correlation_id}"


class Subscription(models.Model):
    """A client's standing request to be told of registrations matching a filter, at its notify address."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=99, unique=True)
    reference_id = models.CharField(max_length=99)
    event_type = models.CharField(max_length=40, default="REGISTER")
    # The search criteria a registration must meet (query_type and query), as search.persons_matching reads them.
    criteria = models.JSONField(default=dict, blank=True)
    record_type = models.CharField(max_length=10, default="Member")
    notify_uri = models.URLField(max_length=500)
    # The last person already considered (persons are registered with increasing keys).
    cursor = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("DCI subscription")
        verbose_name_plural = _("DCI subscriptions")
        indexes = [models.Index(fields=["ended_at"], name="dci_subscription_active_idx")]

    def __str__(self) -> str:
        return self.code


class Callback(models.Model):
    """A message Guichet owes a client at one of its registered addresses, delivered by the worker with retries."""

    class Action(models.TextChoices):
        ON_SEARCH = "on-search", "on-search"
        ON_SUBSCRIBE = "on-subscribe", "on-subscribe"
        ON_UNSUBSCRIBE = "on-unsubscribe", "on-unsubscribe"
        TXN_ON_STATUS = "txn-on-status", "txn-on-status"
        NOTIFY = "notify", "notify"

    class Status(models.TextChoices):
        PENDING = "pending", "waiting"
        SENDING = "sending", "being sent"
        SENT = "sent", "sent"
        FAILED = "failed", "failed, will retry"
        DEAD = "dead", "given up"
        REFUSED = "refused", "refused: address not registered"

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+")
    url = models.URLField(max_length=500)
    action = models.CharField(max_length=16, choices=Action.choices)
    txn = models.ForeignKey(Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="callbacks")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, null=True, blank=True, related_name="callbacks"
    )
    # For a notify: the persons registered (their keys only; their records are read when the callback leaves).
    person_ids = models.JSONField(default=list, blank=True)
    # The header's message_id, the same at every attempt: the receiver's idempotency key.
    message_id = models.CharField(max_length=99, unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("DCI callback")
        verbose_name_plural = _("DCI callbacks")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="dci_callback_due_idx")]

    def __str__(self) -> str:
        return f"{self.action} → {self.url}"
