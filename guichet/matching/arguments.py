"""Command-line values the matching commands share (match_file, match_persons)."""


def probability(text: str) -> float:
    """A --threshold: a number from 0 to 1 (argparse turns the ValueError into a clear usage error)."""
    value = float(text)
    if not 0 <= value <= 1:
        raise ValueError(text)
    return value
