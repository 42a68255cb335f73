"""Every query command on the seed review and on the second review (technology acceptance).

Expectations come from the model files read as plain YAML, or from reading the
reviews by hand — never from litgraph's own output.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml


def _hyp(model: dict, hid: str) -> dict:
    return next(h for h in model["hypotheses"] if h["id"] == hid)


def _keys(hyp: dict) -> list[str]:
    return [e["ref"] for e in hyp.get("evidence", []) if "ref" in e]


# --- seed review ---------------------------------------------------------------------


def test_paths_finds_the_two_mediated_routes_by_english_and_chinese_names(seed_cli):
    english = seed_cli.json("paths", "community support", "brand attachment")
    chinese = seed_cli.json("paths", "社群支持", "品牌依恋")
    assert english == chinese
    routes = {tuple(r["constructs"]) for r in english["routes"]}
    assert routes == {
        ("community_support", "social_identity_value", "brand_attachment"),
        ("community_support", "self_actualization_value", "brand_attachment"),
    }
    via_identity = next(r for r in english["routes"] if "social_identity_value" in r["constructs"])
    assert via_identity["mediations"] == ["H5c"]
    first, second = via_identity["steps"]
    assert [h["id"] for h in first["hypotheses"]] == ["H2a"] and [h["id"] for h in second["hypotheses"]] == [
        "H3"
    ]
    assert [m["hypothesis"] for m in first["moderators"]] == ["H6b"]
    assert [m["hypothesis"] for m in second["moderators"]] == ["H6c"]
    assert first["hypotheses"][0]["sign"] == "+"
    assert "Liang et al., 2011" in [c["label"] for c in first["hypotheses"][0]["supported_by"]]


def test_paths_names_resolve_by_id_label_and_case(seed_cli):
    by_id = seed_cli.json("paths", "community_atmosphere", "brand_attachment")
    by_label = seed_cli.json("paths", "Community Atmosphere", "BRAND ATTACHMENT")
    assert by_id == by_label and len(by_id["routes"]) == 2
    assert seed_cli.json("paths", "brand attachment", "community support")["routes"] == []
    short = seed_cli.json("paths", "community support", "brand attachment", "--max-length", "1")
    assert short["routes"] == []


def test_unknown_construct_exits_2_with_did_you_mean(seed_cli):
    result = seed_cli("paths", "comunity suport", "brand attachment")
    assert result.exit_code == 2
    assert "did you mean" in result.output and "community support" in result.output
    assert "Traceback" not in result.output


def test_evidence_lists_the_studies_of_the_model(seed_cli, seed_model):
    for hid in ("H1a", "H3", "H6a"):
        answer = seed_cli.json("evidence", hid)
        expected = _hyp(seed_model, hid)["evidence"]
        assert [e["key"] for e in answer["evidence"]] == [e.get("ref", "") for e in expected]
        assert [e["claim"] for e in answer["evidence"]] == [e["claim"].strip() for e in expected]
    h6a = seed_cli.json("evidence", "H6a")
    unlisted = [e for e in h6a["evidence"] if not e["listed"]]
    assert [e["label"] for e in unlisted] == ["Huang, 2020"]
    assert (
        h6a["hypothesis"]["path"]
        == "relational need intensity × (community atmosphere → social identity value)"
    )
    assert seed_cli.json("evidence", "h1a")["hypothesis"]["id"] == "H1a"  # any case
    assert seed_cli("evidence", "H9").exit_code == 2


def test_supports_lists_what_a_study_backs(seed_cli, seed_model):
    answer = seed_cli.json("supports", "Park2010")
    expected = {h["id"] for h in seed_model["hypotheses"] if "Park2010" in _keys(h)}
    expected |= {
        c["id"]
        for c in seed_model["constructs"]
        if any(e.get("ref") == "Park2010" for e in c.get("defined_by", []))
    }
    assert {link["id"] for link in answer["links"]} == expected
    assert answer["citation"] == "Park et al., 2010"
    assert answer["reference"]["line"] > 0 and answer["reference"]["file"] == "references/seed-review.bib"


def test_antecedents_and_consequents(seed_cli):
    up = seed_cli.json("antecedents", "brand attachment")
    assert {c["construct"] for c in up["constructs"]} == {"social_identity_value", "self_actualization_value"}
    up2 = seed_cli.json("antecedents", "brand attachment", "--depth", "2")
    assert {c["construct"] for c in up2["constructs"] if c["distance"] == 2} == {
        "community_atmosphere",
        "community_support",
    }
    down = seed_cli.json("consequents", "社群氛围")
    assert {c["construct"] for c in down["constructs"]} == {
        "social_identity_value",
        "self_actualization_value",
    }
    identity = next(c for c in down["constructs"] if c["construct"] == "social_identity_value")
    assert identity["hypotheses"] == ["H1a", "H5a"]


def test_show_finds_constructs_hypotheses_and_references(seed_cli):
    assert seed_cli.json("show", "品牌依恋")["type"] == "construct"
    assert seed_cli.json("show", "H4")["type"] == "hypothesis"
    assert seed_cli.json("show", "Algesheimer2005")["type"] == "reference"
    construct = seed_cli.json("show", "relational need intensity")
    assert construct["id"] == "relational_need_intensity"
    assert {h["id"] for h in construct["hypotheses"]} == {"H6a", "H6b", "H6c"}
    missing = seed_cli("show", "Algesheimer2006")
    assert missing.exit_code == 2 and "Algesheimer2005" in missing.output


def test_hypothesis_table_in_every_format(seed_cli, seed_model, tmp_path):
    ids = [h["id"] for h in seed_model["hypotheses"]]
    md = seed_cli("hypotheses", "--format", "md")
    assert md.exit_code == 0
    lines = [line for line in md.stdout.splitlines() if line.startswith("| H")]
    assert [line.split("|")[1].strip() for line in lines] == ids
    rows = list(csv.reader(io.StringIO(seed_cli("hypotheses", "--format", "csv", "--lang", "zh").stdout)))
    assert rows[0][:2] == ["编号", "研究假设"] and len(rows) == len(ids) + 1
    h1a = next(r for r in rows if r[0] == "H1a")
    assert h1a[1] == _hyp(seed_model, "H1a")["statement"]["zh"]
    assert "Algesheimer 等，2005" in h1a[4] and "何佳讯等，2017" in h1a[4]
    latex = seed_cli("hypotheses", "--format", "latex").stdout
    assert "\\toprule" in latex and "\\midrule" in latex and "\\bottomrule" in latex
    assert latex.count("\\\\") == len(ids) + 1
    data = json.loads(seed_cli("hypotheses", "--format", "json").stdout)
    assert [h["id"] for h in data] == ids
    out = tmp_path / "h.docx"
    assert seed_cli("hypotheses", "-o", str(out), "--lang", "zh").exit_code == 0
    from docx import Document

    table = Document(str(out)).tables[0]
    assert len(table.rows) == len(ids) + 1 and table.rows[0].cells[0].text == "编号"
    borders = table.rows[0].cells[0]._tc.tcPr.xml
    assert "w:top" in borders and "w:bottom" in borders and "w:left" not in borders
    assert seed_cli("hypotheses", "--format", "docx").exit_code == 2  # needs -o


def test_construct_table(seed_cli, seed_model):
    table = seed_cli("constructs", "--table", "--format", "md", "--lang", "zh").stdout
    for construct in seed_model["constructs"]:
        assert construct["label"]["zh"] in table
    assert "McMillan & Chavis，1986" in table  # two names joined as the seed text does: 'Deci & Ryan，2000'
    listed = seed_cli.json("constructs")
    assert sorted(c["id"] for c in listed) == sorted(c["id"] for c in seed_model["constructs"])


def test_sparql_is_read_only(seed_cli):
    rows = seed_cli.json("sparql", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a lg:Reference }")
    assert rows == [{"n": "31"}]
    update = seed_cli("sparql", "DELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 2 and "read-only" in update.output
    assert seed_cli.json("sparql", 'ASK { ?h lg:hypothesisId "H1a" }') == [{"ask": True}]


def test_build_validate_and_stats(seed_cli):
    built = seed_cli.json("build")
    assert built["counts"]["references"] == 31 and built["problems"] == []
    assert seed_cli.json("validate")["valid"] is True
    stats = seed_cli.json("stats")
    assert stats["hypotheses by kind"] == {"direct": 6, "mediation": 4, "moderation": 3}
    assert stats["references by language"] == {"en": 20, "zh": 11}


# --- the second review: technology acceptance ------------------------------------------


def test_second_review_paths_include_direct_and_mediated_routes(tam_cli):
    answer = tam_cli.json("paths", "perceived ease of use", "behavioral intention")
    routes = {tuple(r["constructs"]) for r in answer["routes"]}
    assert routes == {
        ("perceived_ease_of_use", "behavioral_intention"),
        ("perceived_ease_of_use", "perceived_usefulness", "behavioral_intention"),
        ("perceived_ease_of_use", "attitude", "behavioral_intention"),
    }
    direct = next(r for r in answer["routes"] if len(r["constructs"]) == 2)
    [step] = direct["steps"]
    assert [h["id"] for h in step["hypotheses"]] == ["H3"]
    assert [m["hypothesis"] for m in step["moderators"]] == ["H7"]
    assert [c["key"] for c in step["hypotheses"][0]["contradicted_by"]] == ["Davis1989b"]
    via_usefulness = next(r for r in answer["routes"] if "perceived_usefulness" in r["constructs"])
    assert via_usefulness["mediations"] == ["H6"]
    assert [m["hypothesis"] for m in via_usefulness["moderated_mediations"]] == ["H8"]


def test_second_review_other_languages_and_statistics(tam_cli, tam_model):
    german = next(c for c in tam_model["constructs"] if "de" in c.get("label", {}))
    answer = tam_cli.json("show", german["label"]["de"])
    assert answer["id"] == german["id"]
    h2 = _hyp(tam_model, "H2")
    evidence = tam_cli.json("evidence", "H2")["evidence"][0]
    first = h2["evidence"][0]
    assert (evidence["beta"], evidence["p"], evidence["n"]) == (first["beta"], first["p"], first["n"])
    table = tam_cli("hypotheses", "--format", "md").stdout
    assert "against: Davis et al., 1989" in table
    for hyp in tam_model["hypotheses"]:
        assert f"| {hyp['id']} |" in table


@pytest.mark.parametrize(
    "command", [["constructs"], ["hypotheses", "--format", "json"], ["stats"], ["validate"]]
)
def test_second_review_commands_run(tam_cli, command):
    result = tam_cli(*command)
    assert result.exit_code == 0, result.output


# --- every route's steps against the model itself ----------------------------------------


def _legs_of(hyp: dict) -> list[tuple[str, str]]:
    chain = [hyp["from"], *hyp.get("via", []), hyp["to"]]
    return list(zip(chain, chain[1:], strict=False))


def _expected_paths(model: dict, source: str, target: str, max_length: int = 4) -> dict[tuple, dict]:
    """Routes and each step's backing hypotheses, from the model read as plain YAML:
    a step is backed by the direct hypotheses making it, else by the mediations
    having it as a leg."""
    effects = [h for h in model["hypotheses"] if h["kind"] in ("direct", "mediation")]
    graph: dict[str, set[str]] = {}
    for hyp in effects:
        for cause, effect in _legs_of(hyp):
            graph.setdefault(cause, set()).add(effect)
    routes, stack = [], [[source]]
    while stack:
        route = stack.pop()
        if route[-1] == target and len(route) > 1:
            routes.append(tuple(route))
            continue
        if len(route) <= max_length:
            stack += [[*route, nxt] for nxt in graph.get(route[-1], ()) if nxt not in route]
    expected = {}
    for route in routes:
        steps = []
        for step in zip(route, route[1:], strict=False):
            direct = {h["id"] for h in effects if h["kind"] == "direct" and (h["from"], h["to"]) == step}
            steps.append(
                direct or {h["id"] for h in effects if h["kind"] == "mediation" and step in _legs_of(h)}
            )
        expected[route] = {
            "steps": steps,
            "mediations": sorted(
                h["id"]
                for h in effects
                if h["kind"] == "mediation" and (h["from"], *h["via"], h["to"]) == route
            ),
        }
    return expected


LONG_CHAIN = """
review: {id: long-chain}
constructs:
  - {id: x, label: X}
  - {id: m1, label: M1}
  - {id: m2, label: M2}
  - {id: y, label: Y}
  - {id: z, label: Z}
