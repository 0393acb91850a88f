"""Ruled tables on a PDF page: the straight rulings a page draws — cell borders, exported as
stroked lines or as thin filled rectangles — into grids of cells.

- Rulings less than SNAP points apart across (a border drawn twice, the two long sides of
  a 0.5 pt rectangle) are one ruling at their mean position; pieces of one ruling less than
  SNAP apart along it are joined; what is then shorter than MIN_LENGTH is no ruling.
- Rulings that cross one another make one table.
- A table's slots lie between neighbouring horizontal rulings and neighbouring vertical
  ones; slots not parted by a ruling are one (merged) cell. A cell whose outline is open at
  the table's edge is no cell, and a table has at least two cells.
- The table's rows and columns are those where a cell starts (a ruling that only splits
  one cell makes a row in which the other cells are merged).

Sort and sweep; a page with more than MAX_RULINGS rulings, or a table of more than
MAX_SLOTS slots, gives no tables.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down, points)
Ruling = tuple[float, float, float]  # position across, start and end along (top-down, points)

SNAP = 3.0  # points
MIN_LENGTH = 3.0  # points
MAX_RULINGS = 1_500  # a page of ruled tables has a few hundred
MAX_SLOTS = 20_000  # a table of 60 rows and 12 columns has 720


@dataclass(frozen=True)
class GridCell:
    row: int  # 0-based row and column of the cell's top-left slot
    column: int
    box: Box


@dataclass
class Grid:
    box: Box
    rows: list[list[GridCell | None]]  # each slot's cell (a merged cell covers several); None: outside any cell
    _xs: list[float]  # the vertical rulings' positions
    _ys: list[float]  # the horizontal rulings' positions
    _slots: list[list[GridCell | None]]  # the cell of each slot between neighbouring rulings

    def cell_at(self, x: float, y: float) -> GridCell | None:
        row, column = bisect_right(self._ys, y) - 1, bisect_right(self._xs, x) - 1
        if 0 <= row < len(self._slots) and 0 <= column < len(self._slots[0]):
            return self._slots[row][column]
        return None


def find_tables(horizontal: list[Ruling], vertical: list[Ruling]) -> list[Grid]:
    """The ruled tables among ``horizontal`` (y, x0, x1) and ``vertical`` (x, top, bottom)
    rulings, top to bottom."""
    horizontal, vertical = _merge(horizontal), _merge(vertical)
    if len(horizontal) + len(vertical) > MAX_RULINGS:
        return []
    grids = [_grid(h, v) for h, v in _crossing(horizontal, vertical)]
    return sorted((grid for grid in grids if grid is not None), key=lambda grid: (grid.box[1], grid.box[0]))


def _merge(rulings: list[Ruling]) -> list[Ruling]:
    """Rulings snapped together across and joined along, sorted by position."""
    out: list[Ruling] = []
    group: list[Ruling] = []
    for ruling in sorted(rulings):
        if group and ruling[0] - group[-1][0] > SNAP:
            out += _join(group)
            group = []
        group.append(ruling)
    return out + _join(group) if group else out


def _join(group: list[Ruling]) -> list[Ruling]:
    at = sum(ruling[0] for ruling in group) / len(group)
    pieces: list[list[float]] = []
    for start, end in sorted((ruling[1], ruling[2]) for ruling in group):
        if pieces and start <= pieces[-1][1] + SNAP:
            pieces[-1][1] = max(pieces[-1][1], end)
        else:
            pieces.append([start, end])
    return [(at, start, end) for start, end in pieces if end - start >= MIN_LENGTH]


def _crossing(horizontal: list[Ruling], vertical: list[Ruling]) -> list[tuple[list[Ruling], list[Ruling]]]:
    """The rulings in groups that cross one another (each horizontal meets the verticals
    found by bisection within its length)."""
    sets = _DisjointSets(len(horizontal) + len(vertical))
    xs = [ruling[0] for ruling in vertical]  # sorted, as _merge returns them
    for h, (y, x0, x1) in enumerate(horizontal):
        for v in range(bisect_left(xs, x0 - SNAP), bisect_right(xs, x1 + SNAP)):
            _, top, bottom = vertical[v]
            if top - SNAP <= y <= bottom + SNAP:
                sets.join(h, len(horizontal) + v)
    groups: dict[int, tuple[list[Ruling], list[Ruling]]] = {}
    for h, ruling in enumerate(horizontal):
        groups.setdefault(sets.find(h), ([], []))[0].append(ruling)
    for v, ruling in enumerate(vertical):
        groups.setdefault(sets.find(len(horizontal) + v), ([], []))[1].append(ruling)
    return [(h, v) for h, v in groups.values() if len(h) >= 2 and len(v) >= 2]


def _grid(horizontal: list[Ruling], vertical: list[Ruling]) -> Grid | None:
    ys = sorted({ruling[0] for ruling in horizontal})
    xs = sorted({ruling[0] for ruling in vertical})
    rows, columns = len(ys) - 1, len(xs) - 1
    if rows * columns > MAX_SLOTS:
        return None
    across_h, across_v = _Pieces(horizontal), _Pieces(vertical)

    def ruled_down(i: int, r: int) -> bool:  # the vertical ruling at xs[i] runs along row r
        return across_v.cover(xs[i], ys[r], ys[r + 1])

    def ruled_across(i: int, c: int) -> bool:  # the horizontal ruling at ys[i] runs along column c
        return across_h.cover(ys[i], xs[c], xs[c + 1])

    # Slots (row * columns + column) joined into cells where no ruling parts them; a cell
    # reaching an edge of the grid where no ruling closes it is open.
    sets = _DisjointSets(rows * columns)
    open_slots = []
    for r in range(rows):
        for c in range(columns):
            slot = r * columns + c
            if c + 1 < columns and not ruled_down(c + 1, r):
                sets.join(slot, slot + 1)
            if r + 1 < rows and not ruled_across(r + 1, c):
                sets.join(slot, slot + columns)
            if (
                (c == 0 and not ruled_down(0, r))
                or (c + 1 == columns and not ruled_down(columns, r))
                or (r == 0 and not ruled_across(0, c))
                or (r + 1 == rows and not ruled_across(rows, c))
            ):
                open_slots.append(slot)
    spans: dict[int, list[int]] = {}  # cell -> [first row, first column, last row, last column]
    for slot in range(rows * columns):
        r, c = divmod(slot, columns)
        span = spans.setdefault(sets.find(slot), [r, c, r, c])
        span[2], span[3] = max(span[2], r), max(span[3], c)  # slots come row by row: the first is top left
        span[1] = min(span[1], c)
    for slot in open_slots:
        spans.pop(sets.find(slot), None)
    if len(spans) < 2:
        return None
    first_rows = sorted({span[0] for span in spans.values()})
    first_columns = sorted({span[1] for span in spans.values()})
    row_of = {r: i for i, r in enumerate(first_rows)}
    column_of = {c: j for j, c in enumerate(first_columns)}
    cells = {
        key: GridCell(row_of[r0], column_of[c0], (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
        for key, (r0, c0, r1, c1) in spans.items()
    }
    slots = [[cells.get(sets.find(r * columns + c)) for c in range(columns)] for r in range(rows)]
    boxes = [cell.box for cell in cells.values()]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Grid(box, [[slots[r][c] for c in first_columns] for r in first_rows], xs, ys, slots)


class _Pieces:
    """The pieces of the rulings at each position, for asking whether one covers a stretch."""

    def __init__(self, rulings: list[Ruling]) -> None:
        self.pieces: dict[float, list[tuple[float, float]]] = {}
        for at, start, end in rulings:  # sorted and apart, as _merge returns them
            self.pieces.setdefault(at, []).append((start, end))
        self.starts = {at: [start for start, _ in pieces] for at, pieces in self.pieces.items()}

    def cover(self, at: float, start: float, end: float) -> bool:
        tolerance = min(SNAP, (end - start) / 3)
        index = bisect_right(self.starts[at], start + tolerance) - 1
        return index >= 0 and self.pieces[at][index][1] >= end - tolerance


class _DisjointSets:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)
