"""Where the model figure's labels go: beside their own line, clear of everything else.

A label is read as belonging to the line nearest it, so it sits LABEL_GAP from its own line
and at least LABEL_CLEAR from any other; it touches no box, dot or other label. Spots
comfortably clear (ROOMY) of other lines and labels are taken first, where there are any.
"""

from __future__ import annotations

from .diagram_geometry import Box, Path, Point, box_around, box_path, overlaps

LABEL_GAP = 3.0  # between a label and its own line
LABEL_CLEAR = 6.0  # between a label and any other line
PADDING = 2.0  # between a label and a box, dot or other label
ROOMY = 2.0  # how much more room than the least a first-choice spot leaves
# Where along its line (by length) a label may go, first choice first.
ARROW_SPOTS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85, 0.1, 0.9)
MODERATOR_SPOTS = (0.7, 0.6, 0.8, 0.5, 0.4, 0.3, 0.2)


def place(
    lines: list[Path], sizes: list[tuple[float, float]], moderators: int, blocked: list[Box]
) -> tuple[list[Point], int]:
    """The centre of each line's label and how many found no clear spot (those take their first
    spot). The last `moderators` lines are moderators' arrows, placed first, having fewer spots."""
    blocked = list(blocked)
    first = len(lines) - moderators
    jobs = [(k, MODERATOR_SPOTS) for k in range(first, len(lines))] + [(k, ARROW_SPOTS) for k in range(first)]
    centres: dict[int, Point] = {}
    misfits = 0
    for k, spots in jobs:
        size = sizes[k]
        if not size[0]:
            centres[k] = lines[k].at(0.5)[0]
            continue
        candidates = (_beside(lines[k], spot, normal, size) for spot in spots for normal in (0, 1))
        others = lines[:k] + lines[k + 1 :]
        boxes = list(candidates)
        box = next((b for b in boxes if _clear(b, lines[k], others, blocked, ROOMY)), None)
        box = box or next((b for b in boxes if _clear(b, lines[k], others, blocked, 1.0)), None)
        misfits += box is None
        box = box or boxes[0]
        blocked.append(box)
        centres[k] = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    return [centres[k] for k in range(len(lines))], misfits


def _beside(line: Path, spot: float, side: int, size: tuple[float, float]) -> Box:
    """The label's box LABEL_GAP from the line at `spot`, above it (or left, for an upright line)
    for side 0, below (right) for side 1."""
    (px, py), (tx, ty) = line.at(spot)
    normals = sorted([(ty, -tx), (-ty, tx)], key=lambda n: (n[1], n[0]))
    nx, ny = normals[side]
    reach = (abs(nx) * size[0] + abs(ny) * size[1]) / 2 + LABEL_GAP
    return box_around((px + nx * reach, py + ny * reach), size)


def _clear(box: Box, own: Path, others: list[Path], blocked: list[Box], room: float) -> bool:
    clear = LABEL_CLEAR * room
    return (
        not any(overlaps(box, b, PADDING * room) for b in blocked)
        and box_path(box, own, LABEL_GAP) >= LABEL_GAP - 1
        and all(box_path(box, p, clear) >= clear for p in others)
    )
