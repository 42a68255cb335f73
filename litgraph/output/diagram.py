"""The research-model figure: constructs left to right by role, one arrow per effect.

Drawn from backend rows only (constructs and hypotheses), so it works for any
review's model and either backend. `ModelPaths` is the model as a figure sees it —
the arrows between constructs and the moderators acting on them — and is shared
with the SEM syntax, which estimates one coefficient per arrow.

Where everything stands and runs is computed by `diagram_layout` (Graphviz's layouts
cannot end an arrow on the middle of another); Graphviz measures the texts first, in
the fonts it draws with, and then draws the finished layout (`layout=nop2`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

from ..errors import LitgraphError
from ..query.rows import ConstructRow, HypothesisRow
from ..records import HypothesisKind
from ..text import has_cjk
from .diagram_layout import DOT, Drawing, lay_out

FORMATS = ("svg", "png", "pdf", "dot", "mermaid")
BINARY_FORMATS = ("png", "pdf")
CJK_FONT = "Noto Sans CJK SC"
_SHOWN_SIGNS = {"-": "\u2212"}  # a real minus sign: a hyphen is shorter than the plus beside it


def shown_sign(sign: str) -> str:
    return _SHOWN_SIGNS.get(sign, sign)


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
        return f"{self.direct} {shown_sign(self.sign)}" if self.direct else ", ".join(self.mediations)


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
        return f"{self.hypothesis} {shown_sign(self.sign)}"


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


# --- layout and DOT ---------------------------------------------------------------------

NODE_FONT, LABEL_FONT = 12, 10  # points
NODE_MARGIN = (13.0, 7.0)  # points between a construct's label and its box, across and down


def _wrap(label: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _drawing(paths: ModelPaths, labels: dict[str, str]) -> Drawing:
    """The figure in sizes, every text measured by Graphviz in the fonts it will draw with."""
    texts = [(labels[c], NODE_FONT) for c in paths.constructs]
    texts += [(a.label, LABEL_FONT) for a in paths.arrows] + [(m.label, LABEL_FONT) for m in paths.moderators]
    sizes = measure(texts)
    boxes = {
        c: (w + 2 * NODE_MARGIN[0], h + 2 * NODE_MARGIN[1])
        for c, (w, h) in zip(paths.constructs, sizes, strict=False)
    }
    rest = sizes[len(paths.constructs) :]
    index = {id(a): i for i, a in enumerate(paths.arrows)}
    return Drawing(
        boxes,
        paths.ranks(),
        [(a.source, a.target) for a in paths.arrows],
        rest[: len(paths.arrows)],
        [(m.moderator, index[id(m.onto)]) for m in paths.moderators],
        rest[len(paths.arrows) :],
    )


def _pt(point: tuple[float, float]) -> str:
    """A point as Graphviz spells it: points, y up."""
    return f"{point[0]:.2f},{-point[1] + 0.0:.2f}"


def _spline(path) -> str:
    return _quote(f"e,{_pt(path.tip)} " + " ".join(_pt(p) for p in path.points))


def to_dot(paths: ModelPaths, labels: dict[str, str]) -> str:
    """DOT source with every position and path given (layout=nop2), so any Graphviz tool draws
    this very figure. A moderated arrow's middle holds a small dot its moderators' arrows end on."""
    labels = {cid: _wrap(labels.get(cid, cid)) for cid in paths.constructs}
    scene = lay_out(_drawing(paths, labels))
    font = _quote(CJK_FONT)
    lines = [
        "digraph model {",
        f"  graph [layout=nop2, outputorder=edgesfirst, pad=0.2, fontname={font}];",
        f"  node [shape=box, style=rounded, fixedsize=true, fontname={font}, fontsize={NODE_FONT}];",
        f"  edge [fontname={font}, fontsize={LABEL_FONT}, arrowsize=0.8];",
    ]
    for cid in paths.constructs:
        x0, y0, x1, y1 = scene.boxes[cid]
        centre = _quote(_pt(((x0 + x1) / 2, (y0 + y1) / 2)))
        lines.append(
            f"  {_quote(cid)} [label={_quote(labels[cid])}, pos={centre}, "
            f"width={(x1 - x0) / 72:.4f}, height={(y1 - y0) / 72:.4f}];"
        )
    # A junction's name: the '~' keeps it apart from construct ids, which cannot contain one.
    junctions = {
        i: _quote(f"~{i + 1}:{a.source}->{a.target}")
        for i, a in enumerate(paths.arrows)
        if i in scene.junctions
    }
    for i, name in junctions.items():
        lines.append(
            f"  {name} [shape=point, width={2 * DOT / 72:.4f}, pos={_quote(_pt(scene.junctions[i]))}];"
        )
    for i, arrow in enumerate(paths.arrows):
        style = "" if arrow.direct else ", style=dashed"
        lines.append(
            f"  {_quote(arrow.source)} -> {_quote(arrow.target)} [label={_quote(arrow.label)}, "
            f"lp={_quote(_pt(scene.arrow_labels[i]))}, pos={_spline(scene.arrows[i])}{style}];"
        )
    index = {id(a): i for i, a in enumerate(paths.arrows)}
    for j, moderation in enumerate(paths.moderators):
        lines.append(
            f"  {_quote(moderation.moderator)} -> {junctions[index[id(moderation.onto)]]} "
            f"[label={_quote(moderation.label)}, lp={_quote(_pt(scene.moderation_labels[j]))}, "
            f"pos={_spline(scene.moderations[j])}];"
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


def _graphviz(dot_source: str, *options: str) -> bytes:
    """Run Graphviz's `dot`; fail with what to install when it, or the CJK font a Chinese label
    needs, is missing."""
    exe = shutil.which("dot")
    if exe is None:
        raise LitgraphError(
            "Graphviz's `dot` program is not installed: install the graphviz package "
            "(apt-get install graphviz, or run tools/system-deps.sh)"
        )
    done = subprocess.run([exe, "-v", *options], input=dot_source.encode("utf-8"), capture_output=True)
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


def measure(texts: list[tuple[str, int]]) -> list[tuple[float, float]]:
    """Width and height in points of each (text, font size) as Graphviz sets it: one borderless
    node per text, laid out and read back."""
    lines = [
        f"digraph sizes {{ node [shape=plaintext, margin=0, width=0, height=0, fontname={_quote(CJK_FONT)}];"
    ]
    lines += [f"  t{n} [label={_quote(text)}, fontsize={size}];" for n, (text, size) in enumerate(texts)]
    laid_out = json.loads(_graphviz("\n".join(lines) + "\n}\n", "-Tjson"))
    sizes = {
        o["name"]: (float(o["width"]) * 72, float(o["height"]) * 72) for o in laid_out.get("objects", [])
    }
    return [sizes[f"t{n}"] for n in range(len(texts))]


def render(dot_source: str, fmt: str) -> bytes:
    return _graphviz(dot_source, f"-T{fmt}", *(["-Gdpi=200"] if fmt == "png" else []))


def unlinked(constructs: list[ConstructRow], hypotheses: list[HypothesisRow]) -> list[ConstructRow]:
    """Constructs no hypothesis names: drawn apart, and worth a warning (a typo in an id, or a
    hypothesis not yet written)."""
    named = {c for h in hypotheses for c in (h.source, h.target, h.moderator, *h.mediators)}
    return [c for c in constructs if c.id not in named]


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
