"""Reads of the message templates and the outbox, with who may see them."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator

from guichet.accounts.permissions import can_manage_messages
from guichet.common.exceptions import NotAllowed

from .defaults import TRIGGERS, default_text
from .models import Channel, MessageTemplate, OutboxMessage

OUTBOX_PAGE_SIZE = 50


def languages() -> list[str]:
    """The languages messages are written in: those of the site (a new one gets French until written)."""
    return [code for code, _ in settings.LANGUAGES]


def message_template_for(*, trigger: str, language: str, channel: str) -> tuple[str, str] | None:
    """(subject, body) to send: the template of the language (edited, else shipped), else the French one."""
    fallback = settings.LANGUAGE_CODE
    rows = {
        row.language: row
        for row in MessageTemplate.objects.filter(trigger=trigger, channel=channel, language__in=[language, fallback])
    }
    for code in (language, fallback):
        if code in rows:
            return rows[code].subject, rows[code].body
        shipped = default_text(trigger=trigger, language=code, channel=channel)
        if shipped is not None:
            return shipped
    return None


@dataclass(frozen=True)
class TemplateCell:
    trigger: str
    language: str
    channel: str
    template: MessageTemplate | None


def message_template_grid(*, viewer) -> list[TemplateCell]:
    """Every trigger × language × channel, with its template when one is written; one query."""
    if not can_manage_messages(viewer):
        raise NotAllowed
    existing = {(t.trigger, t.language, t.channel): t for t in MessageTemplate.objects.all()}
    return [
        TemplateCell(trigger, language, channel, existing.get((trigger, language, channel)))
        for trigger in TRIGGERS
        for language in languages()
        for channel in Channel.values
    ]


def message_template_get(*, viewer, trigger: str, language: str, channel: str) -> MessageTemplate | None:
    if not can_manage_messages(viewer):
        raise NotAllowed
    return MessageTemplate.objects.filter(trigger=trigger, language=language, channel=channel).first()


def outbox_page(*, viewer, status: str = "", page_number=1) -> Page:
    """The latest messages first, optionally of one status, with their request reference; paginated."""
    if not can_manage_messages(viewer):
        raise NotAllowed
    messages = OutboxMessage.objects.select_related("event__request").order_by("-created_at", "-pk")
    if status in OutboxMessage.Status.values:
        messages = messages.filter(status=status)
    return Paginator(messages, OUTBOX_PAGE_SIZE).get_page(page_number)
