"""`litgraph --help` starts fast: loading the CLI loads none of the heavy libraries.

Commands import the library modules that need rdflib, Oxigraph, Neo4j, httpx and the
rest inside their own bodies; this guard fails as soon as one leaks onto the start-up
path (a top-level import in a cli/ module, or in a module the cli imports at the top).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "rdflib", "pyoxigraph", "oxrdflib", "neo4j", "httpx", "docx", "pyshacl", "networkx", "yaml",
    "bibtexparser", "pylatexenc", "rapidfuzz", "pycrfsuite", "pypinyin", "lxml", "tomlkit", "rispy",
)  # fmt: skip


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def _loaded_after(code: str) -> set[str]:
    return {name.split(".")[0] for name in _modules_after(code)}


def _run_cli(*argv: str) -> str:
    """Probe code that runs the CLI in-process with `argv`, as the console script would."""
    return "\n".join(
        [
            "import sys",
            "from litgraph.cli.app import app",
            f"sys.argv = ['litgraph', *{argv!r}]",
            "try:\n    app()\nexcept SystemExit:\n    pass",
        ]
    )


def test_loading_the_cli_loads_no_heavy_library():
    assert _loaded_after("import litgraph.cli.app") & set(HEAVY) == set()


def test_help_loads_no_heavy_library():
    code = "from litgraph.cli.app import app\nfrom typer.main import get_command\nget_command(app)"
    assert _loaded_after(code) & set(HEAVY) == set()


def test_the_guard_sees_a_heavy_import():
    assert "yaml" in _loaded_after("import litgraph.cli.app\nimport litgraph.model.load")


def test_help_is_drawn_without_rich_help_and_its_markdown_parser():
    """Typer's Rich help loads markdown-it (80 ms of a 200 ms `--help`): the help is plain."""
    assert _loaded_after(_run_cli("--help")) & {"markdown_it", *HEAVY} == set()


# A built store answers through Oxigraph alone: no rdflib, model reader, networkx or TOML editor.
NOT_FOR_A_QUERY = {"rdflib", "oxrdflib", "yaml", "networkx", "tomlkit", "httpx", "neo4j", "pyshacl"}


def test_paths_on_a_built_store_loads_no_rdflib_yaml_or_networkx(seed):
    from litgraph.graph.build import build
    from litgraph.project import find_project

    build(find_project(seed))
    code = _run_cli("paths", "community support", "brand attachment", "--project", str(seed))
    assert _loaded_after(code) & NOT_FOR_A_QUERY == set()


# What `paths` reads once the manuscript's label usage is kept beside the store: not the manuscript
# (its .docx and field-code readers), not cite-check's finder, not the GB/T and APA renderer.
NOT_FOR_A_KEPT_MANUSCRIPT = {
    "litgraph.parse.manuscript",
    "litgraph.check.citations.find",
    "litgraph.check.citations.written",
    "litgraph.style.render",
    "lxml",
    "rapidfuzz",
}


def test_paths_reads_no_manuscript_once_its_usage_is_kept(seed):
    from litgraph.graph.build import build
    from litgraph.project import find_project

    build(find_project(seed))
    code = _run_cli("paths", "community support", "brand attachment", "--project", str(seed))
    assert "litgraph.parse.manuscript" in _modules_after(code)  # the first query reads it, and keeps
    assert (seed / ".litgraph" / "labels.json").is_file()
    assert _modules_after(code) & NOT_FOR_A_KEPT_MANUSCRIPT == set()


def test_help_makes_no_command_yet_lists_each_as_typer_would(monkeypatch):
    """`--help` summarises every command without Typer making it from its signature; the listing
    is the one an eagerly made group (every command made by Typer) draws."""
    import importlib

    import typer
    from typer.main import get_command
    from typer.testing import CliRunner

    from litgraph.cli import app as cli_app
    from litgraph.cli import common

    eager = typer.Typer(cls=common.SummaryHelpGroup, rich_markup_mode=None, add_completion=False)
    eager.callback()(lambda: None)
    for name in cli_app.COMMAND_MODULES:
        importlib.import_module(f"litgraph.cli.{name}").register(eager)
    expected = get_command(eager).summaries(None)  # type: ignore[attr-defined]
    made: list[str] = []
    monkeypatch.setattr(common, "get_command_from_info", lambda info, **_: made.append(info) or None)
    group = get_command(cli_app.app)
    assert group.summaries(None) == expected  # type: ignore[attr-defined]
    assert CliRunner().invoke(cli_app.app, ["--help"]).exit_code == 0
    assert made == [] and len(expected) == 25  # a hand count of `litgraph --help`: 24 commands, neo4j
