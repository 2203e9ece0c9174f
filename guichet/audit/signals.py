"""Sign-ins and failed sign-ins go to the audit log too."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from guichet.common.net import client_address

from .models import AuditEntry


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    AuditEntry.objects.create(
        actor=user,
        action=AuditEntry.Action.LOGIN,
        object_type="accounts.user",
        object_id=str(user.pk),
        ip_address=client_address(request),
    )


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    AuditEntry.objects.create(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=str(credentials.get("username", ""))[:40],
        ip_address=client_address(request),
    )
