"""The public tracking address of a request: printed as a QR code on the receipt and sent in messages."""

from guichet.common.links import public_url


def tracking_url(*, reference: str) -> str:
    """The absolute address where the citizen tracks this request (it asks only for the date of birth)."""
    return public_url("portal:track_reference", reference=reference)
