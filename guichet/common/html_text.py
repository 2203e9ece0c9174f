"""HTML written in Python: the escaping of Django's `conditional_escape`, without its cost per call.

Django's `escape` checks every call's arguments for lazy translations before escaping (`keep_lazy`): on pages that
write their rows in Python (the queue, the audit list, form fields) that check cost more than the escaping, about
a thousand calls a page. `escaped` gives the same text for the same value: a value marked safe is kept as it is,
anything else (a lazy translation included) is turned into text and escaped as Django does (`& < > " '`). What is
written with it is marked safe with `SafeString(...)` rather than `mark_safe`, which makes the same check.
"""

from html import escape as _escape_text


def escaped(value: object) -> str:
    """`value` as HTML: kept when it is already (it has `__html__`), else its text escaped."""
    if value.__class__ is str:  # plain text, most calls: nothing to ask it
        return _escape_text(value)  # type: ignore[arg-type]
    if hasattr(value, "__html__"):
        return value.__html__()  # type: ignore[no-any-return]
    text = str(value)
    if hasattr(text, "__html__"):  # a lazy value whose text is marked safe (Django's password rules, say)
        return text
    return _escape_text(text)
