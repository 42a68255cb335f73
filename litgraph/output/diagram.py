"""The research-model figure: constructs left to right by role, one arrow per effect.

Drawn from backend rows only (constructs and hypotheses), so it works for any
review's model and either backend. `ModelPaths` is the model as a figure sees it —
the arrows between constructs and the moderators acting on them — and is shared
with the SEM syntax, which estimates one coefficient per arrow.

Positions are computed here rather than by Graphviz's `dot`, whose ranking cannot
keep a moderator above the path it acts on: constructs stand in columns by rank
(the longest chain of effects from an independent construct), so independents are
always left of mediators and mediators left of outcomes, and pure moderators stand
in a row above. Graphviz (`layout=neato`, every node pinned) only routes and draws.
An arrow cannot end on another arrow in Graphviz, so each arrow runs through an
invisible point node, which a moderator's arrow targets.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import unicodedata
from dataclasses import dataclass, field

from ..errors import LitgraphError
from ..query.rows import ConstructRow, HypothesisRow
from ..records import HypothesisKind
from ..text import has_cjk

FORMATS = ("svg", "png", "pdf", "dot", "mermaid")
BINARY_FORMATS = ("png", "pdf")
CJK_FONT = "Noto Sans CJK SC"


# --- the model as arrows ----------------------------------------------------------


@dataclass(slots=True)
class Arrow:
    """One effect between two constructs: a direct hypothesis, or a mediation leg no direct
    hypothesis states."""

    source: str
    target: str
    direct: str = ""  # the direct hypothesis drawn; "" for a bare mediation leg
    sign: str = ""
    mediations: list[str] = field(default_factory=list)  # mediations running along this arrow

    @property
    def label(self) -> str:
        return f"{self.direct} {self.sign}" if self.direct else ", ".join(self.mediations)


@dataclass(slots=True)
class ModeratorArrow:
    """A moderation (or moderated mediation: onto the mediation's first leg) acting on an arrow."""

    hypothesis: str
    kind: HypothesisKind
    moderator: str
    sign: str
    moderates: str  # the hypothesis moderated
    onto: Arrow

    @property
    def label(self) -> str:
        return f"{self.hypothesis} {self.sign}"


@dataclass(slots=True)
class ModelPaths:
    """The model's effects as arrows between constructs, with the moderators acting on them."""

    constructs: list[str]
    arrows: list[Arrow]
    moderators: list[ModeratorArrow]
    mediations: dict[str, list[Arrow]]  # mediation id → its legs in order

    @classmethod
    def of(cls, constructs: list[ConstructRow], hypotheses: list[HypothesisRow]) -> ModelPaths:
        """Arrows for direct hypotheses first, then the legs of mediations that no direct
        hypothesis covers."""
        direct = [h for h in hypotheses if h.kind is HypothesisKind.DIRECT]
        arrows = [Arrow(h.source, h.target, h.id, h.sign) for h in direct]
        by_pair: dict[tuple[str, str], Arrow] = {}
        for arrow in arrows:
            by_pair.setdefault((arrow.source, arrow.target), arrow)
        mediations: dict[str, list[Arrow]] = {}
        for hyp in (h for h in hypotheses if h.kind is HypothesisKind.MEDIATION):
            legs = []
            for pair in hyp.effect_steps():
                if pair not in by_pair:
                    by_pair[pair] = Arrow(*pair)
                    arrows.append(by_pair[pair])
                by_pair[pair].mediations.append(hyp.id)
                legs.append(by_pair[pair])
            mediations[hyp.id] = legs
        acted_on = {a.direct: a for a in arrows if a.direct}
        acted_on |= {mid: legs[0] for mid, legs in mediations.items()}  # moderated mediation: the first leg
        moderators = [
            ModeratorArrow(h.id, h.kind, h.moderator, h.sign, h.moderates, acted_on[h.moderates])
            for h in hypotheses
            if not h.kind.claims_effects and h.moderates in acted_on
        ]
        return cls([c.id for c in constructs], arrows, moderators, mediations)

    def ranks(self) -> dict[str, int]:
        """Column of each construct on an arrow: its longest chain of effects from an
        independent construct."""
        incoming: dict[str, list[str]] = {}
        for arrow in self.arrows:
            incoming.setdefault(arrow.target, []).append(arrow.source)
            incoming.setdefault(arrow.source, [])
        ranks: dict[str, int] = {}

        def rank(node: str, seen: frozenset) -> int:
            if node in seen:
                raise LitgraphError(f"the model's effects form a cycle through '{node}'")
            if node not in ranks:
                ranks[node] = max((rank(cause, seen | {node}) + 1 for cause in incoming[node]), default=0)
            return ranks[node]

        for node in incoming:
            rank(node, frozenset())
        return ranks


# --- layout -------------------------------------------------------------------------

COLUMN_GAP = 170.0  # points between columns: room for two arrow labels side by side
ROW = 80.0  # points between the centres of two constructs in one column
# Where in a gap an arrow is split, as fractions of the gap, first choice first. An unmoderated arrow is
# split early, so that its label (on the first half) stays clear of arrows crossing mid-gap; a moderated
# arrow takes the first spot that is CLEARANCE points from every other arrow and split point, so that a
# moderator's arrow cannot be read as ending on a neighbour.
SPLITS = (0.3, 0.5, 0.7, 0.15, 0.85)
CLEARANCE = 24.0


def _wrap(label: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _width(label: str) -> float:
    """Estimated width in points of a wrapped 12 pt label in its box (CJK characters are twice as wide)."""
    longest = max(
        (
            sum(12.0 if unicodedata.east_asian_width(ch) in "WF" else 6.6 for ch in line)
            for line in label.split("\n")
        ),
        default=0.0,
    )
    return longest + 26.0


@dataclass(slots=True)
class Layout:
    """Centres in points, y growing downwards: constructs, the split point of each arrow,
    moderators on top."""

    nodes: dict[str, tuple[float, float]]
    points: dict[int, tuple[float, float]]  # id(arrow) → where it is split


def layout(paths: ModelPaths, labels: dict[str, str]) -> Layout:
    ranks = paths.ranks()
    pure_moderators = list(dict.fromkeys(m.moderator for m in paths.moderators if m.moderator not in ranks))
    appearance = list(
        dict.fromkeys([c for a in paths.arrows for c in (a.source, a.target)] + paths.constructs)
    )
    columns: dict[int, list[str]] = {}
    for cid in appearance:
        if cid not in pure_moderators:
            columns.setdefault(ranks.get(cid, 0), []).append(cid)
    _order(columns, paths.arrows)
    column_width = max((_width(labels[c]) for c in paths.constructs), default=0.0)
    step = column_width + COLUMN_GAP
    nodes = {
        cid: (rank * step, (i - (len(members) - 1) / 2) * ROW)
        for rank, members in columns.items()
        for i, cid in enumerate(members)
    }
    segments = {id(a): (nodes[a.source], nodes[a.target]) for a in paths.arrows}
    moderated = {id(m.onto) for m in paths.moderators}
    points: dict[int, tuple[float, float]] = {}
    for arrow in paths.arrows:
        (x0, y0), (x1, y1) = segments[id(arrow)]
        fractions = SPLITS if id(arrow) in moderated else SPLITS[:1]
        candidates = [
            x
            for gap_start in _gap_starts(x0 + column_width / 2, x1, step)
            for x in (gap_start + f * COLUMN_GAP for f in fractions)
        ]
        on_line = [(x, y0 + (y1 - y0) * (x - x0) / (x1 - x0)) for x in candidates]  # ranks put x1 right of x0
        others = [seg for key, seg in segments.items() if key != id(arrow)]
        taken = [points[key][0] for key in moderated if key in points]
        points[id(arrow)] = max(on_line, key=lambda p: min(CLEARANCE, _clearance(p, others, taken)))
    top = min((y for _, y in nodes.values()), default=0.0) - 1.4 * ROW
    right = None
    for moderator in sorted(pure_moderators, key=lambda m: _mean_x(m, paths, points)):
        half = _width(labels[moderator]) / 2
        x = _mean_x(moderator, paths, points)
        x = x if right is None else max(x, right + half + 20)
        nodes[moderator] = (x, top)
        right = x + half
    return Layout(nodes, points)


def _gap_starts(start: float, stop: float, step: float) -> list[float]:
    """The starts of the gaps an arrow crosses, from its source's column to its target's."""
    starts = []
    while start < stop:
        starts.append(start)
        start += step
    return starts


def _clearance(point, segments, taken: list[float]) -> float:
    """Distance from a point to the nearest other arrow (as a straight line), and sideways to the
    split points already taken by moderators (their arrows come down from above and must not overlap)."""
    px, py = point
    distances = [abs(px - qx) for qx in taken]
    for (ax, ay), (bx, by) in segments:
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        distances.append(((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5)
    return min(distances, default=CLEARANCE)


def _mean_x(moderator: str, paths: ModelPaths, points: dict[int, tuple[float, float]]) -> float:
    xs = [points[id(m.onto)][0] for m in paths.moderators if m.moderator == moderator]
    return sum(xs) / len(xs)


def _order(columns: dict[int, list[str]], arrows: list[Arrow], sweeps: int = 4) -> None:
    """Reorder each column by the mean position of its neighbours (barycentre heuristic) to cut crossings."""
    neighbours: dict[str, list[str]] = {}
    for arrow in arrows:
        neighbours.setdefault(arrow.source, []).append(arrow.target)
        neighbours.setdefault(arrow.target, []).append(arrow.source)
    for sweep in range(sweeps):
        position = {c: i - (len(m) - 1) / 2 for m in columns.values() for i, c in enumerate(m)}
        for rank in sorted(columns, reverse=sweep % 2 == 1):
            members = columns[rank]
            members.sort(key=lambda c: (_centre(c, neighbours, position), position[c]))
            position.update({c: i - (len(members) - 1) / 2 for i, c in enumerate(members)})


def _centre(cid: str, neighbours: dict[str, list[str]], position: dict[str, float]) -> float:
    """The mean position of a construct's neighbours; its own where it has none."""
    near = [position[n] for n in neighbours.get(cid, [])]
    return sum(near) / len(near) if near else position[cid]


# --- DOT ----------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _pos(x: float, y: float) -> str:
    """A pinned position in inches with y up, as neato reads it."""
    return f'"{x / 72:.3f},{-y / 72 + 0.0:.3f}!"'


def to_dot(paths: ModelPaths, labels: dict[str, str]) -> str:
    """DOT source with every position pinned (layout=neato), so any Graphviz tool renders the same figure.

    Each arrow runs through an invisible point in the gap after its source: its label sits on the
    first half, clear of arrows crossing mid-way, and a moderator's arrow ends on that point.
    """
    labels = {cid: _wrap(labels.get(cid, cid)) for cid in paths.constructs}
    placed = layout(paths, labels)
    font = _quote(CJK_FONT)
    lines = [
        "digraph model {",
        f"  graph [layout=neato, splines=true, outputorder=edgesfirst, pad=0.2, fontname={font}];",
        f'  node [shape=box, style=rounded, fontname={font}, fontsize=12, margin="0.18,0.1"];',
        f"  edge [fontname={font}, fontsize=10, arrowsize=0.8];",
    ]
    for cid in paths.constructs:
        lines.append(f"  {_quote(cid)} [label={_quote(labels[cid])}, pos={_pos(*placed.nodes[cid])}];")
    # A split point's name: the '~' keeps it apart from construct ids, which cannot contain one.
    points = {
        id(arrow): _quote(f"~{n}:{arrow.source}->{arrow.target}") for n, arrow in enumerate(paths.arrows, 1)
    }
    for arrow in paths.arrows:
        point, style = points[id(arrow)], "" if arrow.direct else "style=dashed"
        lines.append(
            f"  {point} [shape=point, style=invis, width=0, height=0, fixedsize=true, "
            f"pos={_pos(*placed.points[id(arrow)])}];"
        )
        lines.append(
            f"  {_quote(arrow.source)} -> {point} [label={_quote(arrow.label)}, arrowhead=none"
            + (f", {style}];" if style else "];")
        )
        lines.append(f"  {point} -> {_quote(arrow.target)} [{style}];")
    for moderation in paths.moderators:  # the label on the outer side: left of an arrow bending left
        angle = 25 if placed.points[id(moderation.onto)][0] < placed.nodes[moderation.moderator][0] else -25
        lines.append(
            f"  {_quote(moderation.moderator)} -> {points[id(moderation.onto)]} "
            f"[headlabel={_quote(moderation.label)}, labeldistance=4, labelangle={angle}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Mermaid ------------------------------------------------------------------------

_MERMAID_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_MERMAID_WORDS = {
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "class",
    "classdef",
    "click",
    "linkstyle",
    "direction",
    "default",
}


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("\n", " ") + '"'


def to_mermaid(paths: ModelPaths, labels: dict[str, str]) -> str:
    """A `flowchart LR` for Markdown; a moderated arrow passes through a small circle the
    moderator points at."""
    names: dict[str, str] = {}
    for number, cid in enumerate(paths.constructs, 1):
        plain = _MERMAID_ID.match(cid) and cid.lower() not in _MERMAID_WORDS
        names[cid] = cid if plain else f"c{number}"
    lines = ["flowchart LR"]
    lines += [f"  {names[cid]}[{_mermaid_text(labels.get(cid, cid))}]" for cid in paths.constructs]
    points: dict[int, str] = {}  # id of the arrow moderated → its split point
    for moderation in paths.moderators:
        points.setdefault(id(moderation.onto), f"m{len(points) + 1}")
    for arrow in paths.arrows:
        source, target, label = names[arrow.source], names[arrow.target], _mermaid_text(arrow.label)
        line, head = ("---", "-->") if arrow.direct else ("-.-", "-.->")
        if id(arrow) in points:
            point = points[id(arrow)]
            lines.append(f"  {point}(( ))")
            lines.append(f"  {source} {line}|{label}| {point}")
            lines.append(f"  {point} {head} {target}")
        else:
            lines.append(f"  {source} {head}|{label}| {target}")
    for moderation in paths.moderators:
        point = points[id(moderation.onto)]
        lines.append(f"  {names[moderation.moderator]} -->|{_mermaid_text(moderation.label)}| {point}")
    return "\n".join(lines) + "\n"


# --- rendering ----------------------------------------------------------------------

_RESOLVED = re.compile(r'fontname: "([^"]+)" resolved to: \S+ "([^"]*)"')


def render(dot_source: str, fmt: str) -> bytes:
    """Run Graphviz's `dot`; fail with what to install when it, or the CJK font a Chinese label
    needs, is missing."""
    exe = shutil.which("dot")
    if exe is None:
        raise LitgraphError(
            "Graphviz's `dot` program is not installed: install the graphviz package "
            "(apt-get install graphviz, or run tools/system-deps.sh)"
        )
    options = ["-Gdpi=200"] if fmt == "png" else []
    done = subprocess.run(
        [exe, "-v", f"-T{fmt}", *options], input=dot_source.encode("utf-8"), capture_output=True
    )
    log = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        errors = [line for line in log.splitlines() if line.lower().startswith("error")]
        raise LitgraphError(f"Graphviz could not draw the figure: {' '.join(errors) or log.strip()[-300:]}")
    # `dot -v` names the font file each fontname resolved to: a fallback means the CJK font is missing.
    if has_cjk(dot_source) and any(
        wanted == CJK_FONT and not got.startswith(CJK_FONT) for wanted, got in _RESOLVED.findall(log)
    ):
        raise LitgraphError(
            f"the font {CJK_FONT} that Chinese labels need is not installed: install the "
            "fonts-noto-cjk package (apt-get install fonts-noto-cjk, or run tools/system-deps.sh)"
        )
    return done.stdout


def figure(constructs: list[ConstructRow], hypotheses: list[HypothesisRow], lang: str, fmt: str) -> bytes:
    """The figure in one of FORMATS, labels in `lang` (falling back to English, then any language)."""
    if fmt not in FORMATS:
        raise LitgraphError(f"unknown figure format '{fmt}' (use one of: {', '.join(FORMATS)})")
    paths = ModelPaths.of(constructs, hypotheses)
    labels = {c.id: c.label(lang) for c in constructs}
    if fmt == "mermaid":
        return to_mermaid(paths, labels).encode("utf-8")
    source = to_dot(paths, labels)
    return source.encode("utf-8") if fmt == "dot" else render(source, fmt)
