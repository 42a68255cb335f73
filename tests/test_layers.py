"""The pipeline reads from the folder names: each layer imports only the layers below it.

parse → model → graph → query → check → output → cli, with the shared helpers at the
bottom (records, errors, files, text, csl, steps, project, project_files and the style package);
`litgraph/neo4j/` is part of the graph layer and `__main__` of the CLI. Imports are
read with `ast`, those inside functions included, so a late import cannot hide one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "litgraph"
LAYERS = ["shared", "parse", "model", "graph", "query", "check", "output", "cli"]
SHARED = {
    "records", "errors", "files", "text", "csl", "steps", "project", "project_files", "style", "__init__",
}  # fmt: skip
ALIASES = {"neo4j": "graph", "__main__": "cli"}


def _module(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer of a litgraph module ('litgraph.graph.build' → 'graph'); None outside litgraph."""
    parts = module.split(".")
    if parts[0] != "litgraph":
        return None
    top = parts[1] if len(parts) > 1 else "__init__"
    top = ALIASES.get(top, top)
    return "shared" if top in SHARED else top


def imports_of(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, at any depth."""
    module = _module(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def upward_imports(root: Path = PACKAGE) -> list[str]:
    """Every import of a module from a layer above the importing one."""
    wrong = []
    for path in sorted(root.rglob("*.py")):
        own = layer_of(_module(path, root))
        for line, target in imports_of(path, root):
            other = layer_of(target)
            if own and other and LAYERS.index(other) > LAYERS.index(own):
                wrong.append(f"{path.relative_to(root.parent)}:{line}: {own} imports {target} ({other})")
    return wrong


def test_every_module_has_a_layer():
    unknown = {_module(path) for path in PACKAGE.rglob("*.py") if layer_of(_module(path)) not in LAYERS}
    assert unknown == set()


def test_each_layer_imports_only_the_layers_below_it():
    assert upward_imports() == []


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("graph/push.py", "from ..query.rows import natural_key\n", ["graph imports litgraph.query.rows"]),
        ("neo4j/rows.py", "def f():\n    from ..check import audit\n", ["graph imports litgraph.check"]),
        ("query/x.py", "import litgraph.output.tables\n", ["query imports litgraph.output.tables"]),
        (
            "style/labels.py",
            "from ..parse.names import split_cjk_name\n",
            ["shared imports litgraph.parse.names"],
        ),
        ("output/x.py", "from ..query.service import ReviewQuestions\nfrom .. import text\n", []),
        ("cli/x.py", "from ..output import terminal\n", []),
    ],
)
def test_the_check_finds_an_upward_import(tmp_path, path, source, expected):
    """The test above would pass on a check that finds nothing: here each kind of import is planted."""
    file = tmp_path / "litgraph" / path
    file.parent.mkdir(parents=True)
    file.write_text(source, encoding="utf-8")
    found = upward_imports(tmp_path / "litgraph")
    assert [message.split(": ", 1)[1].split(" (")[0] for message in found] == expected


HEAVY = ["rdflib", "pyoxigraph", "neo4j", "httpx", "docx", "pyshacl", "networkx", "yaml", "bibtexparser"]


def test_the_cli_starts_without_heavy_libraries():
    """`litgraph --help` loads the command modules only: the libraries load inside the commands."""
    probe = "import sys, litgraph.cli.app; print(' '.join(m for m in sys.argv[1:] if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe, *HEAVY], capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []
