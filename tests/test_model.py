"""The research model file: read with lines, validated against its rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.model.load import load_model, read_model
from litgraph.model.validate import validate_model
from litgraph.model.yamldoc import read_yaml
from litgraph.records import HypothesisKind, Location, Problem, Severity

from .conftest import Cli

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
    text = (
        BASE
        + """  - {id: H1, kind: direct, from: a, to: b, sign: "+", statement: S, evidence: [{ref: k1}]}
  - {id: H2, kind: moderation, moderator: w, moderates: H1, sign: "-", statement: {en: S, zh: 乙}}
"""
    )
    assert problems(text) == []


@pytest.mark.parametrize(
    "hypotheses, message, line",
    [
        ("  - {id: H1, kind: direct, from: a, to: nowhere}\n", "unknown construct 'nowhere'", 10),
        ("  - {id: H1, kind: direct, from: a}\n", "missing its 'to' construct", 10),
        ("  - {id: H1, kind: mediation, from: a, to: b}\n", "missing its 'via'", 10),
        ("  - {id: H1, kind: moderation, moderator: w}\n", "missing 'moderates'", 10),
        (
            "  - {id: H1, kind: direct, from: a, to: b}\n"
            "  - {id: H2, kind: moderated_mediation, moderator: w, moderates: H1}\n",
            "must moderate a mediation hypothesis",
            11,
        ),
        ('  - {id: H1, kind: direct, from: a, to: b, sign: "++"}\n', "sign '++'", 10),
        ("  - {id: H1, kind: sideways, from: a, to: b}\n", "unknown kind 'sideways'", 10),
        (
            "  - {id: H1, kind: direct, from: a, to: b}\n  - {id: H1, kind: direct, from: b, to: w}\n",
            "defined twice",
            11,
        ),
        (
            "  - {id: H1, kind: direct, from: a, to: b, evidence: [{ref: k2}]}\n",
            "'k2' is not in the BibTeX",
            10,
        ),
        (
            "  - {id: H1, kind: direct, from: a, to: b, evidence: [{ref: k1, direction: refutes}]}\n",
            "direction 'refutes'",
            10,
        ),
        (
            "  - {id: H1, kind: direct, from: a, to: b}\n  - {id: H2, kind: direct, from: b, to: a}\n",
            "form a cycle",
            10,
        ),
    ],
)
def test_rule_breaks_are_reported_with_their_line(hypotheses, message, line):
    found = problems(BASE + hypotheses)
    assert found, "expected a problem"
    assert any(message in p.message and p.location.line == line for p in found), [
        (p.location.line, p.message) for p in found
    ]


def test_unknown_reference_suggests_a_close_key():
    found = problems(
        BASE + "  - {id: H1, kind: direct, from: a, to: b, statement: S, evidence: [{ref: Park2001}]}\n",
        keys=("Park2010",),
    )
    assert "did you mean 'Park2010'" in found[0].message


def test_empty_and_broken_yaml_name_the_file_and_line():
    with pytest.raises(InputError) as empty:
        read_yaml("", "m.yaml")
    assert "empty" in empty.value.message
    with pytest.raises(InputError) as broken:
        read_yaml("review:\n  id: [unclosed\nconstructs: []\n", "m.yaml")
    assert broken.value.location.file == "m.yaml" and broken.value.location.line >= 2


def test_recursive_alias_is_a_yaml_error_with_its_line():
    with pytest.raises(InputError) as recursive:
        read_yaml(BASE + "x: &a [*a]\n", "m.yaml")
    assert "alias" in recursive.value.message and recursive.value.location.line == 10


def test_deep_nesting_is_read_not_a_crash():
    data = read_yaml(BASE + "x: " + "[" * 900 + "]" * 900 + "\n", "m.yaml")
    depth, value = 0, data["x"]
    while value:
        depth, value = depth + 1, value[0]
    assert depth == 899


def test_a_key_given_twice_is_a_yaml_error():
    with pytest.raises(InputError) as twice:
        read_yaml("review: {id: r}\nconstructs:\n  - id: a\n    label: {en: A, en: B}\n", "m.yaml")
    assert "'en' is given twice" in twice.value.message and twice.value.location.line == 4


LANGUAGE_TAGS = [  # tags must be well-formed BCP 47, one text per language
    ('  - id: c\n    label: {"x y": z, en: y}\n', "'x y' is not a language tag", 10),
    ("  - id: c\n    label: {5: q, en: y}\n", "'5' is not a language tag", 10),
    ('  - id: c\n    label: C\n    definition: {"en-": x}\n', "'en-' is not a language tag", 11),
    ("  - id: c\n    label: {'en\"': z, en: y}\n", "'en\"' is not a language tag", 10),
    ('  - id: c\n    label: {"": z, en: y}\n', "'' is not a language tag", 10),
    (
        "  - id: c\n    label: C\n    alt_labels:\n      en: [x]\n      e_n: [y]\n",
        "'e_n' is not a language tag",
        13,
    ),
    ("  - id: c\n    label: {en: c, EN: C}\n", "'en' and 'EN' are the same language", 10),
]


@pytest.mark.parametrize("review", ['{id: r, title: {"zh hans": 标题}}', "{id: r, title: {en-: T}}"])
def test_review_title_language_tags_are_checked(review):
    found = problems(BASE.replace("{id: r}", review))
    assert any("is not a language tag" in p.message and p.location.line == 1 for p in found), found


def test_statement_language_tags_are_checked():
    found = problems(BASE + '  - {id: H1, from: a, to: b, statement: {"e n": x}}\n')
    assert [(p.location.line, "'e n' is not a language tag" in p.message) for p in found] == [(10, True)]


def test_well_formed_tags_and_yaml_words_as_keys_are_kept():
    text = BASE.replace(
        "hypotheses:\n",
        "  - id: c\n    label: {zh-Hans: 丙, pt-BR: c, no: c-no, x-private: c}\nhypotheses:\n",
    )
    model, shape = read_model(read_yaml(text, "m.yaml"), "m.yaml")
    assert shape == []
    assert model.construct_map()["c"].labels == {
        "zh-Hans": "丙",
        "pt-BR": "c",
        "no": "c-no",
        "x-private": "c",
    }


@pytest.mark.parametrize(
    "hypotheses, message, line, severity",
    [
        (
            '  - id: H1\n    from: a\n    to: b\n    sgin: "-"\n',
            "unknown key 'sgin' is ignored — did you mean 'sign'",
            13,
            "warning",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, cliam: x}]}\n",
            "unknown key 'cliam' is ignored — did you mean 'claim'",
            10,
            "warning",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, n: 1.5}]}\n",
            "'n' must be a whole number",
            10,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, n: 0}]}\n",
            "'n' must be at least 1",
            10,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, beta: .nan}]}\n",
            "'beta' must be a finite number",
            10,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, beta: -.inf}]}\n",
            "'beta' must be a finite number",
            10,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, p: .inf}]}\n",
            "'p' must be a finite number",
            10,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, n: .nan}]}\n",
            "'n' must be a finite number",
            10,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, beta: true}]}\n",
            "'beta' must be a finite number",
            10,
            "error",
        ),
        (
            "  - id: H1\n    from: a\n    to: b\n    evidence:\n      - ref: k1\n        p: 2\n",
            "'p' must be between 0 and 1",
            15,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, p: -0.01}]}\n",
            "'p' must be between 0 and 1",
            10,
            "error",
        ),
        (
            '  - {id: H1, from: a, to: b, evidence: [{ref: k1, citation: "Huang, 2020"}]}\n',
            "both 'ref' and 'citation'",
            10,
            "error",
        ),
        (
            "  - {id: H1, from: a, to: b, evidence: [{ref: k1, claim: [x]}]}\n",
            "claim must be text",
            10,
            "error",
        ),
        ("  - {id: H1, from: a, to: b, sign: [x]}\n", "sign must be text", 10, "error"),
        ('  - {id: H1, from: a, to: b, statement: ""}\n', "statement (en) is empty", 10, "warning"),
    ],
)
def test_values_are_not_changed_or_dropped_silently(hypotheses, message, line, severity):
    found = problems(BASE + hypotheses)
    assert any(
        message in p.message and p.location.line == line and p.severity.value == severity for p in found
    ), [(p.location.line, p.severity.value, p.message) for p in found]


@pytest.mark.parametrize(
    "construct, message, line",
    LANGUAGE_TAGS
    + [
        ('  - id: c\n    label: ""\n', "label (en) is empty", 10),
        ('  - id: c\n    label: {en: "", zh: 丙}\n', "label (en) is empty", 10),
        (
            "  - id: c\n    label: C\n    alt_labels: {en: [[x], {y: z}]}\n",
            "alt_labels (en) must be text, got ['x']",
            11,
        ),
        (
            "  - id: c\n    label: C\n    alt_labels: {en: [[x], {y: z}]}\n",
            "alt_labels (en) must be text, got {'y': 'z'}",
            11,
        ),
        ("  - id: c\n    label: {en: yes}\n", "must be text, got True (put it in quotes)", 10),
        ("  - id: c\n    lable: C\n", "unknown key 'lable' is ignored — did you mean 'label'", 10),
    ],
)
def test_construct_texts_and_language_tags_are_reported_with_their_line(construct, message, line):
    found = problems(BASE.replace("hypotheses:\n", construct + "hypotheses:\n"))
    assert any(message in p.message and p.location.line == line for p in found), [
        (p.location.line, p.message) for p in found
    ]


def test_number_values_are_read_as_numbers():
    model, shape = read_model(
        read_yaml(
            BASE
            + "  - {id: H1, from: a, to: b, statement: S,\n"
            + '     evidence: [{ref: k1, beta: -0.2, p: 0, n: "283"}]}\n',
            "m.yaml",
        ),
        "m.yaml",
    )
    item = model.hypotheses[0].evidence[0]
    assert shape == [] and (item.beta, item.p, item.n) == (-0.2, 0.0, 283) and isinstance(item.n, int)


@pytest.mark.parametrize(
    "review, ok",
    [
        ("{id: tam-acceptance_2}", True),
        ('{id: "tam acceptance/../x"}', False),
        ("{id: r, titel: T}", False),
    ],
)
def test_review_id_and_keys_are_checked(review, ok):
    found = problems(BASE.replace("{id: r}", review))
    assert (found == []) is ok, found
    assert all(p.location.line == 1 for p in found)


def test_kind_defaults_to_direct():
    model, shape = read_model(
        read_yaml(BASE + "  - {id: H1, from: a, to: b, statement: S}\n", "m.yaml"), "m.yaml"
    )
    assert shape == [] and model.hypotheses[0].kind is HypothesisKind.DIRECT


def _alias_bomb(levels: int) -> list[str]:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    return lines + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]


def test_aliases_share_what_they_name_instead_of_copying_it():
    """Nested aliases ("billion laughs") would otherwise grow ninefold at each level."""
    data = read_yaml("\n".join(_alias_bomb(3)) + "\n", "m.yaml")
    assert all(item is data["a2"] for item in data["a3"]) and all(item is data["a0"] for item in data["a1"])


def test_a_message_quoting_a_huge_value_stays_short(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(
        "\n".join(
            [
                *_alias_bomb(5),  # 590,490 values written out: within the limits (test_model_limits.py)
                "review: {id: t, title: {en: T}}",
                "constructs:",
                "  - {id: A, label: {en: A}, alt_labels: {en: *a5}}",
                "hypotheses: []",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    _, problems = load_model(path, "model.yaml")
    quoted = [p.message for p in problems if "must be text" in p.message]
    assert quoted and all(len(message) < 200 for message in quoted)


MERGED = BASE.replace(
    "hypotheses:\n",
    """x-direct: &direct {kind: direct, sign: "+", statement: S, evidence: [{ref: k1}]}
