"""The audit log, read-only: there is no page, form or API to change or remove an entry."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from guichet.common.checkdigit import parse_social_id
from guichet.common.forms import query_choice, query_text

from .models import AuditEntry
from .selectors import audit_entries


@login_required
def entry_list(request):
    person = parse_social_id(query_text(request.GET, "person")) or ""
    entries = audit_entries(
        viewer=request.user,
        person_social_id=person,
        actor_username=query_text(request.GET, "actor", max_length=150),
        action=query_choice(request.GET, "action", AuditEntry.Action.choices),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page", 1))
    context = {"page": page, "actions": AuditEntry.Action.choices, "filters": request.GET}
    return render(request, "audit/entry_list.html", context)
