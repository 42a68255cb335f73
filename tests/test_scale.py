"""Field scale in miniature: the synthetic generator, parallel parsing, incremental builds.

The incremental build must leave exactly what a full build leaves: after each kind
of edit, the store's sorted N-Quads dump and the manifest are compared with those
of a forced full build of the same sources.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from litgraph.graph.build import build
from litgraph.graph.store import GraphStore
from litgraph.parse.bibtex import load_bibliography
from litgraph.project import find_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synth  # noqa: E402

ENTRIES = 1500


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    synth.write_project(folder, ENTRIES, constructs=20, hypotheses=60)
    return folder


@pytest.fixture
def review(corpus, tmp_path) -> Path:
    for name in ("references.bib", "model.yaml", "litgraph.toml"):
        (tmp_path / name).write_bytes((corpus / name).read_bytes())
    return tmp_path


def dump(project) -> list[str]:
    return sorted(str(quad) for quad in GraphStore(project.store_dir).open())


def manifest(project) -> dict:
    data = json.loads((project.store_dir / "manifest.json").read_text(encoding="utf-8"))
    for varying in ("built_at", "state_id", "files"):  # files: the database's own layout
        data.pop(varying)
    return data


def edited_incrementally(project, path: Path, edit, **full) -> list[str]:
    """Edit a source, build incrementally, and check a forced full build leaves the same store; its dump."""
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(project).incremental
    after = dump(project)
    build(project, force=True, **full)
    assert after == dump(project)
    return after


def test_generator_is_deterministic_and_exact():
    text = synth.bibliography(500, seed=3)
    assert text == synth.bibliography(500, seed=3)
    heads = re.findall(r"^@(\w+)\{", text, re.MULTILINE)
    assert sum(1 for kind in heads if kind != "string") == 500
    assert (
        "@proceedings" in text and "crossref = " in text and '{\\"' in text and "langid = {chinese}" in text
    )


def test_parallel_parse_equals_serial(corpus):
    path = corpus / "references.bib"
    serial, parallel = load_bibliography([path], workers=1), load_bibliography([path], workers=2)
    assert [asdict(r) for r in serial.references] == [asdict(r) for r in parallel.references]
    assert [p.as_dict() for p in serial.problems] == [p.as_dict() for p in parallel.problems]
    assert len(serial.references) == serial.heads == ENTRIES


def test_full_build_counts_and_workers(review):
    project = find_project(review)
    result = build(project, workers=2)
    counts = result.manifest.counts
    assert (counts["references"], counts["entries_in_files"], counts["constructs"], counts["hypotheses"]) == (
        ENTRIES,
        ENTRIES,
        20,
        60,
    )
    assert result.problems == [] and not result.incremental
    assert len(set(dump(project))) <= counts["quads"]
    parallel = dump(project)
    build(project, force=True, workers=1)
    assert dump(project) == parallel


def _retitle(text: str) -> str:
    return text.replace("title = {", "title = {Changed ", 1)


def _add_line(text: str) -> str:  # every later entry moves down a line
    return text.replace("  title = {", "  note = {added},\n  title = {", 1)


def _drop_entry(text: str) -> str:
    return re.sub(r"@incollection\{[^@]*", "", text, count=1)


def _change_proceedings(text: str) -> str:  # every crossref child of it changes
    at = text.index("@proceedings")
    return text[:at] + text[at:].replace("publisher = {ACM}", "publisher = {IEEE}", 1)


def _duplicate_key(text: str) -> str:
    key = re.search(r"@article\{([^,]+),", text).group(1)
    return text + f"\n@article{{{key},\n  title = {{A second {key}}}\n}}\n"


def _broken_entry(text: str) -> str:
    return text.replace("title = {", "title = {Unclosed {", 1)


@pytest.mark.parametrize(
    "edit", [_retitle, _add_line, _drop_entry, _change_proceedings, _duplicate_key, _broken_entry]
)
def test_incremental_build_equals_full_build(review, edit):
    project = find_project(review)
    build(project)
    bib = review / "references.bib"
    bib.write_text(edit(bib.read_text(encoding="utf-8")), encoding="utf-8")
    incremental = build(project)
    assert incremental.rebuilt and incremental.incremental
    after_incremental, manifest_incremental = dump(project), manifest(project)
    full = build(project, force=True)
    assert not full.incremental
    assert after_incremental == dump(project)
    assert manifest_incremental == manifest(project)


UNIQUE = (
    "\n@article{unique2020,\n  author = {Quayle-Zeno, Q. X. and Shared, A.},\n  title = {Only here},\n"
    "  journal = {Journal Nobody Else Cites},\n  year = {2020}\n}\n"
)


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace(UNIQUE, ""),  # the entry goes: its person and venue go with it
        lambda text: text.replace(
            "Quayle-Zeno, Q. X.", "Quayle-Zeno, Quentin X."
        ),  # a new spelling, a new node
    ],
)
def test_incremental_build_drops_people_and_venues_no_one_names(review, edit):
    project = find_project(review)
    bib = review / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + UNIQUE, encoding="utf-8")
    build(project)
    assert any('"Q. X."' in quad for quad in dump(project))
    assert any('"Journal Nobody Else Cites"' in quad for quad in dump(project))
    assert not any('"Q. X."' in quad for quad in edited_incrementally(project, bib, edit))


LOSER_FIRST = (
    "\n@article{dup2020,\n  author = {Solo, Han},\n  title = {Used},\n  journal = {J One},\n"
    "  year = {2020}\n}\n"
    "\n@article{dup2020,\n  author = {Loser-Named, Pat and Only-In-Loser, Q.},\n  title = {Not used},\n"
    "  journal = {J Lost},\n  year = {2020}\n}\n"
    "\n@article{later2021,\n  author = {Loser-Named, Pat},\n  title = {Names them too},\n"
    "  journal = {J Lost},\n  year = {2021}\n}\n"
)


@pytest.mark.parametrize("workers", [1, 2])
def test_people_first_described_by_an_unused_duplicate_keep_their_facts(review, workers):
    from litgraph.query.open import open_embedded

    project = find_project(review)
    bib = review / "references.bib"
    bib.write_text(LOSER_FIRST + bib.read_text(encoding="utf-8"), encoding="utf-8")
    build(project, force=True, workers=workers)
    later = open_embedded(project).references(["later2021"])[0]
    assert ([a.family for a in later.authors], later.container) == (["Loser-Named"], "J Lost")
    dumped = dump(project)
    assert not any(
        '"Not used"' in quad or "Only-In-Loser" in quad for quad in dumped
    )  # nobody's author: not kept
    edited_incrementally(
        project, bib, lambda text: text.replace("Names them too", "Renamed"), workers=workers
    )


def test_changed_model_is_replaced_in_place(review):
    project = find_project(review)
    build(project)
    after = edited_incrementally(
        project, review / "model.yaml", lambda text: text.replace("construct 3,", "construct three,")
    )
    assert any('"construct three"@en' in quad for quad in after)


def test_changed_string_macro_means_a_full_build(review):
    project = find_project(review)
    build(project)
    bib = review / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{MIS Quarterly}", "{MISQ}"), encoding="utf-8")
    result = build(project)
    assert result.rebuilt and not result.incremental
    assert any('"MISQ"' in quad for quad in dump(project))


class Recorder:
    def __init__(self):
        self.stages, self.advanced = [], {}

    def begin(self, stage, total=None):
        self.stages.append(stage)

    def advance(self, stage, amount=1):
        self.advanced[stage] = self.advanced.get(stage, 0) + amount


def test_build_reports_its_steps_and_quiet_prints_nothing(review, cli):
    steps = Recorder()
    build(find_project(review), steps=steps)
    assert {"model", "parse", "write"} <= set(steps.stages)
    assert steps.advanced["parse"] == steps.advanced["write"] == ENTRIES
    quiet = cli("build", "--force", "--quiet", "--project", str(review))
    assert quiet.exit_code == 0 and quiet.output == ""
    loud = cli("build", "--force", "--project", str(review))  # not a terminal: text, no bars
    assert loud.exit_code == 0 and "graph built" in loud.output and "━" not in loud.output


PARENT_FILE = (
    "@proceedings{conf2020,\n  title = {Proceedings of Conf 2020},\n  publisher = {ACM},\n"
    "  year = {2020}\n}\n"
)
# A child whose parent's key was taken by the first file: its own file's `conf2020` is an
# unused duplicate, so the child has no parent (and the guess made before parsing is wrong).
CHILD_FILE = (
    "@inproceedings{child2020,\n  author = {Doe, Jane},\n  title = {A child},\n  crossref = {conf2020},\n"
    "  pages = {1--2}\n}\n\n"
    "@proceedings{conf2020,\n  title = {Another Conf Nobody Uses},\n  year = {2020}\n}\n\n"
    "@inproceedings{cousin2021,\n  author = {Roe, Rick},\n  title = {A cousin},\n"
    "  crossref = {CONF2021},\n}\n\n"
    "@proceedings{conf2021,\n  title = {Conf 2021, lower case},\n  year = {2021}\n}\n\n"
    "@proceedings{Conf2021,\n  title = {Conf 2021, the last case variant},\n  year = {2021}\n}\n"
)


@pytest.mark.parametrize("workers", [1, 2])
def test_streamed_build_holds_the_graph_of_the_parsed_bibliography(tmp_path, workers):
    """Workers finish crossref children with a parent guessed before parsing; where the
    guess is wrong the build finishes the child again. Either way the store must hold
    what the parsed bibliography (parents linked after parsing) says."""
    import pyoxigraph as ox

    from litgraph.graph.sources import read_sources
    from litgraph.graph.triples import all_quads
    from litgraph.graph.vocab import ReviewIris

    (tmp_path / "first.bib").write_text(PARENT_FILE, encoding="utf-8")
    (tmp_path / "second.bib").write_text(CHILD_FILE, encoding="utf-8")
    (tmp_path / "litgraph.toml").write_text(
        '[review]\nbibtex = ["first.bib", "second.bib"]\n', encoding="utf-8"
    )
    project = find_project(tmp_path)
    build(project, force=True, workers=workers)
    sources = read_sources(project)
    refs = sources.bibliography.references
    expected = all_quads(
        refs, {r.key: r.location.file for r in refs}, None, ReviewIris(tmp_path.resolve().name)
    )
    assert set(dump(project)) == {str(quad) for quad in ox.parse("".join(expected), ox.RdfFormat.N_QUADS)}
    child = next(ref for ref in refs if ref.key == "child2020")
    assert (child.container, [p.code for p in sources.problems if p.key == "child2020"]) == (
        "",
        ["crossref-missing"],
    )
    assert (
        next(ref for ref in refs if ref.key == "cousin2021").container == "Conf 2021, the last case variant"
    )
    assert not any("Nobody Uses" in quad for quad in dump(project))


@pytest.mark.parametrize(
    "command, bars",
    [
        (("build", "--force"), ("parse BibTeX", "write the store")),
        (("check",), ("parse BibTeX", "check entries")),
    ],
)
@pytest.mark.parametrize("quiet", [False, True])
def test_a_terminal_sees_the_long_steps_bars_unless_quiet(review, cli, monkeypatch, command, bars, quiet):
    """On a terminal the long steps show bars (label, bar, done/total); `--quiet` shows none."""
    import io

    from rich.console import Console

    from litgraph.cli import progress

    screen = io.StringIO()
    monkeypatch.setattr(progress, "err_console", Console(file=screen, force_terminal=True, width=100))
    result = cli(*command, *(["--quiet"] if quiet else []), "--project", str(review))
    assert result.exit_code in (0, 1)  # `check` exits 1 on the synthetic file's planted errors
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())  # colours and cursor moves
    if quiet:
        assert shown == ""
    else:  # each bar reaches its total
        for label in bars:
            assert re.search(rf"{label} +━+ {ENTRIES}/{ENTRIES}", shown), label
