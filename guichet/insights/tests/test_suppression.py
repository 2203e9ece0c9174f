"""Small-cell suppression: no count from 1 to 4 is published, and the subtraction attack recovers none."""

import random

import pytest

from guichet.insights.suppression import TOTAL, determined_cells, grid_from_cells, suppress

from .attack import recover, recoverable


def published(grid):
    return {cell: grid.shown(*cell) for cell in grid.counts}


def hidden_cells(grid):
    return {cell for cell in grid.counts if grid.shown(*cell) is None}


def test_the_attack_recovers_a_small_count_when_only_it_is_hidden():
    # The attack is real: hiding the 3 alone gives it away by subtraction from the region's total.
    grid = grid_from_cells([("A", "F", 3), ("A", "M", 10), ("B", "F", 8), ("B", "M", 12)])
    grid.hidden.add(("A", "F"))
    assert recover(published(grid)) == {("A", "F"): 3}


def test_a_small_count_hides_three_partners_worked_out_by_hand():
    # A: 3 + 10 = 13, B: 8 + 12 = 20, C: 6 + 7 = 13; nation 17 + 29 = 46. The 3 is hidden; its row's smallest
    # other cell (10, a cell before the total 13), its column's (6 in C), and then C's row is closed by 7.
    grid = suppress(
        grid_from_cells([("A", "F", 3), ("A", "M", 10), ("B", "F", 8), ("B", "M", 12), ("C", "F", 6), ("C", "M", 7)])
    )
    assert hidden_cells(grid) == {("A", "F"), ("A", "M"), ("C", "F"), ("C", "M")}
    assert grid.shown("A", TOTAL) == 13
    assert grid.shown(TOTAL, TOTAL) == 46
    assert recoverable(published(grid)) == []


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_every_count_from_1_to_4_is_hidden(count):
    grid = suppress(grid_from_cells([("A", "F", count), ("A", "M", 40), ("B", "F", 30), ("B", "M", 50)]))
    assert grid.shown("A", "F") is None
    assert recoverable(published(grid)) == []


def test_zero_and_five_are_shown():
    grid = suppress(grid_from_cells([("A", "F", 0), ("A", "M", 5), ("B", "F", 30), ("B", "M", 50)]))
    assert hidden_cells(grid) == set()
    assert grid.shown("A", "F") == 0
    assert grid.shown("A", "M") == 5


def test_a_small_total_is_hidden_with_its_parts():
    # Region A served 1 woman and 2 men: its total 3 is small too, and so is the nation's count of men.
    grid = suppress(grid_from_cells([("A", "F", 1), ("A", "M", 2), ("B", "F", 30), ("B", "M", 0)]))
    assert {("A", "F"), ("A", "M"), ("A", TOTAL), (TOTAL, "M")} <= hidden_cells(grid)
    assert all(value is None or not 0 < value < 5 for value in published(grid).values())
    assert recoverable(published(grid)) == []


def test_a_hidden_zero_is_not_the_only_partner_when_a_count_is_there():
    # Row A: 3 women, 0 men. Hiding the 0 beside the 3 would tell "3 at most and the total": the total is hidden.
    grid = suppress(grid_from_cells([("A", "F", 3), ("A", "M", 0), ("B", "F", 30), ("B", "M", 25)]))
    assert grid.shown("A", "M") == 0
    assert grid.shown("A", TOTAL) is None
    assert recoverable(published(grid)) == []


def test_a_region_that_served_no_one_is_shown_as_zero():
    grid = suppress(grid_from_cells([("A", "F", 30), ("A", "M", 40)], row_order=["A", "B"], column_order=["F", "M"]))
    assert grid.shown("B", "F") == 0
    assert grid.shown("B", TOTAL) == 0


def test_a_hidden_cell_that_joins_two_groups_of_hidden_cells_is_not_left_determined():
    # Two 4-cycles of small counts (A,B × F,M and C,D × X,Y) joined by a small count at (A, X): every line holds
    # two hidden cells or more, yet the joining cell is the difference of two known sums. It must be covered.
    counts = {
        ("A", "F"): 2, ("A", "M"): 3, ("B", "F"): 4, ("B", "M"): 2,
        ("C", "X"): 3, ("C", "Y"): 1, ("D", "X"): 2, ("D", "Y"): 4,
        ("A", "X"): 1,
    }  # fmt: skip
    rows, columns = ["A", "B", "C", "D", "E"], ["F", "M", "X", "Y"]
    cells = [(row, column, counts.get((row, column), 20 + 3 * i + j)) for i, row in enumerate(rows)
             for j, column in enumerate(columns)]  # fmt: skip
    grid = suppress(grid_from_cells(cells))
    assert determined_cells(grid) == set()
    assert recoverable(published(grid)) == []


@pytest.mark.parametrize("seed", range(60))
def test_no_hidden_cell_of_a_random_table_can_be_recovered(seed):
    # 12 regions × 2 or 3 sexes, many small counts: every hidden cell survives the attack, no small count shows.
    rng = random.Random(seed)
    regions = [f"MA-{number:02d}" for number in range(1, 13)]
    sexes = ["F", "M", "X"][: rng.choice([1, 2, 3])]
    cells = [(region, sex, rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40, 300])) for region in regions for sex in sexes]
    grid = suppress(grid_from_cells(cells))
    table = published(grid)
    assert all(value is None or not 0 < value < 5 for value in table.values())
    assert recoverable(table) == []
