"""The research model file: read with lines, validated against its rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.model.load import load_model, read_model, read_yaml
from litgraph.model.validate import validate_model
from litgraph.records import HypothesisKind

ROOT = Path(__file__).resolve().parents[1]

BASE = """review: {id: r}
constructs:
  - id: a
    label: {en: A}
  - id: b
    label: {en: B, zh: 乙}
  - id: w
    label: W
hypotheses:
"""


def problems(text: str, keys=("k1",)):
    model, shape = read_model(read_yaml(text, "m.yaml"), "m.yaml")
    return shape + validate_model(model, set(keys))


def test_seed_model_matches_the_review(seed_model):
    model, shape = load_model(ROOT / "model.yaml")
    assert shape == []
    assert {c.id for c in model.constructs} == {c["id"] for c in seed_model["constructs"]}
    assert len(model.constructs) == 6
    kinds = {h.id: h.kind for h in model.hypotheses}
    assert kinds["H1a"] is HypothesisKind.DIRECT and kinds["H5a"] is HypothesisKind.MEDIATION
    assert kinds["H6a"] is HypothesisKind.MODERATION
    h6a = model.hypothesis_map()["H6a"]
    assert h6a.moderator == "relational_need_intensity" and h6a.moderates == "H1a"
    # The review cites "Huang, 2020", which its reference list lacks: kept as a citation.
    assert any(e.citation == "Huang, 2020" and not e.ref for e in h6a.evidence)
    assert h6a.location.line > 0


def test_valid_model_has_no_problems():
    text = BASE + """  - {id: H1, kind: direct, from: a, to: b, sign: "+", evidence: [{ref: k1, claim: c}]}
  - {id: H2, kind: moderation, moderator: w, moderates: H1, sign: "-"}
"""
    assert problems(text) == []


@pytest.mark.parametrize("hypotheses, message, line", [
    ('  - {id: H1, kind: direct, from: a, to: nowhere}\n', "unknown construct 'nowhere'", 10),
    ('  - {id: H1, kind: direct, from: a}\n', "missing its 'to' construct", 10),
    ('  - {id: H1, kind: mediation, from: a, to: b}\n', "missing its 'via'", 10),
    ('  - {id: H1, kind: moderation, moderator: w}\n', "missing 'moderates'", 10),
    ('  - {id: H1, kind: direct, from: a, to: b}\n  - {id: H2, kind: moderated_mediation, moderator: w, moderates: H1}\n',
     "must moderate a mediation hypothesis", 11),
    ('  - {id: H1, kind: direct, from: a, to: b, sign: "++"}\n', "sign '++'", 10),
    ('  - {id: H1, kind: sideways, from: a, to: b}\n', "unknown kind 'sideways'", 10),
    ('  - {id: H1, kind: direct, from: a, to: b}\n  - {id: H1, kind: direct, from: b, to: w}\n', "defined twice", 11),
    ('  - {id: H1, kind: direct, from: a, to: b, evidence: [{ref: k2}]}\n', "'k2' is not in the BibTeX", 10),
    ('  - {id: H1, kind: direct, from: a, to: b, evidence: [{ref: k1, direction: refutes}]}\n', "direction 'refutes'", 10),
    ('  - {id: H1, kind: direct, from: a, to: b}\n  - {id: H2, kind: direct, from: b, to: a}\n', "form a cycle", 10),
])
def test_rule_breaks_are_reported_with_their_line(hypotheses, message, line):
    found = problems(BASE + hypotheses)
    assert found, "expected a problem"
    assert any(message in p.message and p.location.line == line for p in found), [(p.location.line, p.message) for p in found]


def test_unknown_reference_suggests_a_close_key():
    found = problems(BASE + "  - {id: H1, kind: direct, from: a, to: b, evidence: [{ref: Park2001}]}\n", keys=("Park2010",))
    assert "did you mean 'Park2010'" in found[0].message


def test_empty_and_broken_yaml_name_the_file_and_line():
    with pytest.raises(InputError) as empty:
        read_yaml("", "m.yaml")
    assert "empty" in empty.value.message
    with pytest.raises(InputError) as broken:
        read_yaml("review:\n  id: [unclosed\nconstructs: []\n", "m.yaml")
    assert broken.value.location.file == "m.yaml" and broken.value.location.line >= 2
