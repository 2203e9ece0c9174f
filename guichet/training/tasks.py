"""Background work of the training programme: the access code by SMS, once per enrolment and code version."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from guichet.notify.gateways import Outgoing, sms_gateway

from .codes import format_code


@task()
def send_access_code(*, enrollment_id: int, code: str, version: int) -> str:
    """Send the code unless it was replaced or already sent (a retried task sends nothing twice)."""
    from .models import Enrollment

    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update().select_related("person", "cohort__course").get(pk=enrollment_id)
        )
        if enrollment.code_version != version or enrollment.code_sent_version >= version:
            return "skipped"
        if not enrollment.person.phone:
            return "no phone"
        with translation.override(enrollment.language):
            text = _("Guichet: your access code for “%(course)s” is %(code)s. Open /learn/ on your phone.") % {
                "course": enrollment.cohort.course.title,
                "code": format_code(code),
            }
        sms_gateway().send(Outgoing(id=enrollment_id * 1000 + version, to=enrollment.person.phone, text=text))
        enrollment.code_sent_version = version
        enrollment.save(update_fields=["code_sent_version"])
    return "sent"
