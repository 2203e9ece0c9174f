"""Pages of a long list counted only up to a cap: counting 31,000 open requests on every page costs more than
the page itself, and nobody reads past the first few hundred rows; they narrow the filters instead.

`CappedPaginator(rows, per_page, cap=1000)` counts at most `cap` + 1 rows (a count over a LIMIT, which stops at
the cap in the index); past the cap, `capped` is true, the page says "more than 1,000" and offers the pages of the
first `cap` rows only (includes/pagination.html shows no total then).
"""

from collections.abc import Callable
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet


class KeptRows:
    """A list a paginator pages through, each page and the count read by SQL kept per shape
    (common.kept_reads.KeptQuery) instead of a queryset compiled again on every visit: `page(start, stop)` reads
    the rows from start to stop, `count_up_to(limit)` counts them, at most `limit` (None: all)."""

    def __init__(self, page: Callable[[int, int], list], count_up_to: Callable[[int | None], int]):
        self.page = page
        self.count_up_to = count_up_to

    def __getitem__(self, bounds: slice) -> list[Any]:
        return self.page(bounds.start or 0, bounds.stop)

    def count(self) -> int:
        return self.count_up_to(None)


class CappedPaginator(Paginator):
    def __init__(self, object_list: "QuerySet | KeptRows", per_page: int, *, cap: int):
        super().__init__(cast(Any, object_list), per_page)
        self.rows = object_list
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        if isinstance(self.rows, KeptRows):
            return self.rows.count_up_to(self.cap + 1)
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
