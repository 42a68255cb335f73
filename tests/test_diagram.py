"""`litgraph diagram`: the research-model figure, on the seed review and the second review.

Expectations come from the model files read as plain YAML: which arrows exist, which
path each moderator acts on, and which constructs are independents, mediators and outcomes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import yaml

_EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)" \[(.*)\];$')
_SVG = "{http://www.w3.org/2000/svg}"


def _edges(dot: str) -> list[tuple[str, str, dict[str, str]]]:
    edges = []
    for line in dot.splitlines():
        match = _EDGE.match(line)
        if match:
            attrs = dict(re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', match.group(3)))
            edges.append((match.group(1), match.group(2), {k: v.strip('"') for k, v in attrs.items()}))
    return edges


def _arrow_points(edges) -> dict[str, tuple[str, str, str]]:
    """Split point → (source, target, label) of the arrow drawn through it."""
    halves = {
        target: (source, attrs)
        for source, target, attrs in edges
        if target.startswith("~") and not attrs.get("headlabel")
    }
    ends = {source: target for source, target, _ in edges if source.startswith("~")}
    return {point: (source, ends[point], attrs.get("label", "")) for point, (source, attrs) in halves.items()}


def _expected_arrows(model: dict) -> dict[tuple[str, str], str]:
    """(source, target) → label: direct hypotheses, and mediation legs no direct hypothesis states."""
    arrows = {
        (h["from"], h["to"]): f"{h['id']} {h['sign']}" for h in model["hypotheses"] if h["kind"] == "direct"
    }
    bare: dict[tuple[str, str], list[str]] = {}
    for hyp in (h for h in model["hypotheses"] if h["kind"] == "mediation"):
        chain = [hyp["from"], *hyp["via"], hyp["to"]]
        for leg in zip(chain, chain[1:], strict=False):
            if leg not in arrows:
                bare.setdefault(leg, []).append(hyp["id"])
    return arrows | {leg: ", ".join(ids) for leg, ids in bare.items()}


def _moderated_leg(model: dict, hyp: dict) -> tuple[str, str]:
    target = next(h for h in model["hypotheses"] if h["id"] == hyp["moderates"])
    return (
        (target["from"], target["to"]) if target["kind"] == "direct" else (target["from"], target["via"][0])
    )


def _check_dot(dot: str, model: dict) -> None:
    edges = _edges(dot)
    points = _arrow_points(edges)
    drawn = {(source, target): label for source, target, label in points.values()}
    assert drawn == _expected_arrows(model)
    for hyp in (h for h in model["hypotheses"] if h["kind"] == "direct"):  # one labelled edge per hypothesis
        assert [a for _, _, a in edges if a.get("label") == f"{hyp['id']} {hyp['sign']}"] != []
        assert len([a for _, _, a in edges if a.get("label", "").split(" ")[0] == hyp["id"]]) == 1
    moderations = [h for h in model["hypotheses"] if h["kind"] in ("moderation", "moderated_mediation")]
    moderator_edges = [(s, t, a) for s, t, a in edges if a.get("headlabel")]
    assert len(moderator_edges) == len(moderations)
    for hyp in moderations:
        source, point, _ = next(
            e for e in moderator_edges if e[2]["headlabel"] == f"{hyp['id']} {hyp['sign']}"
        )
        assert source == hyp["moderator"]
        assert points[point][:2] == _moderated_leg(model, hyp)


def test_dot_has_one_arrow_per_direct_hypothesis_and_moderators_on_their_paths(
    seed_cli, seed_model, tam_cli, tam_model
):
    for cli, model in ((seed_cli, seed_model), (tam_cli, tam_model)):
        result = cli("diagram", "--format", "dot")
        assert result.exit_code == 0, result.output
        _check_dot(result.stdout, model)


def test_a_mediation_leg_without_direct_hypothesis_is_dashed_and_takes_the_moderated_mediation(tam, tam_cli):
    model = yaml.safe_load((tam / "model.yaml").read_text(encoding="utf-8"))
    model["hypotheses"] = [
        h for h in model["hypotheses"] if h["id"] != "H1"
    ]  # H6's first leg loses its arrow
    (tam / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    dot = tam_cli("diagram", "-f", "dot").stdout
    _check_dot(dot, model)
    ((first, point, attrs),) = [e for e in _edges(dot) if e[2].get("label") == "H6"]
    assert (first, attrs.get("style")) == ("perceived_ease_of_use", "dashed")
    assert any(a.get("headlabel") == "H8 +" and t == point for _, t, a in _edges(dot))


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


def _check_layout(svg: str, model: dict) -> None:
    centres = _node_centres(svg)
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
    moderators = {h["moderator"] for h in model["hypotheses"] if "moderator" in h} - causes - outcomes
    assert moderators
    for moderator in moderators:  # above everything else
        assert centres[moderator][1] < min(y for cid, (_, y) in centres.items() if cid in causes | outcomes)


def test_svg_places_independents_left_of_mediators_left_of_outcomes_and_moderators_above(
    seed_cli, seed_model, tam_cli, tam_model
):
    for cli, model in ((seed_cli, seed_model), (tam_cli, tam_model)):
        result = cli("diagram", "--format", "svg")
        assert result.exit_code == 0, result.output
        _check_layout(result.stdout, model)


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
                assert sum(f'|"{hyp["id"]} {hyp["sign"]}"|' in line for line in lines) == 1
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
