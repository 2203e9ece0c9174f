"""Tools of the fuzz test: hostile values, the forms and links of a rendered page, the project's URL patterns."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

HOSTILE = [
    "",
    "x" * 5000,
    "abc",
    "-1",
    "0",
    "9999999999999999999999",
    "1.5",
    "1e309",
    "²",
    "١٢",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\x00",
    "Fat\u202eima\u200b",
    "../../etc/passwd",
    "2026-02-30",
    "🙂 ñ 中 ⵣ",
    "%s%n{0}{reference",
]


def random_values(seed: int, count: int) -> list[str]:
    """Random strings of every kind of character (a fixed seed: the same run each time)."""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in (*range(0x80), *range(0x600, 0x6FF), 0x202E, 0x200F, 0xFEFF, 0x1F600, 0x2D30)]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def hostile_file(value: str) -> SimpleUploadedFile:
    """A Windows executable named with a hostile name (a fresh object for each request: a post reads it)."""
    name = (value or "empty")[:100].replace("\x00", "") or "x"
    return SimpleUploadedFile(name + ".pdf", b"MZ\x90\x00" + b"\x00" * 60, content_type="application/pdf")


@dataclass
class Field:
    name: str
    kind: str  # text, hidden, select, checkbox, radio, file, textarea…
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    def data(self, values: list[str], *, keep_choices: bool) -> dict:
        """The j-th field set to values[j]; with `keep_choices`, lists and hidden fields keep a value of the page."""
        data: dict = {}
        for item, value in zip(self.fields.values(), values, strict=True):
            if item.kind == "file":
                data[item.name] = [hostile_file(value), hostile_file(value)] if item.multiple else hostile_file(value)
            elif keep_choices and item.kind in ("select", "radio", "checkbox") and item.options:
                data[item.name] = item.options[1] if len(item.options) > 1 and not item.options[0] else item.options[0]
            elif keep_choices and item.kind == "hidden":
                data[item.name] = item.value
            elif item.multiple or item.kind == "checkbox":
                data[item.name] = [value, value[::-1]]
            else:
                data[item.name] = value
        return data


class PageParser(HTMLParser):
    """The forms (with their fields) and the same-site links of one page."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.inline: list[str] = []  # inline script or style, which the Content-Security-Policy refuses
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if (tag == "script" and "src" not in attrs and attrs.get("type") != "application/json") or tag == "style":
            self.inline.append(f"<{tag}>")
        self.inline += [f"{key}=" for key in attrs if key.startswith("on") or key == "style"]
        self.inline += [f"{key}=javascript:" for key, value in attrs.items() if value.lower().startswith("javascript:")]
        if tag == "a" and attrs.get("href", "").startswith(("/", "?")):
            self.links.append(urljoin(self.url, attrs["href"]))
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
        elif tag == "form":
            action = urljoin(self.url, attrs.get("action") or self.url)
            self._form = Form(action=action, method=(attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and attrs.get("name"):
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name, fields = attrs["name"], self._form.fields
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if attrs.get("value"):
                    fields.setdefault(name, Field(name, "select", options=[]))
                    fields[name].options.append(attrs["value"])
                return
            known = fields.setdefault(name, Field(name, kind, value=attrs.get("value", "")))
            known.multiple = known.multiple or "multiple" in attrs or (kind == "checkbox" and len(known.options) > 0)
            if kind in ("checkbox", "radio"):
                known.options.append(attrs.get("value", "on"))
        elif tag == "textarea":
            fields.setdefault(name, Field(name, "textarea"))
        elif tag == "select":
            self._select = fields.setdefault(name, Field(name, "select", multiple="multiple" in attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def parse_page(url: str, html: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    parser.close()
    return parser


def query_names(links: list[str]) -> dict[str, set[str]]:
    """Per path, the query parameters its links carry."""
    names: dict[str, set[str]] = {}
    for link in links:
        parts = urlsplit(link)
        if parts.query:
            names.setdefault(parts.path, set()).update(name for name, _ in parse_qsl(parts.query))
    return names


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    keys: tuple[str, ...]


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, with its namespaced name and the names of its arguments."""

    def walk(patterns, prefix: str, namespace: str | None, keys: tuple[str, ...]):
        for pattern in patterns:
            own = keys + tuple(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, own)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
                yield Pattern(name=name, route=prefix + str(pattern.pattern), keys=own)

    return list(walk(get_resolver().url_patterns, "", None, ()))
