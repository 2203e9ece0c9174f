"""Files of a request: the attached documents, only for staff who may open it, and the printed receipt."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.cache import never_cache

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, client_address

from . import attachments as files
from . import selectors
from .receipts import receipt_pdf


@never_cache
@login_required
def attachment_download(request, reference: str, attachment_id: int):
    attachment = selectors.attachment_get(viewer=request.user, reference=reference, attachment_id=attachment_id)
    path = files.path_of(attachment.stored_name)
    if not path.is_file():
        raise Http404
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.VIEW,
        obj=attachment,
        person=attachment.request.person,
        ip_address=client_address(request),
    )
    # Served as a download with the type its content proved when stored, and never sniffed into another.
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=attachment.content_type,
        as_attachment=True,
        filename=files.attachment_download_name(attachment.original_name, attachment.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


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
