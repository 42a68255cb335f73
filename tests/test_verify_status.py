"""Each study an answer shows carries its last `verify` status: `show`, `evidence`, `supports`
and `paths`, as a field in `--json` and as a mark on the terminal (issue 15, item 7).

The saved verdicts are written here as `verify.json` is documented (a list of verdicts, one
per key); the expected status of each study comes from that file and the model read as YAML:
the status saved for its key, else "unchecked".
"""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from litgraph.cli import query_cmds

SAVED = {"Park2010": "mismatch", "Liang2011": "verified", "Schau2009": "retracted", "Hung2011": "not_found"}


def save(project, statuses: dict[str, str]) -> None:
    store = project / ".litgraph"
    store.mkdir(exist_ok=True)
    verdicts = [
        {"key": key, "status": status, "message": f"{status} (test)"} for key, status in statuses.items()
    ]
    (store / "verify.json").write_text(json.dumps({"verdicts": verdicts}), encoding="utf-8")


def expected(key: str) -> str:
    return SAVED.get(key, "unchecked")


@pytest.fixture
def verified_seed(seed, seed_cli):
    seed_cli("build", "--quiet")
    save(seed, SAVED)
    return seed_cli


def test_evidence_gives_every_study_its_saved_status(verified_seed, seed_model):
    for hyp in seed_model["hypotheses"]:
        answer = verified_seed.json("evidence", hyp["id"])
        wanted = [expected(item["ref"]) if "ref" in item else "unchecked" for item in hyp.get("evidence", [])]
        assert [study["verify"] for study in answer["evidence"]] == wanted, hyp["id"]
        cited = answer["hypothesis"]["supported_by"] + answer["hypothesis"]["contradicted_by"]
        assert {c["key"]: c["verify"] for c in cited} == {
            item.get("ref", ""): w for item, w in zip(hyp.get("evidence", []), wanted, strict=True)
        }


def test_supports_and_show_give_the_reference_its_status(verified_seed, seed_model):
    for key in [*SAVED, "Algesheimer2005"]:
        assert verified_seed.json("supports", key)["verify"] == expected(key)
        shown = verified_seed.json("show", key)
        assert shown["type"] == "reference" and shown["verify"] == expected(key)
    h4 = verified_seed.json("show", "H4")
    assert {s["key"]: s["verify"] for s in h4["evidence"]} == {
        item["ref"]: expected(item["ref"])
        for item in next(h for h in seed_model["hypotheses"] if h["id"] == "H4")["evidence"]
    }
    for construct in seed_model["constructs"]:
        shown = verified_seed.json("show", construct["id"])
        assert [c["verify"] for c in shown["defined_by"]] == [
            expected(item["ref"]) for item in construct.get("defined_by", [])
        ]


def test_paths_give_each_supporting_study_its_status(verified_seed, seed_model):
    evidence = {
        h["id"]: {e["ref"] for e in h.get("evidence", []) if "ref" in e} for h in seed_model["hypotheses"]
    }
    answer = verified_seed.json("paths", "community_atmosphere", "brand_attachment")
    seen = 0
    for route in answer["routes"]:
        for step in route["steps"]:
            for hyp in step["hypotheses"]:
                for cited in hyp["supported_by"]:
                    assert cited["key"] in evidence[hyp["id"]]
                    assert cited["verify"] == expected(cited["key"])
                    seen += cited["verify"] != "unchecked"
    assert seen >= 2  # Park2010 behind H3 and H4, Schau2009 behind H1b


def test_without_verify_json_every_study_is_unchecked(seed_cli, seed_model):
    hyp = seed_model["hypotheses"][0]
    answer = seed_cli.json("evidence", hyp["id"])
    assert {study["verify"] for study in answer["evidence"]} == {"unchecked"}


def _screen(monkeypatch) -> io.StringIO:
    screen = io.StringIO()
    monkeypatch.setattr(query_cmds, "console", Console(file=screen, width=250, color_system=None))
    return screen


def test_the_terminal_marks_each_study_with_its_status(verified_seed, seed_model, monkeypatch):
    screen = _screen(monkeypatch)
    hyp = next(h for h in seed_model["hypotheses"] if h["id"] == "H4")
    assert verified_seed("evidence", "H4").exit_code == 0
    rows = {
        line.split("│")[3].strip(): line for line in screen.getvalue().splitlines() if line.count("│") > 4
    }
    for item in hyp["evidence"]:
        status = expected(item["ref"])
        assert ("not verified" if status == "unchecked" else status) in rows[item["ref"]]
    screen.truncate(0)
    assert verified_seed("paths", "community_support", "brand_attachment").exit_code == 0
    tree = screen.getvalue()
    assert "✓ verified" in tree and "✗ mismatch" in tree and "not verified" in tree  # Liang2011, Park2010
    screen.truncate(0)
    assert verified_seed("supports", "Schau2009").exit_code == 0
    assert "✗ retracted" in screen.getvalue().splitlines()[0]
    screen.truncate(0)
    assert verified_seed("show", "community_support").exit_code == 0
    assert "defined by:" in screen.getvalue() and "✓ verified" in screen.getvalue()  # Liang2011
