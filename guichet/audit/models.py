"""Append-only log of every opening of a person's file and every write: who, when, what, from where."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("opened")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("removed")
        VIEW_SENSITIVE = "view_sensitive", _("opened sensitive data")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
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

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_entry_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")
