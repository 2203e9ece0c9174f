"""Template filters of the notify pages."""

from django import template

register = template.Library()


@register.filter
def masked(recipient: str) -> str:
    """A phone number or address with its middle hidden: enough to recognise, not to reuse."""
    if not recipient:
        return ""
    if "@" in recipient:
        name, _, domain = recipient.partition("@")
        return f"{name[:1]}•••@{domain}"
    keep = 3 if len(recipient) > 6 else 1
    return recipient[:4] + "•" * max(len(recipient) - 4 - keep, 1) + recipient[-keep:]
