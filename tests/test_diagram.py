"""`litgraph diagram`: the research-model figure, on the seed review, the second review and a
12-construct model (tests/fixtures/figure-12).

Expectations come from the model files read as plain YAML: which arrows exist, which path
each moderator acts on, which constructs are independents, mediators and outcomes. The
geometry is read from Graphviz's own layout of the DOT we write (`dot -Tjson`): the splines
it draws, the nodes' boxes, and the labels as it sets them in the real fonts; the distances
are measured here, with this file's own Bézier sampling.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
import yaml

from .conftest import ROOT, TAM, Cli, copy_seed

FIGURE_12 = ROOT / "tests" / "fixtures" / "figure-12"
MINUS = "\u2212"
_SVG = "{http://www.w3.org/2000/svg}"

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


# --- the reviews -------------------------------------------------------------------------


@pytest.fixture(params=["seed", "tam", "figure-12"])
def review(request, tmp_path) -> tuple[Cli, dict]:
    """Each review as a CLI on a throw-away copy, with its model read as plain YAML."""
    if request.param == "seed":
        project, model = copy_seed(tmp_path / "seed"), ROOT / "model.yaml"
    else:
        source = TAM if request.param == "tam" else FIGURE_12
        project = tmp_path / request.param
        shutil.copytree(source, project, ignore=shutil.ignore_patterns(".litgraph"))
        model = source / "model.yaml"
    return Cli(project), yaml.safe_load(model.read_text(encoding="utf-8"))


def _shown(hyp: dict) -> str:
    """A hypothesis label as the figure must print it: id, then the sign with a real minus."""
    return f"{hyp['id']} {hyp['sign'].replace('-', MINUS)}"


def _expected_arrows(model: dict) -> dict[tuple[str, str], str]:
    """(source, target) → label: direct hypotheses, and mediation legs no direct hypothesis states."""
    arrows = {(h["from"], h["to"]): _shown(h) for h in model["hypotheses"] if h["kind"] == "direct"}
    bare: dict[tuple[str, str], list[str]] = {}
    for hyp in (h for h in model["hypotheses"] if h["kind"] == "mediation"):
        chain = [hyp["from"], *hyp["via"], hyp["to"]]
        for leg in zip(chain, chain[1:], strict=False):
            if leg not in arrows:
                bare.setdefault(leg, []).append(hyp["id"])
    return arrows | {leg: ", ".join(ids) for leg, ids in bare.items()}


def _moderations(model: dict) -> list[dict]:
    return [h for h in model["hypotheses"] if h["kind"] in ("moderation", "moderated_mediation")]


def _moderated_leg(model: dict, hyp: dict) -> tuple[str, str]:
    """The path a moderation acts on: the direct effect, or a mediation's first leg."""
    target = next(h for h in model["hypotheses"] if h["id"] == hyp["moderates"])
    return (
        (target["from"], target["to"]) if target["kind"] == "direct" else (target["from"], target["via"][0])
    )


# --- Graphviz's layout, measured ---------------------------------------------------------


@dataclass
class Edge:
    tail: str
    head: str
    label: str
    style: str
    spline: list[Point]  # the drawn curve, sampled
    tip: Point  # where the arrowhead ends
    label_box: Box | None

    @property
    def line(self) -> list[Point]:
        """The curve and its arrowhead."""
        return [*self.spline, self.tip]


@dataclass
class Figure:
    boxes: dict[str, Box]  # node name → box
    shapes: dict[str, str]
    edges: list[Edge]
    bounds: Box

    def arrows(self, constructs: set[str]) -> list[Edge]:
        return [e for e in self.edges if e.tail in constructs and e.head in constructs]


def _bezier(points: list[Point], steps: int = 40) -> list[Point]:
    out = [points[0]]
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for k in range(1, steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
            out.append(tuple(a * p0[n] + b * p1[n] + c * p2[n] + d * p3[n] for n in (0, 1)))
    return out


def _numbers(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def _layout(cli: Cli, *args: str) -> Figure:
    """Our DOT, laid out by Graphviz (`dot -Tjson`), as boxes and sampled curves (y up)."""
    result = cli("diagram", "-f", "dot", *args)
    assert result.exit_code == 0, result.output
    done = subprocess.run(["dot", "-Tjson"], input=result.stdout.encode(), capture_output=True, check=True)
    laid_out = json.loads(done.stdout)
    names, boxes, shapes = {}, {}, {}
    for node in laid_out["objects"]:
        (x, y), w, h = _numbers(node["pos"]), float(node["width"]) * 72, float(node["height"]) * 72
        names[node["_gvid"]] = node["name"]
        boxes[node["name"]] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        shapes[node["name"]] = node.get("shape", "")
    edges = []
    for edge in laid_out["edges"]:
        parts = edge["pos"].split()
        tip = next(_numbers(p[2:]) for p in parts if p.startswith("e,"))
        controls = [tuple(_numbers(p)) for p in parts if p[:2] not in ("e,", "s,")]
        label_box = None
        for op in edge.get("_ldraw_", []):
            if op["op"] == "F":
                size = op["size"]
            if op["op"] == "T":  # centred text on a baseline: ascent above, descent below
                (x, y), w = op["pt"], op["width"]
                label_box = (x - w / 2, y - 0.25 * size, x + w / 2, y + 0.9 * size)
        edges.append(
            Edge(
                names[edge["tail"]],
                names[edge["head"]],
                edge.get("label", ""),
                edge.get("style", ""),
                _bezier(controls),
                tuple(tip),
                label_box,
            )
        )
    return Figure(boxes, shapes, edges, tuple(_numbers(laid_out["bb"])))


def _point_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / span))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _point_line(p: Point, line: list[Point]) -> float:
    return min(_point_segment(p, a, b) for a, b in zip(line, line[1:], strict=False))