x-opposed: &opposed {sign: "-", statement: {en: Opposed}, colour: red}
hypotheses:
  - <<: *direct
    id: H1
    from: a
    to: b
  - <<: [*opposed, *direct]
    id: H2
    from: b
    to: w
    evidence: []
""",
)


def test_merge_keys_add_what_a_mapping_does_not_give_itself():
    """`<<: *defaults` as YAML 1.1 and PyYAML read it: own keys win, then the earlier merged mapping."""
    model, shape = read_model(read_yaml(MERGED, "m.yaml"), "m.yaml")
    h1, h2 = model.hypotheses
    assert (h1.kind, h1.sign, h1.source, h1.target) == (HypothesisKind.DIRECT, "+", "a", "b")
    assert [e.ref for e in h1.evidence] == ["k1"]
    assert (h2.kind, h2.sign, h2.statements, h2.evidence) == (
        HypothesisKind.DIRECT,
        "-",
        {"en": "Opposed"},
        [],
    )
    # a merged key the schema does not know is warned where it is written (BASE has 8 lines);
    # the `x-` keys holding the anchors are the author's own
    [unknown] = shape
    assert "hypothesis H2: unknown key 'colour'" in unknown.message and unknown.location.line == 10
    assert validate_model(model, {"k1"}) == []


def test_other_top_level_keys_are_still_warned():
    shape = read_model(read_yaml(BASE + "defaults: {sign: '+'}\n", "m.yaml"), "m.yaml")[1]
    assert [(p.message, p.location.line) for p in shape] == [
        ("top level: unknown key 'defaults' is ignored", 10)
    ]


@pytest.mark.parametrize("value", ["3", "[{sign: '+'}, 2]", "[[1]]"])
def test_a_merge_key_takes_only_mappings(value):
    with pytest.raises(InputError) as bad:
        read_yaml(BASE + f"  - id: H1\n    <<: {value}\n", "m.yaml")
    assert "merge key" in bad.value.message and bad.value.location.line == 11


# --- messages that point at the key (issue 15, item 6) ---------------------------------------------

BLOCK = """review: {id: r}
constructs:
  - id: a
    label: A
  - id: b
    label: B
