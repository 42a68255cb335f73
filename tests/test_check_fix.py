"""`litgraph check --fix`: the rules' certain fixes written into the file, and nothing else changed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litgraph.cli.app import app
from litgraph.parse.bibtex import load_bibliography

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
runner = CliRunner()

BIB = """% a comment the fix must keep
@string{jm = {Journal of Marketing}}

@article{Dash2010,
  author  = {Park, C. W. and MacInnis, D. J.},
  title   = {Brand attachment},
  journal = jm,
  year    = 2010,
  pages   = {45-60},
}

@article{Doi2011,
  author = "Thomson, M.",
  title = "Human brands & attachment",
  journal = {Journal of Consumer Psychology}, year = {2006}, pages = {104--119},
  doi = {https://doi.org/10.1207/s15327663jcp1601_10},
}

@article{Concat2012,
  author = {Malar, L.}, title = "Emotional " # "brand & attachment", journal = {Journal of Marketing},
  year = {2011}, pages = {35--52},
}
"""


def write_bib(tmp_path: Path, text: str = BIB, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def check_json(*args: str) -> dict:
    result = runner.invoke(app, ["check", *args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_fix_writes_name_fixed_bib_beside_the_file_changing_only_the_fixed_values(tmp_path):
    bib = write_bib(tmp_path)
    result = runner.invoke(app, ["check", str(bib), "--fix"])
    assert result.exit_code == 0, result.output
    assert bib.read_text(encoding="utf-8") == BIB  # the file itself untouched
    fixed = (tmp_path / "refs.fixed.bib").read_text(encoding="utf-8")
    expected = (
        BIB.replace("{45-60}", "{45--60}")
        .replace('"Human brands & attachment"', '"Human brands \\& attachment"')
        .replace("{https://doi.org/10.1207/", "{10.1207/")
    )
    assert fixed == expected
    assert "3 correction(s) written to" in " ".join(result.stderr.split())


def test_json_reports_what_was_applied_and_what_was_skipped(tmp_path):
    bib = write_bib(tmp_path)
    data = check_json(str(bib), "--fix")
    [report] = data["fixes"]
    assert report["file"] == str(bib) and report["written"] == str(tmp_path / "refs.fixed.bib")
    assert report["backup"] is None
    assert [(a["key"], a["field"], a["codes"], a["old"], a["new"]) for a in report["applied"]] == [
        ("Dash2010", "pages", ["pages-dash"], "45-60", "45--60"),
        (
            "Doi2011",
            "title",
            ["unescaped-special"],
            "Human brands & attachment",
            "Human brands \\& attachment",
        ),
        (
            "Doi2011",
            "doi",
            ["doi-syntax"],
            "https://doi.org/10.1207/s15327663jcp1601_10",
            "10.1207/s15327663jcp1601_10",
        ),
    ]
    assert report["skipped"] == []
    assert data["summary"]["fixed"] == 3
    [concatenated] = [p for p in data["problems"] if p["key"] == "Concat2012"]
    assert concatenated["fix"] == ""
    assert concatenated["message"].endswith("not fixed automatically: the value is a # concatenation")


def test_a_new_value_that_would_break_the_entry_is_skipped(tmp_path):
    """In a quoted value a double quote must stay inside braces; an edit is not risked."""
    text = '@article{Q, author={Doe, J.}, title="The {"}best{"} R & D", journal={J}, year={2001}}\n'
    [report] = check_json(str(write_bib(tmp_path, text)), "--fix")["fixes"]
    reason = "the new value would not stay one BibTeX value"
    assert report["skipped"] == [
        {"key": "Q", "field": "title", "codes": ["unescaped-special"], "reason": reason}
    ]
    assert report["written"] is None and not (tmp_path / "refs.fixed.bib").exists()


def test_a_value_from_a_string_macro_is_not_rewritten(tmp_path):
    """The fix belongs in the @string, which other entries share: that is the author's call."""
    text = "@string{rd = {R & D}}\n" + BIB.replace("journal = jm", "journal = jm, note = rd")
    data = check_json(str(write_bib(tmp_path, text)), "--fix")
    [macro] = [p for p in data["problems"] if p["field"] == "note"]
    assert macro["fix"] == "" and macro["message"].endswith("(a @string macro?)")
    assert "note" not in {a["field"] for a in data["fixes"][0]["applied"]}
    fixed = (tmp_path / "refs.fixed.bib").read_text(encoding="utf-8")
    assert fixed.startswith("@string{rd = {R & D}}") and "note = rd" in fixed


def test_an_inherited_value_is_fixed_in_its_parent(tmp_path):
    text = (
        "@inproceedings{Child, author = {Doe, J.}, title = {A paper}, year = {2001}, crossref = {Proc}}\n"
        "@proceedings{Proc, title = {Proc. of R & D}, booktitle = {Proc. of R & D}, year = {2001}}\n"
    )
    bib = write_bib(tmp_path, text)
    data = check_json(str(bib), "--fix", "--in-place")
    child = [p for p in data["problems"] if p["key"] == "Child"]
    assert child and all(p["fix"] == "" and "inherited through crossref" in p["message"] for p in child)
    assert {(a["key"], a["field"]) for a in data["fixes"][0]["applied"]} == {
        ("Proc", "title"),
        ("Proc", "booktitle"),
    }
    assert check_json(str(bib))["problems"] == []


def test_in_place_keeps_a_backup_and_check_then_finds_only_what_is_left(tmp_path):
    bib = write_bib(tmp_path)
    before = {p["code"] for p in check_json(str(bib))["problems"]}
    assert before == {"pages-dash", "unescaped-special", "doi-syntax"}
    result = runner.invoke(app, ["check", str(bib), "--fix", "--in-place"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "refs.bib.bak").read_text(encoding="utf-8") == BIB
    assert not (tmp_path / "refs.fixed.bib").exists()
    after = check_json(str(bib))["problems"]
    assert [(p["key"], p["code"]) for p in after] == [("Concat2012", "unescaped-special")]


def test_output_file(tmp_path):
    bib = write_bib(tmp_path)
    out = tmp_path / "out" / "clean.bib"
    out.parent.mkdir()
    assert runner.invoke(app, ["check", str(bib), "--fix", "-o", str(out)]).exit_code == 0
    assert "{45--60}" in out.read_text(encoding="utf-8") and not (tmp_path / "refs.fixed.bib").exists()


def test_exit_code_counts_only_the_findings_left(tmp_path):
    bib = write_bib(tmp_path, BIB.split("@article{Concat2012")[0])
    assert runner.invoke(app, ["check", str(bib), "--fail-on", "info"]).exit_code == 1
    result = runner.invoke(app, ["check", str(bib), "--fail-on", "info", "--fix"])
    assert result.exit_code == 0, result.output
    assert "(3 fixed)" in result.stdout


def test_nothing_to_fix_writes_nothing(tmp_path):
    bib = write_bib(tmp_path, BIB.split("@article{Doi2011")[0].replace("{45-60}", "{45--60}"))
    result = runner.invoke(app, ["check", str(bib), "--fix"])
    assert result.exit_code == 0 and "nothing to fix" in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == [bib]


def test_ignored_findings_are_not_fixed(tmp_path):
    bib = write_bib(tmp_path)
    check_json(str(bib), "--fix", "--ignore", "pages-dash")
    assert "{45-60}" in (tmp_path / "refs.fixed.bib").read_text(encoding="utf-8")


def test_two_fixes_of_one_field_take_two_runs(tmp_path):
    """An & and full-width punctuation in one Latin title: each fix is worked out from the value
    as it stands, so the second waits for the run after the first."""
    entry = (
        "@article{A, author={Doe, J.}, title={Research & development，a review}, journal={J}, year={2001}}\n"
    )
    bib = write_bib(tmp_path, entry)
    [first] = check_json(str(bib), "--fix", "--in-place")["fixes"]
    assert [a["codes"] for a in first["applied"]] == [["punctuation-width"]]
    assert first["skipped"][0]["codes"] == ["unescaped-special"]
    assert "run --fix again" in first["skipped"][0]["reason"]
    check_json(str(bib), "--fix", "--in-place")
    assert r"title={Research \& development, a review}" in bib.read_text(encoding="utf-8")
    assert check_json(str(bib))["problems"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--in-place"], "--in-place and --output go with --fix"),
        (["--fix", "--in-place", "-o", "x.bib"], "exclude each other"),
        (["--fix", "-o", "x.bib", "second.bib"], "--output needs a single BibTeX file"),
    ],
)
def test_fix_options_that_do_not_go_together_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_bib(tmp_path)
    write_bib(tmp_path, name="second.bib")
    result = runner.invoke(app, ["check", "refs.bib", *args])
    assert result.exit_code == 2 and message in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["refs.bib", "second.bib"]


def test_a_project_file_is_fixed_in_place(seed):
    bib = seed / "references" / "seed-review.bib"
    original = bib.read_text(encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(seed), "--fix", "--in-place", "--json"])
    [report] = json.loads(result.stdout)["fixes"]
    assert report["file"] == "references/seed-review.bib" and len(report["applied"]) == 31
    assert (seed / "references" / "seed-review.bib.bak").read_text(encoding="utf-8") == original
    assert bib.read_text(encoding="utf-8") != original


