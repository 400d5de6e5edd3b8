"""Small-number suppression for anything that leaves the office.

A count from 1 to threshold-1 is shown as "<threshold" (primary suppression). Because a table shows row and column
totals, a lone hidden cell could be recomputed by subtraction; so whenever a row or column (its total included) has
exactly one hidden value, the smallest other value in it is hidden too (secondary, complementary suppression),
until no row or column has a single hidden value; such a value prints as "x". Zero is shown: it identifies nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD = 5

Pos = tuple[int, int]


@dataclass(frozen=True)
class Grid:
    """A table of counts with its margins: ``cells[r][c]``, ``row_totals[r]``, ``col_totals[c]``, ``grand``.

    A margin may be None when the table does not show it (a one-column table has no separate row totals).
    Margin positions: row totals are column ``len(cols)``, column totals are row ``len(rows)``.
    """

    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...] | None
    col_totals: tuple[int, ...] | None
    grand: int | None


def primary(value: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    return 0 < value < threshold


def suppress(grid: Grid, threshold: int = DEFAULT_THRESHOLD) -> set[Pos]:
    """Positions (row, col) to hide, margins included (see ``Grid`` for their positions)."""
    n_rows, n_cols = len(grid.cells), len(grid.cells[0]) if grid.cells else 0
    value: dict[Pos, int] = {(r, c): v for r, row in enumerate(grid.cells) for c, v in enumerate(row)}
    if grid.row_totals is not None:
        value.update({(r, n_cols): v for r, v in enumerate(grid.row_totals)})
    if grid.col_totals is not None:
        value.update({(n_rows, c): v for c, v in enumerate(grid.col_totals)})
    if grid.grand is not None and grid.row_totals is not None and grid.col_totals is not None:
        value[(n_rows, n_cols)] = grid.grand
    lines: list[list[Pos]] = []
    for r in range(n_rows + 1):
        line = [(r, c) for c in range(n_cols + 1) if (r, c) in value]
        if len(line) > 1 and (r < n_rows or grid.col_totals is not None):
            lines.append(line)
    for c in range(n_cols + 1):
        line = [(r, c) for r in range(n_rows + 1) if (r, c) in value]
        if len(line) > 1:
            lines.append(line)
    hidden = {p for p, v in value.items() if primary(v, threshold)}
    margins = {p for p in value if p[0] == n_rows or p[1] == n_cols}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(p in hidden for p in line) != 1:
                continue
            others = [p for p in line if p not in hidden]
            # Prefer an inner cell with the smallest count above zero, then a zero, then a total.
            others.sort(key=lambda p: (p in margins, value[p] == 0, value[p]))
            if others:
                hidden.add(others[0])
                changed = True
    return hidden


SECONDARY_MARK = "x"


def shown(value: int, hidden: bool, threshold: int = DEFAULT_THRESHOLD) -> str:
    """The printed form: the number, "<5" for a small count, "x" for a value hidden so a small one stays hidden."""
    if not hidden:
        return str(value)
    return f"<{threshold}" if primary(value, threshold) else SECONDARY_MARK