hypotheses:
  - id: H1
    kind: direct
    from: a
    to: nowhere
    sign: "*"
    statement: S
    evidence:
      - ref: k1
        direction: agrees
"""


def test_a_broken_rule_points_at_the_line_of_its_key():
    """Lines of BLOCK, counted by hand: `to` 11, `sign` 12, `ref` 15, `direction` 16 (H1 starts on 8)."""
    found = {p.message.split(": ", 1)[1].split(" ")[0]: p.location.line for p in problems(BLOCK)}
    assert found == {"unknown": 11, "sign": 12, "direction": 16}
    missing = problems(BLOCK.replace("ref: k1", "ref: k2"), keys=("k1",))
    assert [p.location.line for p in missing if "not in the BibTeX files" in p.message] == [15]


def test_a_key_the_item_lacks_is_reported_at_the_item():
    found = problems(BLOCK.replace("    to: nowhere\n", ""))
    assert [p.location.line for p in found if "missing its 'to'" in p.message] == [8]


@pytest.mark.parametrize(
    ("statement", "warnings"),
    [
        ("    statement: S\n", []),
        ("    statement: {zh: 甲, en: S}\n", []),
        ("", ["hypothesis H1 has no statement: tables and the report show it without one"]),
        (
            "    statement: {}\n",
            ["hypothesis H1 has no statement: tables and the report show it without one"],
        ),
        ('    statement: ""\n', ["hypothesis H1: statement (en) is empty and is left out"]),
    ],
)
def test_a_hypothesis_without_a_statement_is_a_warning(statement, warnings):
    text = BASE + "  - id: H1\n    from: a\n    to: b\n" + statement
    model, shape = read_model(read_yaml(text, "m.yaml"), "m.yaml")
    assert [(p.severity.value, p.message) for p in shape] == [("warning", w) for w in warnings]
    # at H1's line (BASE has 9 lines), or at the empty statement's own
    assert all(p.location.line == (13 if "is empty" in p.message else 10) for p in shape)


def test_model_errors_are_each_printed_once_without_and_more(tam):
    """All four are listed, so none is "(and 3 more)"; the exception alone says how many it hides."""
    from litgraph.errors import ModelError

    model = tam / "model.yaml"
    text = model.read_text(encoding="utf-8")
    broken = text.replace('sign: "+"', 'sign: "*"', 4)
    model.write_text(broken, encoding="utf-8")
    result = Cli(tam)("build")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    sign_lines = [n for n, line in enumerate(broken.splitlines(), 1) if 'sign: "*"' in line]
    assert [line.split(":")[2] for line in errors] == [str(n) for n in sign_lines]
    assert "more)" not in result.output
    assert str(ModelError([Problem(Severity.ERROR, "x", Location("m", 1))] * 4)).endswith("x (and 3 more)")