# --- every real corpus: the fixes change only the fixed fields ------------------------------------


def _field_lines(text: str, key: str, field: str, old: str) -> range:
    """The lines (0-based) that `field = {old}` of entry `key` takes in the original text."""
    head = re.search(rf"@\w+\s*[{{(]\s*{re.escape(key)}\s*,", text)
    assert head, key
    name = re.compile(rf"(?:^|[,{{])[ \t]*{re.escape(field)}[ \t]*=", re.IGNORECASE | re.MULTILINE)
    found = name.search(text, head.end())
    assert found, (key, field)
    first = text.count("\n", 0, found.end())
    return range(first, first + old.count("\n") + 1)


@pytest.mark.parametrize("corpus", sorted(path.name for path in CORPORA.glob("*.bib")))
def test_fixing_a_copy_of_each_corpus_changes_only_the_fixed_fields(tmp_path, corpus):
    bib = tmp_path / corpus
    shutil.copyfile(CORPORA / corpus, bib)
    data = check_json(str(bib), "--fix", "-q")
    [report] = data["fixes"]
    applied = report["applied"]
    fixed_path = tmp_path / corpus.replace(".bib", ".fixed.bib")
    assert (CORPORA / corpus).read_bytes() == bib.read_bytes()
    if not applied:
        assert not fixed_path.exists() and not [p for p in data["problems"] if p["fix"]]
        return
    original = bib.read_text(encoding="utf-8-sig").splitlines()
    fixed = fixed_path.read_text(encoding="utf-8-sig").splitlines()

    # every changed line of the original lies in a fixed field, and no line is added or lost
    allowed = set()
    text = "\n".join(original)
    for change in applied:
        allowed.update(_field_lines(text, change["key"], change["field"], change["old"]))
    assert len(fixed) == len(original)
    changed = [i for i, (was, now) in enumerate(zip(original, fixed, strict=True)) if was != now]
    assert changed and set(changed) <= allowed

    # parsed again, each entry is what it was except the fixed values (and what a child inherits)
    before = load_bibliography([bib], [corpus])
    after = load_bibliography([fixed_path], [corpus])
    new_values = {(c["key"], c["field"]): c["new"] for c in applied}
    assert [ref.key for ref in after.references] == [ref.key for ref in before.references]
    for old_ref, new_ref in zip(before.references, after.references, strict=True):
        parent = old_ref.fields.get("crossref", "")
        for name in set(old_ref.fields) | set(new_ref.fields):
            if old_ref.fields.get(name) == new_ref.fields.get(name):
                continue
            value = new_values.get((old_ref.key, name), new_values.get((parent, name)))
            assert value is not None and new_ref.fields[name].strip() == value.strip(), (old_ref.key, name)

    # and check no longer reports what was fixed
    fixed_findings = {(c["key"], c["field"], code) for c in applied for code in c["codes"]}
    again = check_json(str(fixed_path), "-q")
    assert not fixed_findings & {(p["key"], p["field"], p["code"]) for p in again["problems"]}
    assert data["summary"]["fixed"] == sum(len(c["codes"]) for c in applied)
