"""Messages to citizens go through the outbox: written in the same transaction as the event they tell."""


def notify_request_event(*, event) -> list:
    """Queue the text message (and e-mail when known) telling the citizen of this request event.

    Called by the cases services inside the transaction that writes the event, for the events the citizen
    is told of (filed, every status change). Returns the OutboxMessage rows written.
    """
    return []
