"""How badly a laid-out model figure reads: what the layout's search makes small.

A pure function of the geometry. The weights rank the faults: a moderator's arrow through a
box, or meeting its path at a shallow angle (it would read as running on along it), costs
most; then other lines near a junction dot or near the end of a moderator's arrow (the arrow
could be read as pointing at them); then crossings of a moderator's arrow; then reshaped curves
that run along another line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .diagram_geometry import Box, Path, Point, box_path, crossings, overlaps, point_path

CLEAR = 16.0  # how far other lines keep from a junction and from the end of a moderator's arrow
END = 24.0  # the end of a moderator's arrow, which must be clear of other lines
ALONG = 9.0  # two lines closer than this run along each other
GRAZE = 5.0  # a moderator's arrow this near another line is on it (about 10 points per square crossing)
STEEP = 0.8  # the least sine of the angle a moderator's arrow meets its path at (53 degrees)


@dataclass(slots=True)
class Geometry:
    arrows: list[Path]
    junctions: dict[int, tuple[Point, Point]]  # arrow index → its junction and the path's direction there
    moderations: list[tuple[str, int]]  # moderator, arrow index
    moderator_paths: list[Path]
    boxes: dict[str, Box]  # every construct's box, moderators' included
    reshaped: list[int]  # arrows whose curves left their default shape


def penalty(g: Geometry) -> tuple[float, float]:
    """The penalty, and the part of it for crossings (which more room does not undo)."""
    score = crossed = 0.0
    arrows, mods = g.arrows, g.moderator_paths
    for i, (junction, _) in g.junctions.items():
        others = [p for k, p in enumerate(arrows) if k != i]
        others += [q for q, (_, k) in zip(mods, g.moderations, strict=True) if k != i]
        score += 10 * sum(max(0.0, CLEAR - point_path(junction, p, CLEAR)) for p in others)
        score += 10 * sum(
            max(0.0, CLEAR - math.dist(junction, o)) for k, (o, _) in g.junctions.items() if k != i
        )
    for j, ((moderator, i), path) in enumerate(zip(g.moderations, mods, strict=True)):
        others = [p for k, p in enumerate(arrows) if k != i]
        crossed += 30 * sum(crossings(path, p) for p in others + mods[:j] + mods[j + 1 :])
        score += 100 * sum(
            1 for c, box in g.boxes.items() if c != moderator and box_path(box, path, 0.0) == 0
        )
        score += 100 * max(0.0, STEEP - _sine(g.junctions[i][1], path))
        end, reach = path.tail(END), path.tail_bounds(END)
        near = [p for p in others if overlaps(p.bounds, reach, CLEAR)]
        score += 5 * sum(max(0.0, CLEAR - point_path(q, p, CLEAR)) for p in near for q in end)
        crossed += _along(path, others + mods[:j] + mods[j + 1 :], GRAZE)  # a shallow crossing runs long
        score += 0.5 * _along(path, mods[:j] + mods[j + 1 :], ALONG)  # two arrows side by side
    for i in g.reshaped:
        score += 0.5 * _along(arrows[i], [p for k, p in enumerate(arrows) if k != i], ALONG)
    return score + crossed, crossed


def _sine(tangent: Point, path: Path) -> float:
    """Sine of the angle between a path's direction and the last stretch of an arrow onto it."""
    (tx, ty), (bx, by) = tangent, path.points[-1]
    hx, hy = path.tip or path.points[-1]
    return abs(tx * (hy - by) - ty * (hx - bx)) / (math.hypot(hx - bx, hy - by) or 1.0)


def _along(path: Path, others: list[Path], distance: float) -> float:
    """Length of `path`, away from its ends, that runs within `distance` of another line."""
    total = 0.0
    others = [p for p in others if overlaps(p.bounds, path.bounds, distance)]
    for (a, b, _), at in zip(path.pieces, path.lengths, strict=False):
        if 2 * CLEAR < at < path.length - 2 * CLEAR and any(
            point_path(b, p, distance) < distance for p in others
        ):
            total += math.dist(a, b)
    return total
