"""Small-cell suppression of the published tables: no count from 1 to 4 is shown, nor can one be recomputed.

A published table is a grid of counts (regions × sexes for one year and programme) with its totals: a total
per region, a total per sex for the nation, and the nation's total. Every row and every column of that grid,
totals included, adds up, so a reader who knows all but one cell of a line knows that one too.

Primary suppression hides every count from 1 to 4 (a 0 is shown: it reveals no one). Secondary suppression
then hides more cells until no hidden cell can be worked out from the shown ones by any combination of the
row and column sums: first so that no line holds a single hidden cell (choosing the smallest next count in
that line, a region's cell before a total), then, since two per line is not always enough (a hidden cell that
joins two otherwise separate groups of hidden cells is still determined), by solving the equations exactly and
hiding one more cell beside each cell they still determine, until none is.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

SMALLEST_SHOWN = 5  # a count from 1 to SMALLEST_SHOWN - 1 is never published
TOTAL: Hashable = "__total__"  # the key of the totals row and of the totals column


def is_small(count: int) -> bool:
    return 0 < count < SMALLEST_SHOWN


@dataclass
class Grid:
    """Counts of one published table, totals included (row TOTAL and column TOTAL), and what is hidden."""

    rows: list[Hashable]  # the regions, then TOTAL (the nation)
    columns: list[Hashable]  # the sexes, then TOTAL
    counts: dict[tuple[Hashable, Hashable], int]
    hidden: set[tuple[Hashable, Hashable]] = field(default_factory=set)

    def lines(self) -> list[list[tuple[Hashable, Hashable]]]:
        """Each row and each column, as the cells whose sum is the total among them (the last cell)."""
        by_row = [[(row, column) for column in self.columns] for row in self.rows]
        by_column = [[(row, column) for row in self.rows] for column in self.columns]
        return by_row + by_column

    def shown(self, row: Hashable, column: Hashable) -> int | None:
        cell = (row, column)
        return None if cell in self.hidden else self.counts[cell]


def grid_from_cells(
    cells: Iterable[tuple[Hashable, Hashable, int]],
    *,
    row_order: Iterable[Hashable] = (),
    column_order: Iterable[Hashable] = (),
) -> Grid:
    """The table of (row, column, count) cells with its totals added. `row_order` and `column_order` give the
    order, and the rows or columns to show even without a cell (a region that served no one shows 0).
    """
    rows: dict[Hashable, None] = dict.fromkeys(row_order)
    columns: dict[Hashable, None] = dict.fromkeys(column_order)
    counts: dict[tuple[Hashable, Hashable], int] = {}
    for row, column, count in cells:
        if count < 0:
            raise ValueError(f"a count cannot be negative: {row}, {column}: {count}")
        rows.setdefault(row)
        columns.setdefault(column)
        counts[(row, column)] = counts.get((row, column), 0) + count
    row_keys, column_keys = [*rows, TOTAL], [*columns, TOTAL]
    for row in rows:
        for column in columns:
            counts.setdefault((row, column), 0)
    for row in rows:
        counts[(row, TOTAL)] = sum(counts[(row, column)] for column in columns)
    for column in column_keys:
        counts[(TOTAL, column)] = sum(counts[(row, column)] for row in rows)
    return Grid(row_keys, column_keys, counts)


def suppress(grid: Grid) -> Grid:
    """Hide the small counts of the grid and whatever would give them away (in place; returns the grid)."""
    grid.hidden |= {cell for cell, count in grid.counts.items() if is_small(count)}
    while len(grid.hidden) < len(grid.counts):
        _two_per_line(grid)
        determined = determined_cells(grid)
        if not determined:
            return grid
        grid.hidden.add(_partner(grid, min(determined, key=lambda cell: (grid.counts[cell], str(cell)))))
    return grid


def _two_per_line(grid: Grid) -> None:
    """Hide the smallest next cell of every line that has exactly one hidden cell, until none has."""
    changed = True
    while changed:
        changed = False
        for line in grid.lines():
            hidden = [cell for cell in line if cell in grid.hidden]
            if len(hidden) == 1:
                grid.hidden.add(_smallest_other(grid, line))
                changed = True


def _smallest_other(grid: Grid, line: list[tuple[Hashable, Hashable]]) -> tuple[Hashable, Hashable]:
    """The cell of the line to hide next: a shown one, preferably a non-zero count (a hidden 0 beside a hidden
    3 would still say "at most 3"), the smallest, a region's or a sex's cell before a total."""
    candidates = [cell for cell in line if cell not in grid.hidden]
    return min(
        candidates,
        key=lambda cell: (grid.counts[cell] == 0, TOTAL in cell, grid.counts[cell], str(cell)),
    )


def _partner(grid: Grid, cell: tuple[Hashable, Hashable]) -> tuple[Hashable, Hashable]:
    """A shown cell to hide so that `cell` is no longer determined: the smallest one in its row or column."""
    lines = [line for line in grid.lines() if cell in line]
    candidates = [other for line in lines for other in line if other not in grid.hidden]
    if not candidates:  # every cell of both lines is hidden already: widen to the whole table
        candidates = [other for other in grid.counts if other not in grid.hidden]
    return min(
        candidates,
        key=lambda other: (grid.counts[other] == 0, TOTAL in other, grid.counts[other], str(other)),
    )


def determined_cells(grid: Grid) -> set[tuple[Hashable, Hashable]]:
    """The hidden cells a reader can compute exactly from the shown cells and the sums of rows and columns."""
    unknowns = sorted(grid.hidden, key=str)
    if not unknowns:
        return set()
    index = {cell: position for position, cell in enumerate(unknowns)}
    equations: list[list[Fraction]] = []
    for line in grid.lines():
        # The parts of the line minus its total are 0; only the hidden cells are unknowns.
        *parts, total = line
        coefficients = [Fraction(0)] * len(unknowns)
        for cell in parts:
            if cell in index:
                coefficients[index[cell]] += 1
        if total in index:
            coefficients[index[total]] -= 1
        if any(coefficients):
            equations.append(coefficients)
    free = _null_space(equations, len(unknowns))
    return {cell for cell in unknowns if all(vector[index[cell]] == 0 for vector in free)}


def _null_space(equations: list[list[Fraction]], size: int) -> list[list[Fraction]]:
    """A basis of the solutions of equations · x = 0 (Gauss-Jordan on exact fractions)."""
    matrix = [row[:] for row in equations]
    pivots: list[int] = []
    rank = 0
    for column in range(size):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [value - factor * base for value, base in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(column)
        rank += 1
    basis = []
    for free_column in (column for column in range(size) if column not in pivots):
        vector = [Fraction(0)] * size
        vector[free_column] = Fraction(1)
        for r, pivot_column in enumerate(pivots):
            vector[pivot_column] = -matrix[r][free_column]
        basis.append(vector)
    return basis
