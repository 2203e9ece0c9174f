"""The message of each DCI operation, checked before anything is written: a fault here refuses the whole message
(an ERR acknowledgement, err.request.bad, naming the field); what one valid search asks that we cannot answer is
answered per search instead (search.py)."""

import re
from typing import Any

from django.utils.translation import gettext as _

from .envelope import MAX_ID_LENGTH, EnvelopeError, is_timestamp

LOCALE = re.compile(r"^[a-z]{3}$")
QUERY_TYPES = ("idtype-value", "expression", "predicate")
TXN_TYPES = ("search", "subscribe", "subscibe", "receipt")
ATTRIBUTE_TYPES = ("transaction_id", "reference_id_list", "correlation_id")
# Subscriptions tell of registrations (spdci RegistryEventType REGISTER); a new household member is not told yet.
EVENT_TYPES = ("REGISTER",)


def _bad(text: str) -> EnvelopeError:
    return EnvelopeError("err.request.bad", text)


def _identifier(value: Any, field: str) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
        raise _bad(_("%(field)s is missing.") % {"field": field})
    if len(str(value)) > MAX_ID_LENGTH:
        raise _bad(_("%(field)s is longer than 99 characters.") % {"field": field})
    return str(value)


def _timestamp(value: Any, field: str) -> None:
    if not is_timestamp(value):
        raise _bad(_("%(field)s must be an ISO 8601 date and time with its time zone.") % {"field": field})


def _locale(item: dict, field: str) -> None:
    if "locale" in item and not (isinstance(item["locale"], str) and LOCALE.match(item["locale"])):
        raise _bad(_("%(field)s must be a three-letter ISO 639-3 code, e.g. ara or fra.") % {"field": field})


def _positive(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value) or value < 1:
        raise _bad(_("%(field)s must be a whole number from 1.") % {"field": field})
    return int(value)


def search_message(message: dict) -> list[dict]:
    """The searches of a search message, each checked; pagination read as integers."""
    _identifier(message.get("transaction_id"), "message.transaction_id")
    items = message.get("search_request")
    if not isinstance(items, list) or not items:
        raise _bad(_("message.search_request must list at least one search."))
    references = set()
    for index, item in enumerate(items):
        where = f"message.search_request[{index}]"
        if not isinstance(item, dict):
            raise _bad(_("%(field)s must be an object.") % {"field": where})
        reference = _identifier(item.get("reference_id"), f"{where}.reference_id")
        if reference in references:
            raise _bad(_("%(field)s repeats another search's reference.") % {"field": f"{where}.reference_id"})
        references.add(reference)
        _timestamp(item.get("timestamp"), f"{where}.timestamp")
        _locale(item, f"{where}.locale")
        criteria = item.get("search_criteria")
        if not isinstance(criteria, dict):
            raise _bad(_("%(field)s is missing.") % {"field": f"{where}.search_criteria"})
        if criteria.get("query_type") not in QUERY_TYPES:
            raise _bad(_("%(field)s must be idtype-value, expression or predicate.") % {"field": f"{where}.query_type"})
        if criteria.get("query") in (None, "", [], {}):
            raise _bad(_("%(field)s is missing.") % {"field": f"{where}.search_criteria.query"})
        if "pagination" not in criteria and "pagination" in item:
            # The spec puts pagination in search_criteria; some clients (the conformance kit) beside it.
            criteria["pagination"] = item["pagination"]
        pagination = criteria.get("pagination")
        if pagination is not None:
            if not isinstance(pagination, dict) or "page_size" not in pagination:
                raise _bad(_("%(field)s needs page_size.") % {"field": f"{where}.search_criteria.pagination"})
            pagination["page_size"] = _positive(pagination["page_size"], f"{where}.pagination.page_size")
            pagination["page_number"] = _positive(pagination.get("page_number", 1), f"{where}.pagination.page_number")
    return items


def txn_status_message(message: dict) -> dict:
    _identifier(message.get("transaction_id"), "message.transaction_id")
    request = message.get("txnstatus_request")
    if not isinstance(request, dict):
        raise _bad(_("%(field)s is missing.") % {"field": "message.txnstatus_request"})
    _identifier(request.get("reference_id"), "txnstatus_request.reference_id")
    if request.get("txn_type") not in TXN_TYPES:
        raise _bad(_("%(field)s must be search, subscribe or receipt.") % {"field": "txnstatus_request.txn_type"})
    if request.get("attribute_type") not in ATTRIBUTE_TYPES:
        raise _bad(
            _("%(field)s must be transaction_id, reference_id_list or correlation_id.")
            % {"field": "txnstatus_request.attribute_type"}
        )
    value = request.get("attribute_value")
    if request["attribute_type"] == "reference_id_list":
        if not isinstance(value, list) or not value:
            raise _bad(_("%(field)s must list references.") % {"field": "txnstatus_request.attribute_value"})
        for item in value:
            _identifier(item, "txnstatus_request.attribute_value")
    else:
        _identifier(value, "txnstatus_request.attribute_value")
    _locale(request, "txnstatus_request.locale")
    return request


def subscribe_message(message: dict) -> list[dict]:
    _identifier(message.get("transaction_id"), "message.transaction_id")
    items = message.get("subscribe_request")
    if not isinstance(items, list) or not items:
        raise _bad(_("message.subscribe_request must list at least one subscription."))
    for index, item in enumerate(items):
        where = f"message.subscribe_request[{index}]"
        if not isinstance(item, dict):
            raise _bad(_("%(field)s must be an object.") % {"field": where})
        _identifier(item.get("reference_id"), f"{where}.reference_id")
        _timestamp(item.get("timestamp"), f"{where}.timestamp")
        _locale(item, f"{where}.locale")
        criteria = item.get("subscribe_criteria")
        if not isinstance(criteria, dict):
            raise _bad(_("%(field)s is missing.") % {"field": f"{where}.subscribe_criteria"})
    return items


def unsubscribe_message(message: dict) -> list[str]:
    _identifier(message.get("transaction_id"), "message.transaction_id")
    if "timestamp" in message:
        _timestamp(message.get("timestamp"), "message.timestamp")
    codes = message.get("subscription_codes")
    if not isinstance(codes, list) or not codes:
        raise _bad(_("message.subscription_codes must list at least one code."))
    return [_identifier(code, "message.subscription_codes") for code in codes]
