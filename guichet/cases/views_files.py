"""Files of a request: the attached documents, only for staff who may open it, and the printed receipt."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.net import client_address

from . import attachments as files
from . import selectors
from .receipts import receipt_pdf


@never_cache
@login_required
def attachment_download(request, reference: str, attachment_id: int):
    attachment = selectors.attachment_get(viewer=request.user, reference=reference, attachment_id=attachment_id)
    return files.STORE.serve(
        attachment.stored_name,
        uploaded_name=attachment.original_name,
        record=lambda: audit_record(
            actor=request.user,
            action=AuditEntry.Action.VIEW,
            obj=attachment,
            person=attachment.request.person,
            ip_address=client_address(request),
        ),
    )


@never_cache
@login_required
def receipt(request, reference: str):
    req = selectors.request_get(viewer=request.user, reference=reference)
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.VIEW,
        obj=req,
        person=req.person,
        changes={"receipt": ["", "pdf"]},
        ip_address=client_address(request),
    )
    response = HttpResponse(receipt_pdf(req), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{req.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
