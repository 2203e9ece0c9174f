"""What the cases app announces to the apps above it (notify listens), so that cases imports none of them."""

from django.dispatch import Signal

# Sent with `event=` (a cases Event) inside the transaction that writes it, for the events the citizen is told
# of: the filing and every status change. A receiver that raises undoes the write, as a direct call did.
citizen_told = Signal()
