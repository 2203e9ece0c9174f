"""Pages of a long list counted only up to a cap: counting 31,000 open requests on every page costs more than
the page itself, and nobody reads past the first few hundred rows; they narrow the filters instead.

`CappedPaginator(rows, per_page, cap=1000)` counts at most `cap` + 1 rows (a count over a LIMIT, which stops at
the cap in the index); past the cap, `capped` is true, the page says "more than 1,000" and offers the pages of the
first `cap` rows only (includes/pagination.html shows no total then).
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int):
        super().__init__(object_list, per_page)
        self.rows = object_list
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # Unordered: the count stops at the cap in whichever index finds the rows, instead of following the
        # list's order (an index on the date scanned back through every territory's entries for the audit list).
        return self.rows.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """True when there are more rows than the cap (the count shown is then a lower bound)."""
        return self._counted > self.cap
