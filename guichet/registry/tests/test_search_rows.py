"""The search results' rows written in Python (registry/search_rows.py) are the rows the template wrote: the link
to the file only where the viewer may open it, the Arabic name linked when there is no Latin one, the commune in
the page's script, the social ID hidden outside the viewer's territory, everything escaped."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from guichet.registry.search_rows import search_rows_html

# The rows as registry/_partials/results.html wrote them before (the reference of this test), but for the link on
# an empty Latin name, which it wrote for persons with Arabic names only: a link with no text.
TEMPLATE_ROWS = Template((Path(__file__).parent / "search_rows_reference.html").read_text())


def row(social_id, latin=("Fatima", "Tazi"), arabic=("فاطمة", "التازي"), in_scope=True):
    return {
        "social_id": social_id,
        "social_id_display": f"{social_id[:3]} {social_id[3:6]} {social_id[6:]}",
        "given_name_latin": latin[0],
        "family_name_latin": latin[1],
        "given_name_ar": arabic[0],
        "family_name_ar": arabic[1],
        "birth_date": datetime.date(1984, 3, 9),
        "commune__name_fr": "Anfa & <Sidi> Belyout",
        "commune__name_ar": "أنفا",
        "in_scope": in_scope,
    }


ROWS = [
    row("123456789"),
    row("234567890", in_scope=False),
    row("345678901", latin=("", "")),  # Arabic names only: the Arabic name is the link
    row("456789012", latin=("", ""), in_scope=False),
    row("567890123", latin=('<b>"Ali"</b>', "O'Neil & co"), arabic=("", "")),
]


def _spaces(html) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize("own_only", [False, True])
def test_the_rows_are_the_templates(language, own_only):
    with translation.override(language):
        bidi = translation.get_language_bidi()
        expected = TEMPLATE_ROWS.render(Context({"rows": ROWS, "own_only": own_only, "bidi": bidi}))
        assert _spaces(search_rows_html(ROWS, own_only=own_only, bidi=bidi)) == _spaces(expected)


def test_only_the_files_in_scope_are_links_and_every_name_is_escaped():
    with translation.override("en"):
        html = search_rows_html(ROWS, own_only=False, bidi=False)
    assert html.count("<a href=") == 3 and "/234567890/" not in html and "/345678901/" in html
    assert '<a href="/persons/345678901/"> </a>' not in html  # no link without text
    assert "&lt;b&gt;&quot;Ali&quot;&lt;/b&gt;" in html and "O&#x27;Neil &amp; co" in html
    assert html.count("outside your territory") == 2
