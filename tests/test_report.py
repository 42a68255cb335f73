"""`litgraph report`: one self-contained HTML page, opened in a real headless Chromium.

Chromium is Debian's `chromium` (tools/system-deps.sh installs it); the tests do not skip
without it. Expectations come from the model files read as plain YAML.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
import yaml
from PIL import Image

from litgraph.check.integrity import check_bibliography
from litgraph.check.verify.verdicts import Status, Verdict, save_verdicts
from litgraph.parse.bibtex import load_bibliography
from litgraph.project import find_project

_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
]


def chromium(page, tmp_path, *args: str) -> subprocess.CompletedProcess:
    """Open a local page in headless Chromium (a fresh profile, no network)."""
    exe = shutil.which("chromium")
    assert exe, "Debian's chromium is missing: run tools/system-deps.sh"
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [exe, *_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _report(cli, path, *args: str) -> str:
    result = cli("report", "-o", str(path), *args)
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def _check_self_contained(page: str) -> None:
    """Nothing is fetched: no resource names the network; only links a reader follows (a DOI) may."""
    assert not re.search(r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    linking = re.findall(r"""<(\w+)[^<>]*\bhref\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert {tag.lower() for tag in linking} <= {"a"}
    assert not re.search(r"<script|<link|<iframe|<object|<embed|@import|url\(", page, re.I)


@pytest.mark.parametrize("which", ["seed", "tam"])
def test_report_is_self_contained_and_holds_the_whole_model(which, request, tmp_path):
    cli, model = request.getfixturevalue(f"{which}_cli"), request.getfixturevalue(f"{which}_model")
    page = _report(cli, tmp_path / "report.html", "--lang", "en")
    _check_self_contained(page)
    assert page.count("<svg") == 1
    for hyp in model["hypotheses"]:
        assert f'id="hyp-{hyp["id"]}"' in page
        for item in hyp.get("evidence", []):
            assert html.escape(item["claim"]) in page
    for construct in model["constructs"]:
        label = construct["label"] if isinstance(construct["label"], str) else construct["label"]["en"]
        assert html.escape(label) in page


def test_report_escapes_every_text_from_the_sources(tam, tam_cli, tmp_path):
    model = yaml.safe_load((tam / "model.yaml").read_text(encoding="utf-8"))
    model["constructs"][0]["label"] = '<script>alert("x")</script> & attitude'
    model["hypotheses"][0]["evidence"][0]["claim"] = '<img src="https://example.org/x.png"> "quoted" & more'
    (tam / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    page = _report(tam_cli, tmp_path / "report.html")
    _check_self_contained(page)
    assert "&lt;script&gt;alert(" in page and "&lt;img src=" in page


def test_report_shows_integrity_findings_and_verify_verdicts(seed, seed_cli, tmp_path):
    project = find_project(seed)
    save_verdicts(
        project.store_dir,
        [
            Verdict("Park2010", Status.MISMATCH, "year: 2010 in the bib, 2009 found"),
            Verdict("Liang2011", Status.VERIFIED, "all fields agree"),
        ],
    )
    page = _report(seed_cli, tmp_path / "report.html", "--lang", "en")
    references = page[page.index('<section id="references">') :]
    for key, status, message in (
        ("Park2010", "mismatch", "year: 2010 in the bib, 2009 found"),
        ("Liang2011", "verified", "all fields agree"),
    ):
        row = references[references.index(f'<tr id="ref-{key}">') :]
        row = row[: row.index("</tr>")]
        assert f">✗ {status}<" in row or f">✓ {status}<" in row
        assert f'<span class="note">{html.escape(message)}</span>' in row  # printed, not a tooltip
    bib = load_bibliography(project.bibtex, [project.shown(p) for p in project.bibtex])
    findings = [p for p in check_bibliography(bib) if p.key and p.severity.value in ("warning", "error")]
    assert findings
    for problem in findings:
        assert f'title="{html.escape(problem.message)}">{html.escape(problem.code)}<' in page
        assert f'{html.escape(problem.code)}</span><span class="note">{html.escape(problem.message)}<' in page
    assert "not in the reference list" in page  # the seed's "Huang, 2020" has no entry


def test_report_in_chinese_labels_figure_and_tables(seed_cli, seed_model, tmp_path):
    page = _report(seed_cli, tmp_path / "report.html", "--lang", "zh")
    svg = page[page.index("<svg") : page.index("</svg>")]
    for construct in seed_model["constructs"]:
        assert f">{construct['label']['zh']}</text>" in svg
    assert "研究假设汇总" in page and "构念定义" in page


def test_chromium_reports_console_errors_of_a_broken_page(tmp_path):
    """The harness itself: a page with a script error must be caught."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>missingFunction()</script>", encoding="utf-8")
    result = chromium(broken, tmp_path, "--dump-dom")
    assert any("missingFunction" in line for line in console_messages(result.stderr))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_opens_in_headless_chromium_without_errors_and_shows_figure_and_tables(
    lang, seed_cli, seed_model, tmp_path
):
    page = tmp_path / "report.html"
    _report(seed_cli, page, "--lang", lang)
    result = chromium(page, tmp_path, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    dom = result.stdout
    assert "<svg" in dom and 'id="hypotheses"' in dom and 'id="constructs"' in dom
    assert dom.count("<tr>") >= len(seed_model["hypotheses"]) + len(seed_model["constructs"])
    shot = tmp_path / "shot.png"
    result = chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,1600")
    assert result.returncode == 0 and console_messages(result.stderr) == []
    image = Image.open(shot).convert("L")
    assert image.size == (1280, 1600)
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.size[0] * image.size[1]  # text, boxes and arrows, not a blank page
    figure = image.crop((0, 150, 1280, 700))  # the summary of the checks, then the figure, under the title
    assert figure.getextrema()[0] < 64


def test_report_without_o_never_replaces_a_page_litgraph_did_not_write(tam_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "report.html"
    page.write_text("<html><p>my notes for the committee</p></html>", encoding="utf-8")
    result = tam_cli("report")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "report.html" in result.output and "nothing was written" in result.output and "-o" in result.output
    assert page.read_text(encoding="utf-8") == "<html><p>my notes for the committee</p></html>"
    named = tam_cli("report", "-o", "report.html")  # named on the command line: replaced, and told
    assert named.exit_code == 0 and "replacing" in named.output and "<svg" in page.read_text(encoding="utf-8")


def test_report_without_o_replaces_its_own_earlier_page_and_says_so(tam_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = tam_cli("report")
    assert first.exit_code == 0 and "replacing" not in first.output
    again = tam_cli("report")
    assert again.exit_code == 0 and "wrote report.html (replacing" in again.output
