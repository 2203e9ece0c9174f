"""The work queue: a centre's requests, earliest due first, filtered, one page at a time."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors
from .forms import QueueFilterForm
from .queue_rows import queue_rows_html


@login_required
def work_queue(request):
    viewer = request.user
    colleagues = selectors.colleagues_listed(centre_id=getattr(viewer, "centre_id", None))
    form = QueueFilterForm(
        request.GET or None,
        services=selectors.queue_services(viewer=viewer),
        service_choices=selectors.queue_service_choices(viewer=viewer),
        colleagues=colleagues,
    )
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            status=data["status"] or "open",
            service_id=data["service"].pk if data["service"] else None,
            assignee=data["assignee"] or "",
            overdue=data["overdue"],
        )
    page = selectors.work_queue(
        viewer=viewer,
        filters=filters,
        page_number=request.GET.get("page", 1),
        count_cap=selectors.QUEUE_COUNT_CAP,
        known_users=colleagues,
    )
    rows = queue_rows_html(page.object_list, show_centre=not viewer.centre_id)
    context = {"form": form, "page": page, "filters": filters, "rows": rows}
    template = "cases/_partials/queue_rows.html" if request.htmx else "cases/queue.html"
    return render(request, template, context)
