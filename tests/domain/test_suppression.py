"""Small-number suppression: small counts hidden, and no hidden count recoverable from the totals shown."""

from caseapp.domain.suppression import Grid, shown, suppress


def _lines(grid, hidden):
    n_rows, n_cols = len(grid.cells), len(grid.cells[0])
    rows = [[(r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)]
    cols = [[(r, c) for r in range(n_rows + 1)] for c in range(n_cols + 1)]
    return rows + cols


def test_three_cases_print_as_under_five_and_cannot_be_derived_from_totals():
    cells = ((3, 12, 9), (20, 7, 15), (11, 30, 8))
    grid = Grid(cells, tuple(map(sum, cells)), tuple(map(sum, zip(*cells))), sum(map(sum, cells)))
    hidden = suppress(grid)
    assert (0, 0) in hidden and shown(3, True) == "<5"
    for line in _lines(grid, hidden):
        assert sum(p in hidden for p in line) != 1, line  # never a lone hidden value in a row or column
    assert shown(12, (0, 1) in hidden) in ("x", "12")


def test_a_one_column_table_hides_a_second_row():
    cells = ((3,), (40,), (25,))
    grid = Grid(cells, None, (68,), None)
    hidden = suppress(grid)
    assert (0, 0) in hidden and (2, 0) in hidden and (1, 0) not in hidden


def test_nothing_small_nothing_hidden_and_zero_stays():
    cells = ((0, 12), (20, 7))
    grid = Grid(cells, (12, 27), (20, 19), 39)
    assert suppress(grid) == set()


def test_a_small_total_is_hidden_too():
    cells = ((2, 1), (0, 0))
    grid = Grid(cells, (3, 0), (2, 1), 3)
    hidden = suppress(grid)
    assert {(0, 0), (0, 1), (0, 2), (2, 0), (2, 1), (2, 2)} <= hidden
