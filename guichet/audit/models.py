"""Append-only log of every opening of a person's file and every write: who, when, what, from where."""

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import chain
from .kinds import DISABILITY_OBJECT_TYPE

# Keys of `changes` that only a disability record or a disability fact carries.
DISABILITY_FIELDS = ("card_number", "degree", "disability", "has_disability")


def disability_entries() -> models.Q:
    """The entries that reveal that a person has (or had) a disability record, or what it says: listed only to
    those who may see disability details (selectors.audit_entries), and left out of the supervisors' indexes."""
    condition = models.Q(object_type=DISABILITY_OBJECT_TYPE) | models.Q(action="view_sensitive")
    for name in DISABILITY_FIELDS:
        condition |= models.Q(changes__has_key=name)
    return condition


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_create(self, objs, *args, **kwargs):
        """Many entries at once (demo seeding, a page of records another system read), chained in the order
        given, under one lock. One entry alone is saved (on PostgreSQL one statement chains and inserts it)."""
        objs = list(objs)
        if len(objs) == 1 and transaction.get_connection(self.db).vendor == "postgresql":
            objs[0].save(using=self.db)
            return objs
        opened_here = not transaction.get_connection(self.db).in_atomic_block
        with transaction.atomic(using=self.db, savepoint=False):
            chain.link_reads_without_waiting(objs, using=self.db, opened_here=opened_here)
            chain.link(objs, using=self.db)
            return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("opened")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("removed")
        VIEW_SENSITIVE = "view_sensitive", _("opened sensitive data")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        SEARCH = "search", _("searched")
        EXPORT = "export", _("exported")
        RESTORE = "restore", _("restored")

    # Given when the entry is chained (not auto_now_add: the time is part of what the hash covers).
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=40)
    object_id = models.CharField(_("record"), max_length=40)
    # The person concerned, so that supervisors see the entries about persons in their territory.
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, null=True, related_name="+")
    scope_region_id = models.BigIntegerField(null=True, db_index=True)
    scope_province_id = models.BigIntegerField(null=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True)
    # The hash chain (see chain.py): position in the log, previous entry's hash, this entry's hash.
    seq = models.PositiveBigIntegerField(_("position"), unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object_idx"),
            # A supervisor's log, newest first, read from the index a page at a time (not every entry of the
            # territory sorted): by region, and by province.
            models.Index(fields=["scope_region_id", "-at", "-id"], name="audit_entry_region_at_idx"),
            models.Index(fields=["scope_province_id", "-at", "-id"], name="audit_entry_province_at_idx"),
            # The same without the entries that tell a disability, for the supervisors who may not see them (most):
            # their page and its capped count read from the index alone, however many entries the territory has,
            # where the count scanned the table, testing each entry's changes (2.5 ms at 13,500 in one region).
            models.Index(
                fields=["scope_region_id", "-at", "-id"],
                condition=~disability_entries(),
                name="audit_entry_region_open_idx",
            ),
            models.Index(
                fields=["scope_province_id", "-at", "-id"],
                condition=~disability_entries(),
                name="audit_entry_province_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        """Insert only, chained to the last entry in the same transaction."""
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        connection = transaction.get_connection(using)
        opened_here = not connection.in_atomic_block
        if connection.vendor == "postgresql":
            # One statement links and inserts: the chain's lock is held for one round trip (and, outside a
            # transaction of the caller's, released by that statement's own commit).
            chain.append_in_database(self, using=using, relaxed=opened_here and self.action in chain.READ_ACTIONS)
            self._state.adding, self._state.db = False, using
            return
        with transaction.atomic(using=using, savepoint=False):
            chain.link([self], using=using)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")
