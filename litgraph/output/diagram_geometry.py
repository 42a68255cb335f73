"""Plane geometry for the model figure: paths made of cubic Bézier pieces, boxes, distances.

The figure's layout (`diagram_layout`) places everything itself and hands Graphviz finished
paths, so it must be able to ask how far a label is from a path or whether two paths cross.
Points are in points (1/72 in), y growing downwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom

SAMPLES = 12  # straight pieces per Bézier piece when a path is measured


def cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    s = 1 - t
    a, b, c, d = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
    return (
        a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
        a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
    )


def line(a: Point, b: Point) -> list[Point]:
    """A straight stretch as the three further points of a Bézier piece."""
    return [
        (a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
        (b[0] - (b[0] - a[0]) / 3, b[1] - (b[1] - a[1]) / 3),
        b,
    ]


@dataclass(slots=True)
class Path:
    """A start point and cubic pieces (three points each), as Graphviz's `pos` spells a spline;
    `tip` is where the arrowhead after the last point ends."""

    points: list[Point]
    tip: Point | None = None
    polyline: list[Point] = field(default_factory=list)  # the spline measured, then the arrowhead
    lengths: list[float] = field(default_factory=list)  # arc length at each polyline point (spline only)
    bounds: Box = (0.0, 0.0, 0.0, 0.0)
    pieces: list[tuple[Point, Point, Box]] = field(default_factory=list)  # polyline segments and their boxes
    groups: list[tuple[Box, list]] = field(default_factory=list)  # runs of SAMPLES pieces and their boxes

    def __post_init__(self) -> None:
        pts = self.points
        poly = [pts[0]]
        for i in range(0, len(pts) - 1, 3):
            poly += [
                cubic(pts[i], pts[i + 1], pts[i + 2], pts[i + 3], k / SAMPLES) for k in range(1, SAMPLES + 1)
            ]
        lengths = [0.0]
        for a, b in zip(poly, poly[1:], strict=False):
            lengths.append(lengths[-1] + math.dist(a, b))
        self.lengths = lengths
        self.polyline = poly + ([self.tip] if self.tip else [])
        xs, ys = [p[0] for p in self.polyline], [p[1] for p in self.polyline]
        self.bounds = (min(xs), min(ys), max(xs), max(ys))
        self.pieces = [(a, b, _seg_box(a, b)) for a, b in zip(self.polyline, self.polyline[1:], strict=False)]
        for n in range(0, len(self.pieces), SAMPLES):
            run = self.pieces[n : n + SAMPLES]
            self.groups.append((_union([box for _, _, box in run]), run))

    @property
    def length(self) -> float:
        return self.lengths[-1]

    def at(self, fraction: float) -> tuple[Point, Point]:
        """The point at this fraction of the spline's length, and the unit tangent there."""
        goal = fraction * self.length
        for i in range(1, len(self.lengths)):
            if self.lengths[i] >= goal or i == len(self.lengths) - 1:
                (ax, ay), (bx, by) = self.polyline[i - 1], self.polyline[i]
                step = self.lengths[i] - self.lengths[i - 1] or 1.0
                t = min(1.0, max(0.0, (goal - self.lengths[i - 1]) / step))
                return (ax + t * (bx - ax), ay + t * (by - ay)), ((bx - ax) / step, (by - ay) / step)
        return self.polyline[0], (1.0, 0.0)

    def segments(self):
        return ((a, b) for a, b, _ in self.pieces)

    def tail_bounds(self, length: float) -> Box:
        points = self.tail(length)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return (min(xs), min(ys), max(xs), max(ys))

    def tail(self, length: float) -> list[Point]:
        """The polyline points within `length` of the spline's end, and the arrowhead."""
        start = self.length - length
        kept = [p for p, at in zip(self.polyline, self.lengths, strict=False) if at >= start]
        return kept + ([self.tip] if self.tip else [])


def point_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / span))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def point_path(p: Point, path: Path, within: float = 1e6) -> float:
    """Distance from a point to a path, looked for only `within` that distance (else 1e6)."""
    near = (p[0], p[1], p[0], p[1])
    return min((point_segment(p, a, b) for a, b, _ in _pieces_near(path, near, within)), default=_FAR)


def _pieces_near(path: Path, box: Box, margin: float):
    """The path's segments whose boxes come within `margin` of the box."""
    if overlaps(path.bounds, box, margin):
        for bounds, run in path.groups:
            if overlaps(bounds, box, margin):
                yield from (piece for piece in run if overlaps(piece[2], box, margin))


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


_FAR = 1e6


def grow(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def overlaps(a: Box, b: Box, margin: float = 0.0) -> bool:
    return a[0] - margin < b[2] and b[0] - margin < a[2] and a[1] - margin < b[3] and b[1] - margin < a[3]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether two segments cross properly (touching at an end does not count)."""
    return _cross(a, b, c) * _cross(a, b, d) < 0 and _cross(c, d, a) * _cross(c, d, b) < 0


def crossings(one: Path, other: Path) -> int:
    theirs = list(_pieces_near(other, one.bounds, 0.0))
    if not theirs:
        return 0
    return sum(
        1
        for a, b, mine in _pieces_near(one, other.bounds, 0.0)
        for c, d, box in theirs
        if overlaps(mine, box) and segments_cross(a, b, c, d)
    )


def _seg_box(a: Point, b: Point) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


def box_segment(box: Box, a: Point, b: Point) -> float:
    """Distance between a box and a segment (0 when they meet)."""
    x0, y0, x1, y1 = box
    if _clips(box, a, b):
        return 0.0
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    inside = [math.hypot(max(x0 - p[0], 0.0, p[0] - x1), max(y0 - p[1], 0.0, p[1] - y1)) for p in (a, b)]
    return min(*inside, *(point_segment(c, a, b) for c in corners))


def _clips(box: Box, a: Point, b: Point) -> bool:
    """Liang-Barsky: does the segment enter the box?"""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - box[0]), (dx, box[2] - a[0]), (-dy, a[1] - box[1]), (dy, box[3] - a[1])):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
        if t0 > t1:
            return False
    return True


def box_path(box: Box, path: Path, within: float = _FAR) -> float:
    """Distance between a box and a path, looked for only `within` that distance."""
    return min((box_segment(box, a, b) for a, b, _ in _pieces_near(path, box, within)), default=_FAR)


def box_around(centre: Point, size: tuple[float, float]) -> Box:
    (x, y), (w, h) = centre, size
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
