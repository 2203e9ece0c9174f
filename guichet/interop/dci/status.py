"""The status of a client's own transactions (txn/status): what became of each request, never the records sent."""

from typing import Any

from django.utils.translation import gettext as _

from guichet.accounts.models import ApiClient

from .envelope import now_iso
from .models import Transaction


def status_message(*, client: ApiClient, message: dict, correlation_id: str) -> dict[str, Any]:
    """The TxnStatusResponse about the client's own transactions (statuses only, never records)."""
    request = message["txnstatus_request"]
    kind, value = request["attribute_type"], request["attribute_value"]
    mine = Transaction.objects.filter(client=client).exclude(kind=Transaction.Kind.TXN_STATUS)
    if kind == "correlation_id":
        found = mine.filter(correlation_id=str(value)).first()
    else:
        asked = str(message["transaction_id"]) if kind == "reference_id_list" else str(value)
        found = mine.filter(transaction_id=asked).order_by("-created_at").first()
    now = now_iso()
    if found is None:
        entries = [
            {
                "reference_id": str(request["reference_id"]),
                "timestamp": now,
                "status": "rjct",
                "status_reason_code": "rjct.reference_id.invalid",
                "status_reason_message": _("This client system sent no such transaction."),
            }
        ]
        txn_status = {"transaction_id": str(value)[:99], "correlation_id": "", "search_response": entries}
    else:
        outcome = found.outcome or [{"reference_id": str(request["reference_id"]), "status": found.status}]
        if kind == "reference_id_list":
            wanted = {str(item) for item in value}
            outcome = [entry for entry in outcome if entry.get("reference_id") in wanted]
        entries = [_entry(entry, now) for entry in outcome]
        txn_status = {
            "transaction_id": found.transaction_id,
            "correlation_id": found.correlation_id,
            "search_response": entries,
        }
    txn_type = "subscribe" if request["txn_type"] in ("subscribe", "subscibe") else request["txn_type"]
    return {
        "transaction_id": str(message["transaction_id"]),
        "correlation_id": correlation_id,
        "txnstatus_response": {"txn_type": txn_type, "txn_status": txn_status},
    }


def _entry(outcome: dict, now: str) -> dict[str, Any]:
    """One request's status as the spec writes it (a subscription code stands for an unsubscribe's reference)."""
    entry = {
        "reference_id": str(outcome.get("reference_id") or outcome.get("code") or ""),
        "timestamp": now,
        "status": outcome["status"],
    }
    if outcome.get("status_reason_code"):
        entry["status_reason_code"] = outcome["status_reason_code"]
    return entry
