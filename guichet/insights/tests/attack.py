"""The subtraction attack on a published table, written apart from the suppression it attacks.

A reader who has the published grid (every row and column adds up to its total) writes one linear equation per
line, with the hidden cells as unknowns, and solves: a hidden cell is recovered when its unit vector lies in
the row space of those equations (adding it does not raise the rank).
"""

import numpy as np

TOTAL = "__total__"


def recoverable(table: dict[tuple[str, str], int | None]) -> list[tuple[str, str]]:
    """The hidden cells (value None) of a grid {(row, column): count}, totals under TOTAL, that the equations
    of its rows and columns determine."""
    rows = sorted({row for row, _ in table}, key=lambda key: (key == TOTAL, key))
    columns = sorted({column for _, column in table}, key=lambda key: (key == TOTAL, key))
    unknowns = [cell for cell, value in table.items() if value is None]
    if not unknowns:
        return []
    index = {cell: position for position, cell in enumerate(unknowns)}
    lines = [[(row, column) for column in columns] for row in rows]
    lines += [[(row, column) for row in rows] for column in columns]
    equations = []
    for line in lines:
        *parts, total = line
        coefficients = np.zeros(len(unknowns))
        for cell in parts:
            if cell in index:
                coefficients[index[cell]] += 1
        if total in index:
            coefficients[index[total]] -= 1
        equations.append(coefficients)
    system = np.array(equations)
    rank = np.linalg.matrix_rank(system)
    found = []
    for cell, position in index.items():
        unit = np.zeros(len(unknowns))
        unit[position] = 1
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            found.append(cell)
    return found


def recover(table: dict[tuple[str, str], int | None]) -> dict[tuple[str, str], int]:
    """The value the attacker computes for each recoverable cell (least squares on the shown values: exact on the
    cells the equations determine)."""
    rows = sorted({row for row, _ in table}, key=lambda key: (key == TOTAL, key))
    columns = sorted({column for _, column in table}, key=lambda key: (key == TOTAL, key))
    unknowns = [cell for cell, value in table.items() if value is None]
    index = {cell: position for position, cell in enumerate(unknowns)}
    lines = [[(row, column) for column in columns] for row in rows]
    lines += [[(row, column) for row in rows] for column in columns]
    matrix, constants = [], []
    for line in lines:
        *parts, total = line
        coefficients, constant = np.zeros(len(unknowns)), 0.0
        for cell in parts:
            if cell in index:
                coefficients[index[cell]] += 1
            else:
                constant -= table[cell] or 0  # shown, so never None
        if total in index:
            coefficients[index[total]] -= 1
        else:
            constant += table[total] or 0
        matrix.append(coefficients)
        constants.append(constant)
    solution = np.linalg.lstsq(np.array(matrix), np.array(constants), rcond=None)[0]
    return {cell: round(float(solution[index[cell]])) for cell in recoverable(table)}
