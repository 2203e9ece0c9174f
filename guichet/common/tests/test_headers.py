"""Every page sends a Content-Security-Policy with no inline script; staff pages are never kept in the cache."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from guichet.common.middleware import CONTENT_SECURITY_POLICY

TEMPLATES = sorted((Path(settings.BASE_DIR) / "guichet").rglob("templates/**/*.html"))
# Rendered to PDF by WeasyPrint, never sent to a browser: their <style> block is outside the policy.
PDF_ONLY = {"cases/receipt.html", "training/certificate.html"}

# A script element with no src runs inline, unless it is a JSON data block (json_script), which never runs.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def _name(path: Path) -> str:
    return str(path).split("/templates/", 1)[1]


def test_the_scan_finds_the_templates():
    assert len(TEMPLATES) > 50
    assert any(_name(path) == "base.html" for path in TEMPLATES)


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL])
def test_the_scan_would_catch_an_inline_script_or_style(pattern):
    hostile = {
        INLINE_SCRIPT: '<p>x</p><script>alert(1)</script><script src="/static/a.js"></script>',
        HANDLER: '<button type="button" onclick="go()">Go</button>',
        STYLE_ATTRIBUTE: '<p style="color: red">x</p>',
        JAVASCRIPT_URL: '<a href="javascript:go()">Go</a>',
    }[pattern]
    assert pattern.search(hostile)
    harmless = '<script src="/static/htmx.min.js" defer></script><p class="one">on time</p>'
    assert not pattern.search(harmless + '<script id="data" type="application/json">{"a": 1}</script>')


def test_no_template_has_inline_script_handlers_or_inline_style():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL):
            found += [f"{_name(path)}: {match.group(0)}" for match in pattern.finditer(text)]
        if _name(path) not in PDF_ONLY and "<style" in text:
            found.append(f"{_name(path)}: <style>")
    assert found == []


def test_the_policy_allows_no_inline_script_and_no_inline_style():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/track/", "/learn/", "/verify/", "/associations/register/", "/no-such-page/"],
)
def test_every_public_page_sends_the_policy(client, db, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_pages_served_to_a_signed_in_staff_member_are_not_stored(client, personas):
    client.force_login(personas["agent"])
    response = client.get(reverse("registry:search"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_a_public_page_without_personal_data_may_be_cached(client, db):
    response = client.get("/associations/register/")
    assert "no-store" not in response.get("Cache-Control", "")
