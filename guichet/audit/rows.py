"""The audit list's rows as HTML, written here rather than by the template engine.

A page of the audit log is 50 entries, each with its time, its actor, its sentences, its person and its address:
the template engine resolved every tag again for each of them. This writes the same markup in a fraction of the
time (bench/load.py, "audit list"); the table around them stays in audit/entry_list.html.
"""

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from guichet.common.html_text import escaped
from guichet.common.l10n import format_datetime, ltr_html

from .story import Story


def entry_rows_html(stories: Iterable[Story]) -> SafeString:
    """One <tr> per entry: when, who (name and username, or "not signed in"), what happened (one item per
    sentence), whose file (name and social ID), from which address."""
    html = []
    for story in stories:
        entry = story.entry
        actor = entry.actor
        who: str
        if actor is None:
            who = escaped(_("not signed in"))
        else:
            name = actor.get_full_name()
            who = (
                f'{escaped(name)} <span class="muted">({ltr_html(actor.username)})</span>'
                if name
                else escaped(actor.username)
            )
        lines = "".join(f"<li>{escaped(line)}</li>" for line in story.html())
        person = entry.person
        whose = f"{escaped(person.full_name)} {ltr_html(person.social_id_display)}" if person else "—"
        html.append(
            f"<tr><td>{escaped(format_datetime(entry.at))}</td>\n"
            f"<td>{who}</td>\n"
            f'<td><ul class="story">{lines}</ul></td>\n'
            f"<td>{whose}</td>\n"
            f'<td dir="ltr">{escaped(entry.ip_address or "—")}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308  (every value above is escaped)
