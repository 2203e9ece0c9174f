"""The search results' rows as HTML, written here rather than by the template engine.

The search is the page a window agent opens most (a citizen at the counter, a name typed): its 20 rows of five
cells, each labelled for the narrow screens, cost the template engine more than the search's own reads (tags and
variables resolved again for every row, the file's address reversed for each). The table around them, its caption
and the pagination stay in registry/_partials/results.html; cases/queue_rows.py does the same for the work queue.
"""

from collections.abc import Iterable
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from guichet.common.html_text import escaped

_SOCIAL_ID = "SOCIALID"  # in the address reversed once, replaced by each row's social ID


def search_rows_html(rows: Iterable[dict], *, own_only: bool, bidi: bool) -> SafeString:
    """The <tr> of each person found (person_search's rows): the Latin name (a link to the file where the viewer
    may open it), the Arabic name (the link when there is no Latin name: the template linked an empty Latin name
    too, a link with no text for a screen reader), the year of birth, the commune in the
    page's script, the social ID (or "outside your territory", except for a viewer who searches only their own)."""
    labels = [escaped(label) for label in (_("Name"), _("Name in Arabic"), _("Born"), _("Commune"), _("Social ID"))]
    address = reverse("registry:detail", args=[_SOCIAL_ID])
    outside = f'<span class="muted">{escaped(_("outside your territory"))}</span>'
    html = []
    for row in rows:
        link = escaped(address.replace(_SOCIAL_ID, quote(str(row["social_id"]))))
        latin = f"{escaped(row['given_name_latin'])} {escaped(row['family_name_latin'])}"
        arabic = f"{escaped(row['given_name_ar'])} {escaped(row['family_name_ar'])}"
        if row["in_scope"]:  # one link per row: the Latin name, or the Arabic one when there is no Latin name
            if row["given_name_latin"] or row["family_name_latin"]:
                latin = f'<a href="{link}">{latin}</a>'
            else:
                arabic = f'<a href="{link}">{arabic}</a>'
        born = row["birth_date"]
        commune = row["commune__name_ar"] if bidi else row["commune__name_fr"]
        shown = row["in_scope"] or own_only
        social_id = f'<span dir="ltr">{escaped(row["social_id_display"])}</span>' if shown else outside
        html.append(
            f'<tr><td data-label="{labels[0]}">{latin}</td>'
            f'<td data-label="{labels[1]}" lang="ar" dir="rtl">{arabic}</td>'
            f'<td data-label="{labels[2]}">{born.year if born else ""}</td>'
            f'<td data-label="{labels[3]}">{escaped(commune)}</td>'
            f'<td data-label="{labels[4]}">{social_id}</td></tr>'
        )
    return SafeString("\n".join(html))  # every value above is escaped
