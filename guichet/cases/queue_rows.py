"""The work queue's rows as HTML, written here rather than by the template engine.

The queue is the page a centre's staff reload all day, and its rows are its most repeated markup: 25 rows of six
cells, each labelled for the narrow screens. The template engine took 2.0 ms to write them (its tags and variables
resolved again for every row, the request's address reversed 25 times); this writes the same markup in about a
tenth of it (bench/load.py, "queue"). The table around them, its caption and the pagination stay in
cases/_partials/queue_rows.html.
"""

from collections.abc import Iterable
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from guichet.common.html_text import escaped
from guichet.common.l10n import format_date

from .models import Request

_REFERENCE = "REFERENCE"  # in the address reversed once, replaced by each row's reference


def queue_rows_html(rows: Iterable[Request], *, show_centre: bool) -> SafeString:
    """The <tr> of each request: due date (and "overdue"), reference (a link to the request), person, service
    (and its centre, for a viewer who sees several centres), status, assignee."""
    labels = [
        escaped(label)
        for label in (_("Due date"), _("Reference"), _("Person"), _("Service"), _("Status"), _("Assigned to"))
    ]
    address = reverse("cases:detail", args=[_REFERENCE])
    late_tag = f' <span class="tag late">{escaped(_("overdue"))}</span>'
    html = []
    for row in rows:
        late = getattr(row, "overdue", False)
        link = escaped(address.replace(_REFERENCE, quote(row.reference)))
        reference = escaped(row.reference_display)
        service: str = escaped(row.service.name)
        if show_centre:
            service += f'<br><span class="muted">{escaped(row.centre.display_name)}</span>'
        assignee = row.assignee
        assigned = escaped(assignee.get_full_name() or assignee.username) if assignee else "—"
        html.append(
            ('<tr class="overdue">' if late else "<tr>")
            + f'<td data-label="{labels[0]}">{escaped(format_date(row.due_date))}{late_tag if late else ""}</td>'
            f'<td data-label="{labels[1]}"><a href="{link}"><bdi dir="ltr">{reference}</bdi></a></td>'
            f'<td data-label="{labels[2]}">{escaped(row.person.full_name)}</td>'
            f'<td data-label="{labels[3]}">{service}</td>'
            f'<td data-label="{labels[4]}">{escaped(capfirst(row.status_label))}</td>'
            f'<td data-label="{labels[5]}">{assigned}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308  (every value above is escaped)
