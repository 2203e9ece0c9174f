"""What the person search finds besides persons: apps above the registry (a request's reference, in cases)
register a lookup in their AppConfig.ready, so that the search box leads to what was typed."""

from collections.abc import Callable

# A lookup takes the viewer and the text typed and returns the address of what it names, only when the
# viewer may open it (None otherwise: the search then shows its usual results and reveals nothing).
SearchLookup = Callable[..., str | None]

_lookups: list[SearchLookup] = []


def search_lookup_register(lookup: SearchLookup) -> None:
    if lookup not in _lookups:
        _lookups.append(lookup)


def search_lookup(*, viewer, text: str) -> str | None:
    """The address of the first thing a registered lookup finds for the text, else None."""
    for lookup in _lookups:
        address = lookup(viewer=viewer, text=text)
        if address:
            return address
    return None