def _box_point(box: Box, p: Point) -> float:
    return math.hypot(max(box[0] - p[0], 0, p[0] - box[2]), max(box[1] - p[1], 0, p[1] - box[3]))


def _box_line(box: Box, line: list[Point]) -> float:
    """Distance between a box and a densely sampled line (0 when the line enters the box)."""
    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    return min(min(_box_point(box, p) for p in line), min(_point_line(c, line) for c in corners))


def _boxes_meet(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _along(line: list[Point], p: Point) -> tuple[float, Point]:
    """Fraction of the line's length at the point of it nearest p, and the direction there."""
    lengths = [0.0]
    for a, b in zip(line, line[1:], strict=False):
        lengths.append(lengths[-1] + math.dist(a, b))
    n = min(range(len(line) - 1), key=lambda i: _point_segment(p, line[i], line[i + 1]))
    (ax, ay), (bx, by) = line[n], line[n + 1]
    step = math.dist(line[n], line[n + 1]) or 1.0
    return lengths[n] / lengths[-1], ((bx - ax) / step, (by - ay) / step)


def _runs_near(line: list[Point], other: list[Point], distance: float) -> float:
    """The longest stretch of `line` that stays within `distance` of `other`."""
    longest = run = 0.0
    for a, b in zip(line, line[1:], strict=False):
        run = run + math.dist(a, b) if _point_line(b, other) < distance else 0.0
        longest = max(longest, run)
    return longest


# --- the figure's geometry -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_moderators_arrow_ends_in_the_middle_of_its_path_clear_of_every_other_line(review, lang):
    cli, model = review
    figure = _layout(cli, "--lang", lang)
    constructs = {c["id"] for c in model["constructs"]}
    arrows = figure.arrows(constructs)
    for hyp in _moderations(model):
        (moderator,) = [e for e in figure.edges if e.label == _shown(hyp)]
        assert moderator.tail == hyp["moderator"] and moderator.head not in constructs
        (path,) = [e for e in arrows if (e.tail, e.head) == _moderated_leg(model, hyp)]
        # The arrowhead touches the path (its junction dot has a 2.5 pt radius) in its middle fifth.
        assert _point_line(moderator.tip, path.spline) <= 4.0
        fraction, (tx, ty) = _along(path.spline, moderator.tip)
        assert 0.4 <= fraction <= 0.6, (hyp["id"], fraction)
        # It meets the path steeply, so it cannot be read as running on along it.
        (bx, by), (hx, hy) = moderator.spline[-1], moderator.tip
        assert abs(tx * (hy - by) - ty * (hx - bx)) / math.hypot(hx - bx, hy - by) >= 0.6, hyp["id"]
        # No other line comes near where it ends, and none runs along it.
        others = [e for e in arrows if e is not path]
        others += [e for e in figure.edges if e.tail not in constructs or e.head not in constructs]
        others = [e for e in others if e is not moderator and e.head != moderator.head]
        for other in others:
            assert _point_line(moderator.tip, other.line) >= 12.0, (hyp["id"], other.label)
            assert _runs_near(moderator.line, other.line, 4.0) < 20.0, (hyp["id"], other.label)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_labels_touch_no_line_box_or_other_label_and_sit_nearest_their_own_line(review, lang):
    cli, model = review
    figure = _layout(cli, "--lang", lang)
    labelled = [e for e in figure.edges if e.label]
    expected = set(_expected_arrows(model).values()) | {_shown(h) for h in _moderations(model)}
    assert {e.label for e in labelled} == expected
    for n, edge in enumerate(labelled):
        box = edge.label_box
        assert box is not None
        x0, y0, x1, y1 = figure.bounds
        assert x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1, edge.label  # not cut off
        for other in labelled[n + 1 :]:
            assert not _boxes_meet(box, other.label_box), (edge.label, other.label)
        for name, node in figure.boxes.items():
            assert not _boxes_meet(box, node), (edge.label, name)
        own = _box_line(box, edge.line)
        assert own >= 1.0, edge.label
        for other in figure.edges:
            if other is not edge:
                assert _box_line(box, other.line) >= max(3.0, own + 1.0), (edge.label, other.label)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lines_pass_through_no_box_but_their_own_ends(review, lang):
    cli, model = review
    figure = _layout(cli, "--lang", lang)
    for edge in figure.edges:
        for name, (x0, y0, x1, y1) in figure.boxes.items():
            if name not in (edge.tail, edge.head) and figure.shapes[name] != "point":
                inner = (x0 + 1, y0 + 1, x1 - 1, y1 - 1)
                assert _box_line(inner, edge.line) > 0, (edge.tail, edge.head, name)


def test_one_arrow_per_effect_and_each_moderator_onto_its_own_junction(review):
    cli, model = review
    figure = _layout(cli)
    constructs = {c["id"] for c in model["constructs"]}
    assert constructs <= set(figure.boxes)
    drawn = {(e.tail, e.head): e.label for e in figure.arrows(constructs)}
    assert drawn == _expected_arrows(model)
    assert len(figure.arrows(constructs)) == len(drawn)  # no arrow twice
    moderators = [e for e in figure.edges if e.head not in constructs]
    assert sorted(e.label for e in moderators) == sorted(_shown(h) for h in _moderations(model))
    for edge in moderators:
        assert figure.shapes[edge.head] == "point"  # the dot on the moderated path


def test_a_label_never_takes_the_spot_another_label_holds():
    """Three level lines 22 pt apart and a box right above the top one: the top line's label must
    go under its line, just where the middle line's label would go first (above its line)."""
    from litgraph.output.diagram_geometry import Path as Curve
    from litgraph.output.diagram_geometry import line
    from litgraph.output.diagram_labels import place

    lines = [Curve([(0.0, y), *line((0.0, y), (200.0, y))]) for y in (0.0, 22.0, 44.0)]
    size = (30.0, 11.0)
    centres, misfits = place(lines, [size] * 3, 0, [(0.0, -40.0, 200.0, -1.0)])
    boxes = [(x - 15, y - 5.5, x + 15, y + 5.5) for x, y in centres]
    assert misfits == 0 and boxes[0][1] > 0  # the top line's label is under it
    for n, box in enumerate(boxes):
        for other in boxes[n + 1 :]:
            assert not _boxes_meet(box, other)


def test_a_mediation_leg_without_direct_hypothesis_is_dashed_and_takes_the_moderated_mediation(tam):
    model = yaml.safe_load((tam / "model.yaml").read_text(encoding="utf-8"))
    model["hypotheses"] = [
        h for h in model["hypotheses"] if h["id"] != "H1"
    ]  # H6's first leg loses its arrow
    (tam / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    figure = _layout(Cli(tam))
    (leg,) = [e for e in figure.edges if e.label == "H6"]
    assert (leg.tail, leg.head, leg.style) == ("perceived_ease_of_use", "perceived_usefulness", "dashed")
    (moderator,) = [e for e in figure.edges if e.label == "H8 +"]
    assert _point_line(moderator.tip, leg.spline) <= 4.0
    assert 0.4 <= _along(leg.spline, moderator.tip)[0] <= 0.6


def test_a_negative_sign_is_a_real_minus_sign_in_the_svg(tam_cli, tam_model):
    texts = [t.text for t in ET.fromstring(tam_cli("diagram", "-f", "svg").stdout).iter(f"{_SVG}text")]
    negative = [h for h in tam_model["hypotheses"] if h["sign"] == "-"]
    assert negative
    for hyp in negative:
        assert f"{hyp['id']} \u2212" in texts
    assert not [t for t in texts if t and re.search(r"\s-$", t)]  # no hyphen standing in for it


def test_a_construct_in_no_hypothesis_is_warned_about_and_still_drawn(tam, tam_cli):
    quiet = tam_cli("diagram", "-f", "svg")
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    model = yaml.safe_load((tam / "model.yaml").read_text(encoding="utf-8"))
    model["constructs"].append({"id": "habit", "label": "habit of use"})
    (tam / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    result = tam_cli("diagram", "-f", "svg")
    assert result.exit_code == 0, result.output
    assert "warning" in result.stderr and "habit" in result.stderr
    centres = _node_centres(result.stdout)
    assert "habit" in centres
    texts = {t.text for t in ET.fromstring(result.stdout).iter(f"{_SVG}text")}
    assert "habit of use" in texts
    assert centres["habit"][1] > max(y for cid, (_, y) in centres.items() if cid != "habit")  # apart, below


def _node_centres(svg: str) -> dict[str, tuple[float, float]]:
    """Construct id → centre of its label text in the rendered SVG (y grows downwards)."""
    centres = {}
    for group in ET.fromstring(svg).iter(f"{_SVG}g"):
        if group.get("class") != "node":
            continue
        texts = group.findall(f"{_SVG}text")
        if texts:
            ys = [float(t.get("y")) for t in texts]
            centres[group.find(f"{_SVG}title").text] = (float(texts[0].get("x")), sum(ys) / len(ys))
    return centres


def test_svg_places_independents_left_of_mediators_left_of_outcomes_and_moderators_apart(review):
    cli, model = review
    result = cli("diagram", "--format", "svg")
    assert result.exit_code == 0, result.output
    centres = _node_centres(result.stdout)
    effects = [h for h in model["hypotheses"] if h["kind"] in ("direct", "mediation")]
    legs = {
        leg
        for h in effects
        for leg in zip([h["from"], *h.get("via", [])], [*h.get("via", []), h["to"]], strict=True)
    }
    causes, outcomes = {a for a, _ in legs}, {b for _, b in legs}
    independents, mediators, finals = causes - outcomes, causes & outcomes, outcomes - causes
    assert independents and mediators and finals
    x = {cid: centre[0] for cid, centre in centres.items()}
    assert max(x[c] for c in independents) < min(x[c] for c in mediators)
    assert max(x[c] for c in mediators) < min(x[c] for c in finals)
    for source, target in legs:
        assert x[source] < x[target]
    moderators = {h["moderator"] for h in _moderations(model)} - causes - outcomes
    assert moderators
    heights = [y for cid, (_, y) in centres.items() if cid in causes | outcomes]
    for moderator in moderators:  # in a row of their own, above or below the model
        y = centres[moderator][1]
        assert y < min(heights) or y > max(heights)


def test_chinese_labels_render_in_svg_and_png(seed, seed_cli, seed_model):
    svg = seed_cli("diagram", "--lang", "zh").stdout
    texts = {t.text for t in ET.fromstring(svg).iter(f"{_SVG}text")}
    for construct in seed_model["constructs"]:
        assert construct["label"]["zh"] in texts
    assert 'font-family="Noto Sans CJK SC"' in svg
    result = seed_cli("diagram", "--lang", "zh", "-o", str(seed / "figure.png"))
    assert result.exit_code == 0, result.output
    assert (seed / "figure.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = seed_cli("diagram", "-o", str(seed / "figure.pdf"))
    assert result.exit_code == 0 and (seed / "figure.pdf").read_bytes()[:5] == b"%PDF-"


def test_mermaid_is_a_left_to_right_flowchart_with_every_hypothesis(seed_cli, seed_model, tam_cli, tam_model):
    for cli, model in ((seed_cli, seed_model), (tam_cli, tam_model)):
        text = cli("diagram", "--format", "mermaid").stdout
        lines = text.splitlines()
        assert lines[0] == "flowchart LR"
        for hyp in model["hypotheses"]:
            if hyp["kind"] in ("direct", "moderation", "moderated_mediation"):
                assert sum(f'|"{_shown(hyp)}"|' in line for line in lines) == 1
        for hyp in (h for h in model["hypotheses"] if h["kind"] == "moderation"):
            moderator_line = next(line for line in lines if f'|"{hyp["id"]} ' in line)
            assert moderator_line.split()[0] == hyp["moderator"]
            point = moderator_line.split()[-1]
            assert f"  {point}(( ))" in lines  # the small node on the moderated path
            moderated = next(h for h in model["hypotheses"] if h["id"] == hyp["moderates"])
            assert f"  {point} --> {moderated['to']}" in lines


@pytest.mark.parametrize("args", [("-f", "png"), ("-f", "pdf")])
def test_binary_figure_needs_a_file(seed_cli, args):
    result = seed_cli("diagram", *args)
    assert result.exit_code == 2 and "add -o FILE" in result.output


def test_missing_graphviz_is_one_line_saying_what_to_install(seed_cli, monkeypatch):
    seed_cli("build")
    monkeypatch.setenv("PATH", "/nonexistent")
    result = seed_cli("diagram", "-f", "svg")
    assert result.exit_code == 2
    assert "graphviz" in result.output and "Traceback" not in result.output
    assert seed_cli("diagram", "-f", "mermaid").exit_code == 0  # no Graphviz needed


def test_missing_cjk_font_is_one_line_saying_what_to_install(seed_cli, monkeypatch):
    monkeypatch.setattr("litgraph.output.diagram.CJK_FONT", "No Such CJK Font")
    result = seed_cli("diagram", "--lang", "zh", "-f", "svg")
    assert result.exit_code == 2
    assert "fonts-noto-cjk" in result.output and "Traceback" not in result.output
    assert seed_cli("diagram", "--lang", "en", "-f", "svg").exit_code == 0  # Latin labels need no CJK font
