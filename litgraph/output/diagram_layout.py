"""Where the model figure's constructs stand, how its arrows run and where their labels go.

Graphviz cannot end an arrow on the middle of another arrow, keep a moderator's arrow clear of
the paths it does not act on, or promise that labels clear every line, so the whole figure is
computed here and Graphviz (`layout=nop2`) only draws it:

1. Columns by rank (independents left of mediators, mediators left of outcomes); an arrow that
   skips a column passes it through a waypoint ordered like a construct (`diagram_order`).
2. Arrows: S-curves, gap by gap, from ports spread along the boxes' sides.
3. Each moderation: a junction dot in the middle of the path it acts on (between 42 % and 58 % of
   its length), the moderator in a row above or below the model, its arrow onto the dot. Where
   the dot sits, the shapes of the curves around it and the angle the arrow arrives at are
   chosen (coordinate descent on a penalty) so that no other line passes near the dot or the
   arrow's end, the arrow meets its path steeply and crosses as few lines as it can; if that
   fails, a column is spread taller and the search runs again.
4. Labels (`diagram_labels`); when one finds no clear spot the whole figure is laid out again
   with more room.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from . import diagram_labels
from .diagram_geometry import (
    Box,
    Path,
    Point,
    box_around,
    line,
    point_path,
    segments_cross,
)
from .diagram_order import heights, is_waypoint, layers, mean, order
from .diagram_penalty import CLEAR, Geometry, penalty

Size = tuple[float, float]

ARROW = 8.0  # length of an arrowhead (Graphviz's 10 points times arrowsize 0.8)
DOT = 2.5  # radius of a junction dot
PORT = 10.0  # between the ends of two arrows on one side of a box
CORNER = 7.0  # no arrow ends this near a box's corner (its rounding)
CHANNEL = 20.0  # height a waypoint takes in its column
NEAR = 3 * CLEAR  # curves this near a junction may be reshaped to clear it
CROWDED = 50.0  # more room in a gap for each junction beyond the first
# The choices the search makes, the default first, and what leaving the default costs.
WINDOWS = ((0.0, 1.0), (0.0, 0.8), (0.2, 1.0), (0.0, 0.6), (0.4, 1.0))  # x-range of an S-curve's rise
MIDDLES = (0.5, 0.45, 0.55, 0.42, 0.58)  # where along its path (by length) a junction sits
# The direction a moderator's arrow arrives in: upright, or 30 or 45 degrees from it either way.
APPROACHES = ((0.0, 1.0), (0.5, 0.866), (-0.5, 0.866), (0.7071, 0.7071), (-0.7071, 0.7071))
SHIFTS = (0.0, -60.0, 60.0, -120.0, 120.0)  # a moderator's box sideways from over its junctions
OPTIONS = {"window": WINDOWS, "middle": MIDDLES, "approach": APPROACHES, "shift": SHIFTS}
STRETCHES = (1.7, 2.4)  # how much taller a column is spread when the search alone cannot clear a junction
STRETCH_COST = 6.0  # penalty per unit of stretch
TOLERABLE = 4.0  # a penalty this low (less crossings) needs no stretching
ROUNDS = 3  # of coordinate descent, at most
ATTEMPTS = 6


@dataclass(slots=True)
class Drawing:
    """What the figure shows, in sizes: the input of the layout."""

    sizes: dict[str, Size]  # construct → box size, in the order constructs are listed
    ranks: dict[str, int]  # column of each construct on an arrow
    arrows: list[tuple[str, str]]
    arrow_labels: list[Size]
    moderations: list[tuple[str, int]]  # moderator, index of the arrow it acts on
    moderation_labels: list[Size]


@dataclass(slots=True)
class Scene:
    """The figure laid out, y growing downwards."""

    boxes: dict[str, Box]
    arrows: list[Path]
    junctions: dict[int, Point]  # arrow index → the dot its moderators' arrows end on
    moderations: list[Path]
    arrow_labels: list[Point]  # centres
    moderation_labels: list[Point]
    misfits: int = 0  # labels that found no clear spot


@dataclass(slots=True)
class Spacing:
    gap: float = 150.0  # between columns
    row: float = 34.0  # between boxes in a column
    lift: float = 60.0  # between the model and a row of moderators

    def wider(self) -> Spacing:
        return Spacing(self.gap + 30, self.row + 10, self.lift + 12)


def lay_out(drawing: Drawing) -> Scene:
    """The first layout whose labels all fit, widening the spacing up to ATTEMPTS times."""
    drawing = _room_for_ports(drawing)
    spacing, best = Spacing(), None
    for _ in range(ATTEMPTS):
        scene = _best_layout(drawing, spacing).scene()
        if best is None or scene.misfits < best.misfits:
            best = scene
        if not scene.misfits:
            break
        spacing = spacing.wider()
    assert best is not None
    return best


def _room_for_ports(drawing: Drawing) -> Drawing:
    """Boxes tall enough for the arrows that leave or reach one side, PORT apart."""
    ends: dict[tuple[str, int], int] = {}
    for arrow in drawing.arrows:
        for side, cid in enumerate(arrow):
            ends[(cid, side)] = ends.get((cid, side), 0) + 1
    sizes = {
        cid: (w, max(h, (max(ends.get((cid, 0), 0), ends.get((cid, 1), 0)) - 1) * PORT + 2 * CORNER))
        for cid, (w, h) in drawing.sizes.items()
    }
    return replace(drawing, sizes=sizes)


def _best_layout(drawing: Drawing, spacing: Spacing) -> _Layout:
    base = _Layout(drawing, spacing)
    base.arrange()
    best, (score, fixed) = base, base.search()
    if score - fixed > TOLERABLE:  # stretching brings lines apart; it cannot undo crossings or choices
        for rank in (r for r, members in base.columns.items() if len(members) > 1):
            for factor in STRETCHES:  # the next only if this one helped
                trial = base.stretched(rank, factor)
                trial_score = trial.search()[0] + STRETCH_COST * (factor - 1)
                if trial_score >= score - 1e-6:
                    break
                best, score = trial, trial_score
    return best


@dataclass(slots=True)
class _Layout:
    drawing: Drawing
    spacing: Spacing
    stretch: dict[int, float] = field(default_factory=dict)  # column → factor on its spacing
    columns: dict[int, list[str]] = field(default_factory=dict)
    column: dict[str, int] = field(default_factory=dict)  # item → its column
    chains: list[list[str]] = field(default_factory=list)  # per arrow: source, waypoints, target
    y: dict[str, float] = field(default_factory=dict)
    left: dict[int, float] = field(default_factory=dict)  # x of each column's left and right edge
    right: dict[int, float] = field(default_factory=dict)
    boxes: dict[str, Box] = field(default_factory=dict)
    ports: dict[tuple[int, int], float] = field(default_factory=dict)  # (arrow, 0 | -1) → y of its end
    # The option chosen (index into OPTIONS), by ("window", arrow, gap), ("middle", arrow),
    # ("approach", moderation) or ("shift", moderator); absent means the default.
    choice: dict[tuple, int] = field(default_factory=dict)
    below: set[str] = field(default_factory=set)  # moderators drawn under the model
    cache: dict = field(default_factory=dict)

    def arrange(self) -> None:
        d = self.drawing
        self.columns, self.column, self.chains = layers(list(d.sizes), d.ranks, d.arrows)
        order(self.columns, self.column, self.chains, self._pure_moderations())
        self._settle()

    def stretched(self, rank: int, factor: float) -> _Layout:
        other = _Layout(self.drawing, self.spacing, {rank: factor})
        other.columns = {r: members[:] for r, members in self.columns.items()}
        other.column, other.chains = self.column, self.chains
        other._settle()
        return other

    def _settle(self) -> None:
        self._heights()
        self._place()
        self._choose_sides()

    def scene(self) -> Scene:
        d = self.drawing
        arrows, junctions, mod_boxes, mods = self._draw()
        self._place_loose(mod_boxes, arrows, mods)
        boxes = self.boxes | mod_boxes
        dots = [box_around(j, (2 * DOT, 2 * DOT)) for j in junctions.values()]
        sizes = d.arrow_labels + d.moderation_labels
        centres, misfits = diagram_labels.place(arrows + mods, sizes, len(mods), [*boxes.values(), *dots])
        n = len(arrows)
        return Scene(boxes, arrows, junctions, mods, centres[:n], centres[n:], misfits)

    def _option(self, kind: str, *key):
        return OPTIONS[kind][self.choice.get((kind, *key), 0)]

    # --- columns and heights -----------------------------------------------------------

    def _pure_moderations(self) -> list[tuple[str, int]]:
        """Moderations by constructs on no arrow, which stand in a row of their own."""
        return [(m, i) for m, i in self.drawing.moderations if m not in self.drawing.ranks]

    def _heights(self) -> None:
        self.y = heights(self.columns, self.chains, self._separations)

    def _separations(self, members: list[str]) -> list[float]:
        seps, factor = [0.0], self.stretch.get(self.column[members[0]], 1.0)
        for a, b in zip(members, members[1:], strict=False):
            room = (
                self.spacing.row
                if a in self.drawing.sizes and b in self.drawing.sizes
                else self.spacing.row / 2
            )
            seps.append(factor * ((self._height(a) + self._height(b)) / 2 + room))
        return seps

    def _height(self, item: str) -> float:
        return CHANNEL if is_waypoint(item) else self.drawing.sizes[item][1]

    def _place(self) -> None:
        """Columns' x from their widest box; ports: a box's arrows leave and arrive in the order of
        the heights they come from or go to, so that they do not cross at the box."""
        x = 0.0
        for rank in sorted(self.columns):
            real = [c for c in self.columns[rank] if not is_waypoint(c)]
            width = max(self.drawing.sizes[c][0] for c in real)
            self.left[rank], self.right[rank] = x, x + width
            for cid in real:
                self.boxes[cid] = box_around((x + width / 2, self.y[cid]), self.drawing.sizes[cid])
            x += width + self.spacing.gap + CROWDED * max(0, self._junctions_in_gap(rank) - 1)
        for cid, box in self.boxes.items():
            for end, step in ((0, 1), (-1, -2)):
                ends = [i for i, chain in enumerate(self.chains) if chain[end] == cid]
                ends.sort(key=lambda i: (self.y[self.chains[i][step]], self.y[self.chains[i][-1 - end]], i))
                pitch = min(PORT, (box[3] - box[1] - 2 * CORNER) / (len(ends) - 1)) if len(ends) > 1 else 0.0
                for n, i in enumerate(ends):
                    self.ports[(i, end)] = self.y[cid] + (n - (len(ends) - 1) / 2) * pitch

    def _junctions_in_gap(self, rank: int) -> int:
        """How many moderated paths have their middle in the gap after this column."""
        moderated = [self.chains[i] for i in dict.fromkeys(i for _, i in self.drawing.moderations)]
        return sum(1 for c in moderated if len(c) % 2 == 0 and self.column[c[len(c) // 2 - 1]] == rank)

    def _place_loose(self, mod_boxes: dict[str, Box], arrows: list[Path], mods: list[Path]) -> None:
        """Constructs on no arrow that moderate nothing: a row under everything else."""
        placed = [*self.boxes.values(), *mod_boxes.values()]
        bottom = max([b[3] for b in placed] + [p.bounds[3] for p in arrows + mods], default=0.0)
        loose = [c for c in self.drawing.sizes if c not in self.boxes and c not in mod_boxes]
        middle = bottom + self.spacing.row + max((self.drawing.sizes[c][1] for c in loose), default=0.0) / 2
        x = min((b[0] for b in placed), default=0.0)
        for cid in loose:
            w, h = self.drawing.sizes[cid]
            self.boxes[cid] = (x, middle - h / 2, x + w, middle + h / 2)
            x += w + 24

    # --- arrows ------------------------------------------------------------------------

    def _arrow(self, i: int) -> Path:
        key = (i, tuple(self.choice.get(("window", i, k), 0) for k in range(len(self.chains[i]) - 1)))
        if key not in self.cache:
            self.cache[key] = self._route(i)
        return self.cache[key]

    def _route(self, i: int) -> Path:
        chain = self.chains[i]
        points: list[Point] = [(self.boxes[chain[0]][2], self.ports[(i, 0)])]
        for k, item in enumerate(chain[1:], 1):
            x0, y0 = points[-1]
            last = k == len(chain) - 1
            x1 = self.left[self.column[item]] if is_waypoint(item) else self.boxes[item][0]
            y1 = self.ports[(i, -1)] if last else self.y[item]
            points += _s_curve((x0, y0), (x1 - ARROW if last else x1, y1), self._option("window", i, k - 1))
            if not last:
                points += line((x1, y1), (self.right[self.column[item]], y1))
        return Path(points, (self.boxes[chain[-1]][0], self.ports[(i, -1)]))

    def _junctions(self, arrows: list[Path]) -> dict[int, tuple[Point, Point]]:
        """Arrow index → its junction and the path's direction there."""
        return {i: arrows[i].at(self._option("middle", i)) for _, i in self.drawing.moderations}

    def _draw(self) -> tuple[list[Path], dict[int, Point], dict[str, Box], list[Path]]:
        arrows = [self._arrow(i) for i in range(len(self.chains))]
        junctions = {i: point for i, (point, _) in self._junctions(arrows).items()}
        top, bottom = self._extent(arrows)
        mod_boxes = self._moderator_boxes(junctions, top, bottom)
        return arrows, junctions, mod_boxes, self._moderator_paths(junctions, self.boxes | mod_boxes)

    def _extent(self, arrows: list[Path]) -> tuple[float, float]:
        tops = [b[1] for b in self.boxes.values()] + [p.bounds[1] for p in arrows]
        bottoms = [b[3] for b in self.boxes.values()] + [p.bounds[3] for p in arrows]
        return min(tops, default=0.0), max(bottoms, default=0.0)

    # --- moderators ----------------------------------------------------------------------

    def _choose_sides(self) -> None:
        """A moderator goes above the model unless its arrows would cross fewer lines from below."""
        arrows = [self._arrow(i) for i in range(len(self.chains))]
        top, bottom = self._extent(arrows)
        count: dict[str, list[int]] = {}
        for moderator, i in self._pure_moderations():
            x, y = arrows[i].at(0.5)[0]
            tally = count.setdefault(moderator, [0, 0])
            for side, end in ((0, top - 1), (1, bottom + 1)):
                ray = ((x, y), (x, end))
                tally[side] += sum(
                    sum(1 for a, b in p.segments() if segments_cross(*ray, a, b))
                    for k, p in enumerate(arrows)
                    if k != i
                )
                tally[side] += 3 * sum(1 for box in self.boxes.values() if _vertical_hits(box, x, y, end))
        self.below = {m for m, (up, down) in count.items() if down < up}

    def _moderator_boxes(self, junctions: dict[int, Point], top: float, bottom: float) -> dict[str, Box]:
        """Each moderator over (or under) the mean of its junctions, pushed apart in its row."""
        xs: dict[str, list[float]] = {}
        for moderator, i in self._pure_moderations():
            xs.setdefault(moderator, []).append(junctions[i][0])
        boxes: dict[str, Box] = {}
        for side in (False, True):
            edge = -math.inf
            for moderator in sorted(
                (m for m in xs if (m in self.below) == side), key=lambda m: mean(xs[m], 0)
            ):
                w, h = self.drawing.sizes[moderator]
                x = max(mean(xs[moderator], 0.0) + self._option("shift", moderator), edge + 24 + w / 2)
                y = bottom + self.spacing.lift + h / 2 if side else top - self.spacing.lift - h / 2
                boxes[moderator] = box_around((x, y), (w, h))
                edge = x + w / 2
        return boxes

    def _moderator_paths(self, junctions: dict[int, Point], boxes: dict[str, Box]) -> list[Path]:
        """From the side of the moderator's box that faces the junction to the junction's dot,
        leaving upright and arriving in the chosen direction."""
        paths: list[Path] = []
        d = self.drawing
        for j, (moderator, i) in enumerate(d.moderations):
            box = boxes[moderator]
            jx, jy = junctions[i]
            siblings = sorted(
                (k for k, (m, _) in enumerate(d.moderations) if m == moderator),
                key=lambda k: (junctions[d.moderations[k][1]][0], k),
            )
            pitch = min(1.5 * PORT, (box[2] - box[0] - 16) / max(1, len(siblings) - 1))
            px = (box[0] + box[2]) / 2 + (siblings.index(j) - (len(siblings) - 1) / 2) * pitch
            py, s = (box[3], 1.0) if jy > (box[1] + box[3]) / 2 else (box[1], -1.0)
            dx, dy = self._option("approach", j)
            tip = (jx - dx * DOT, jy - s * dy * DOT)
            base = (tip[0] - dx * ARROW, tip[1] - s * dy * ARROW)
            depart = abs(base[1] - py) / 2
            arrive = min(depart, 50.0)
            c1, c2 = (px, py + s * depart), (base[0] - dx / dy * arrive, base[1] - s * arrive)
            paths.append(Path([(px, py), c1, c2, base], tip))
        return paths

    # --- choosing shapes ----------------------------------------------------------------

    def search(self) -> tuple[float, float]:
        """Coordinate descent over where junctions sit, the S-curves' windows in the gaps that hold
        a junction, the directions moderators' arrows arrive in and where moderators stand; the
        penalty it reached, and the part of it more room would not lower (crossings, the choices' costs)."""
        if not self.drawing.moderations:
            return 0.0, 0.0
        arrows = [self._arrow(i) for i in range(len(self.chains))]
        choices: list[tuple] = [("middle", i) for i in dict.fromkeys(i for _, i in self.drawing.moderations)]
        choices += [("approach", j) for j in range(len(self.drawing.moderations))]
        choices += [("shift", m) for m in dict.fromkeys(m for m, _ in self._pure_moderations())]
        for moderated, (junction, _) in self._junctions(arrows).items():  # the curves near a junction
            gap = next((r for r in self.right if self.right[r] < junction[0] < self.left.get(r + 1, 0)), None)
            choices += [
                ("window", i, k)
                for i, chain in enumerate(self.chains)
                for k, item in enumerate(chain[:-1])
                if self.column[item] == gap
                and (i == moderated or point_path(junction, arrows[i], NEAR) < NEAR)
                and ("window", i, k) not in choices
            ]
        best = self._penalty()
        for _ in range(ROUNDS):
            start = best
            for key in choices:
                current = self.choice.get(key, 0)
                for option in range(len(OPTIONS[key[0]])):
                    if option == current or best[0] == 0:
                        continue
                    self.choice[key] = option
                    score = self._penalty()
                    if score[0] < best[0] - 1e-6:
                        best, current = score, option
                self.choice[key] = current
            if best == start:
                break
        return best

    def _penalty(self) -> tuple[float, float]:
        arrows, _, mod_boxes, mods = self._draw()
        reshaped = [key[1] for key, n in self.choice.items() if key[0] == "window" and n]
        geometry = Geometry(
            arrows, self._junctions(arrows), self.drawing.moderations, mods, self.boxes | mod_boxes, reshaped
        )
        score, crossed = penalty(geometry)
        costs = sum(_COSTS[key[0]](OPTIONS[key[0]][n]) for key, n in self.choice.items() if n)
        return score + costs, crossed + costs


# What leaving a default option costs: a little, so that defaults win ties.
_COSTS = {
    "window": lambda _: 2.0,
    "middle": lambda fraction: 40 * abs(fraction - 0.5),
    "approach": lambda _: 1.0,
    "shift": lambda by: abs(by) / 30,
}


def _s_curve(a: Point, b: Point, window: tuple[float, float]) -> list[Point]:
    """From a to b leaving and arriving level, the change of height within the window's x-range."""
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) < 0.5:
        return line(a, b)
    start, stop = x0 + window[0] * (x1 - x0), x0 + window[1] * (x1 - x0)
    middle = (start + stop) / 2
    points = line(a, (start, y0)) if window[0] > 0 else []
    points += [(middle, y0), (middle, y1), (stop, y1)]
    return points + (line((stop, y1), b) if window[1] < 1 else [])


def _vertical_hits(box: Box, x: float, y0: float, y1: float) -> bool:
    low, high = min(y0, y1), max(y0, y1)
    return box[0] < x < box[2] and box[1] < high and low < box[3]
