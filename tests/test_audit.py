"""`litgraph audit`: which hypotheses rest on thin, missing or failing references."""

from __future__ import annotations

from litgraph.check.verify.verdicts import Status, Verdict, save_verdicts
from litgraph.project import find_project


def _supported_by(model: dict, key: str) -> set[str]:
    return {h["id"] for h in model["hypotheses"] if any(e.get("ref") == key for e in h.get("evidence", []))}


def _single_study(model: dict) -> set[str]:
    return {
        h["id"]
        for h in model["hypotheses"]
        if len([e for e in h.get("evidence", []) if e.get("direction", "supports") == "supports"]) == 1
    }


def _flags(answer: dict, kind: str = "hypothesis") -> dict[str, set[str]]:
    return {
        item["id"]: {f["code"] for f in item["flags"]} for item in answer["items"] if item["kind"] == kind
    }


def test_seed_audit_before_verify(seed_cli, seed_model):
    result = seed_cli("audit", "--json")
    assert result.exit_code == 1  # a citation missing from the reference list is an error
    import json

    flags = _flags(json.loads(result.stdout))
    missing = {
        h["id"] for h in seed_model["hypotheses"] if any("citation" in e for e in h.get("evidence", []))
    }
    assert missing == {"H6a", "H6b"}
    assert {hid for hid, codes in flags.items() if "missing-reference" in codes} == missing
    assert {hid for hid, codes in flags.items() if "single-study" in codes} == _single_study(seed_model)
    assert seed_cli("audit", "--fail-on", "never").exit_code == 0


def test_seed_audit_uses_verify_verdicts(seed, seed_cli, seed_model):
    project = find_project(seed)
    save_verdicts(
        project.store_dir,
        [
            Verdict("Park2010", Status.RETRACTED, "retracted (test)"),
            Verdict("Liang2011", Status.MISMATCH, "year differs (test)"),
            Verdict("Algesheimer2005", Status.VERIFIED, "ok"),
        ],
    )
    answer = seed_cli.json("audit", "--fail-on", "never")
    flags = _flags(answer)
    assert {hid for hid, codes in flags.items() if "retracted" in codes} == _supported_by(
        seed_model, "Park2010"
    )
    assert {hid for hid, codes in flags.items() if "mismatch" in codes} == _supported_by(
        seed_model, "Liang2011"
    )
    definitions = _flags(answer, "construct")
    assert "retracted" in definitions["brand_attachment"]  # defined by Park et al. (2010)
    h1a = next(i for i in answer["items"] if i["id"] == "H1a")
    status = {r["key"]: r["verify"] for r in h1a["references"]}
    assert status["Algesheimer2005"] == "verified" and status["Escalas2005"] == "unchecked"


def test_flags_column_in_the_hypothesis_table(seed_cli, seed_model):
    table = seed_cli("hypotheses", "--flags", "--format", "md").stdout
    header = table.splitlines()[0]
    assert header.rstrip().endswith("| Flags |")
    rows = {
        line.split("|")[1].strip(): line.split("|")[-2]
        for line in table.splitlines()
        if line.startswith("| H")
    }
    for hid in _single_study(seed_model):
        assert "single-study" in rows[hid]
    assert "missing-reference (Huang, 2020)" in rows["H6a"]


def test_second_review_audit_flags_the_contradiction(tam_cli):
    flags = _flags(tam_cli.json("audit", "--fail-on", "never"))
    assert "contradicted" in flags["H3"]