hypotheses:
  - {id: H1, kind: mediation, from: x, via: [m1, m2], to: y, sign: "+", evidence: [{citation: "A 2001"}]}
  - {id: H2, kind: direct, from: m2, to: z, sign: "+", evidence: [{citation: "B 2002"}]}
  - {id: H3, kind: direct, from: m1, to: z, sign: "-", evidence: [{citation: "C 2003"}]}
  - {id: H4, kind: mediation, from: m1, via: [z], to: y, sign: "+", evidence: [{citation: "D 2004"}]}
  - {id: H5, kind: moderation, moderator: z, moderates: H3, sign: "+", evidence: [{citation: "E 2005"}]}
"""


@pytest.fixture
def long_chain(tmp_path):
    """A review whose mediation X → M1 → M2 → Y has legs on routes its source X is not on."""
    (tmp_path / "model.yaml").write_text(LONG_CHAIN, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(
        "@misc{Unused2000, title = {Unused}, year = {2000}}\n", encoding="utf-8"
    )
    (tmp_path / "litgraph.toml").write_text(
        '[review]\nbibtex = ["refs.bib"]\nmodel = "model.yaml"\n', encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize("review", ["seed", "tam", "long_chain"])
def test_every_route_step_is_backed_as_the_model_says(review, request, cli):
    """Each step of every route between any two constructs lists exactly the hypotheses
    the model gives for it: among them mediations whose own source is not on the route."""
    project = request.getfixturevalue(review)
    model = yaml.safe_load((project / "model.yaml").read_text(encoding="utf-8"))
    ids = [c["id"] for c in model["constructs"]]
    compared = 0
    for source in ids:
        for target in ids:
            if source == target:
                continue
            answer = cli.json("paths", source, target, "--project", str(project))
            got = {
                tuple(r["constructs"]): {
                    "steps": [{h["id"] for h in step["hypotheses"]} for step in r["steps"]],
                    "mediations": r["mediations"],
                }
                for r in answer["routes"]
            }
            assert got == _expected_paths(model, source, target), f"{source} → {target}"
            compared += len(got)
    assert compared >= 5


def _expected_neighbours(model: dict, start: str, upstream: bool, depth: int) -> dict[tuple, set]:
    """(distance, construct) → the hypotheses whose legs reach it, from the plain YAML."""
    legs = [
        (leg, h["id"])
        for h in model["hypotheses"]
        if h["kind"] in ("direct", "mediation")
        for leg in _legs_of(h)
    ]
    frontier, seen, found = {start}, {start}, {}
    for distance in range(1, depth + 1):
        reached = set()
        for (cause, effect), hid in legs:
            near, far = (effect, cause) if upstream else (cause, effect)
            if near in frontier and far not in seen:
                found.setdefault((distance, far), set()).add(hid)
                reached.add(far)
        seen |= reached
        frontier = reached
    return found


@pytest.mark.parametrize("review", ["seed", "tam", "long_chain"])
def test_antecedents_and_consequents_reach_what_the_model_says(review, request, cli):
    project = request.getfixturevalue(review)
    model = yaml.safe_load((project / "model.yaml").read_text(encoding="utf-8"))
    reached = 0
    for construct in (c["id"] for c in model["constructs"]):
        for command, upstream in (("antecedents", True), ("consequents", False)):
            answer = cli.json(command, construct, "--depth", "3", "--project", str(project))
            got = {
                (item["distance"], item["construct"]): set(item["hypotheses"])
                for item in answer["constructs"]
            }
            assert got == _expected_neighbours(model, construct, upstream, 3), f"{command} {construct}"
            reached += len(got)
    assert reached >= 5


@pytest.mark.parametrize("quiet", [False, True])
def test_the_hypothesis_table_shows_it_is_working_on_a_terminal(seed, cli, monkeypatch, quiet):
    """Tens of thousands of hypotheses take a while to read: a spinner says so on stderr, unless --quiet."""
    import io

    from rich.console import Console

    from litgraph.cli import progress

    screen = io.StringIO()
    monkeypatch.setattr(progress, "err_console", Console(file=screen, force_terminal=True, width=100))
    result = cli("hypotheses", "--format", "json", *(["--quiet"] if quiet else []), "--project", str(seed))
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert ("reading the hypothesis table" in screen.getvalue()) is not quiet
