"""The same option means the same thing in every command (issue 15, item 11).

Walks every command's options as Typer hands them to Click and holds them to the conventions:
one meaning per short flag, one definition per long option, `--json` and `--project` everywhere,
`--quiet` wherever progress is drawn, `--fail-on` wherever findings decide the exit code. Then runs
every command: `--json` puts JSON (and nothing else) on stdout, and an `-o` whose suffix does not
fit the format is refused. A command added or changed without keeping them fails here.
"""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import pytest
from typer.main import get_command

from litgraph.cli.app import app

from .conftest import TAM, Cli

ROOT = get_command(app)
FAIL_ON_VALUES = ["error", "warning", "info", "never"]
#: What a command calls when it draws progress (cli/progress.py, a Rich status or bar).
PROGRESS_MARKERS = ("StepBars(", "working(", ".status(", "_progress(")
UNREACHABLE = "bolt://127.0.0.1:9"  # nothing listens there: refused at once


def _commands(group=ROOT, prefix: str = ""):
    for name, command in group.commands.items():
        full = f"{prefix} {name}".strip()
        if hasattr(command, "commands"):
            yield from _commands(command, full)
        else:
            yield full, command


COMMANDS = dict(_commands())


def _options(command) -> dict[str, object]:
    return {param.opts[0]: param for param in command.params if param.opts[0].startswith("--")}


def _definition(param) -> tuple:
    """What must agree between two commands' options of one name (the help text may differ)."""
    choices = getattr(param.type, "choices", None)
    callback = getattr(param.callback, "__qualname__", None)
    return (
        tuple(sorted(opt for opt in param.opts + param.secondary_opts if not opt.startswith("--"))),
        param.type.name,
        tuple(str(getattr(choice, "value", choice)) for choice in choices) if choices else None,
        param.is_flag,
        param.multiple,
        callback,
    )


def _source(command) -> str:
    return inspect.getsource(inspect.unwrap(command.callback))


def test_the_walk_sees_every_command():
    assert {"check", "cite-check", "verify", "sparql", "cypher", "neo4j push", "hypotheses"} <= set(COMMANDS)


def test_a_short_flag_means_one_long_option_everywhere():
    meanings: dict[str, set[str]] = {}
    for command in COMMANDS.values():
        for param in (param for param in command.params if param.opts[0].startswith("-")):
            longs = [opt for opt in param.opts + param.secondary_opts if opt.startswith("--")]
            for short in (opt for opt in param.opts if not opt.startswith("--")):
                meanings.setdefault(short, set()).add(longs[0])
    assert {short: longs for short, longs in meanings.items() if len(longs) > 1} == {}
    assert meanings["-f"] == {"--format"} and meanings["-o"] == {"--output"}


def test_an_option_is_defined_alike_in_every_command():
    definitions: dict[str, dict[tuple, list[str]]] = {}
    for name, command in COMMANDS.items():
        for option, param in _options(command).items():
            definitions.setdefault(option, {}).setdefault(_definition(param), []).append(name)
    differing = {option: found for option, found in definitions.items() if len(found) > 1}
    assert differing == {}


#: Options whose values are checked when parsed (a usage error, exit 2, before any work), by the one
#: checker each has in cli/common.py; an option of one of these names defined without it fails here.
CHECKED_WHEN_PARSED = {"--lang": "_language_tag", "--timeout": "_seconds", "--backend": "_backend"}


def test_checked_options_are_checked_in_every_command():
    unchecked = [
        f"{name} {option}"
        for name, command in COMMANDS.items()
        for option, param in _options(command).items()
        if option in CHECKED_WHEN_PARSED
        and getattr(param.callback, "__qualname__", None) != CHECKED_WHEN_PARSED[option]
    ]
    assert unchecked == []
    found = {option for command in COMMANDS.values() for option in _options(command)}
    assert set(CHECKED_WHEN_PARSED) <= found


@pytest.mark.parametrize("seconds", ["nan", "inf", "0", "-1"])
def test_a_timeout_is_a_positive_finite_number_everywhere(seconds):
    for name, command in COMMANDS.items():
        if "--timeout" in _options(command):
            result = Cli(None)(*name.split(), f"--timeout={seconds}", "--json")
            assert result.exit_code == 2 and "--timeout" in result.output, (name, result.output)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_json_and_project(name):
    options = _options(COMMANDS[name])
    assert options["--json"].is_flag
    if name != "init":  # init makes the project its folder argument names
        assert options["--project"].opts == ["--project", "-p"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_progress_comes_with_quiet_and_findings_with_fail_on(name):
    command, source = COMMANDS[name], _source(COMMANDS[name])
    options = _options(command)
    if any(marker in source for marker in PROGRESS_MARKERS):
        assert "--quiet" in options, f"{name} draws progress without --quiet"
    assert ("exit_for(" in source) == ("--fail-on" in options), f"{name}: --fail-on and the exit it decides"
    if "--fail-on" in options:
        assert [str(getattr(c, "value", c)) for c in options["--fail-on"].type.choices] == FAIL_ON_VALUES


def test_the_common_options_are_the_ones_documented():
    """The README's table of common options names what the walk finds (a rename updates both)."""
    readme = (
        (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").replace("\\|", "|")
    )
    for spelled in ("-f/--format", "-o/--output", "-p/--project", "-q/--quiet", "--json", "--bib FILE"):
        assert spelled in readme
    assert "--fail-on error|warning|info|never" in readme


# --- running them ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("conventions") / "tam"
    shutil.copytree(TAM, root)
    (root / "refs.ris").write_text("TY  - JOUR\nAU  - Doe, Jane\nTI  - A title\nPY  - 2020\nER  - \n")
    assert Cli(root)("build", "--quiet").exit_code == 0
    return root


def _args(name: str, root: Path) -> list[str]:
    """Arguments that make each command do its work on the second review (--json added by the test)."""
    neo4j = ["--uri", UNREACHABLE]
    return {
        "init": [str(root.parent / "new-review")],
        "build": [],
        "validate": [],
        "stats": [],
        "sparql": ["SELECT ?h WHERE { ?h lg:kind ?k } LIMIT 1"],
        "constructs": [],
        "show": ["H1"],
        "paths": ["perceived_ease_of_use", "behavioral_intention"],
        "evidence": ["H1"],
        "supports": ["Davis1989a"],
        "antecedents": ["behavioral_intention"],
        "consequents": ["perceived_ease_of_use"],
        "hypotheses": [],
        "audit": ["--fail-on", "never"],
        "verify": ["--offline"],
        "check": [],
        "cite-check": [],
        "diagram": ["-f", "dot"],
        "report": ["-o", str(root / "report.html")],
        "sem": [],
        "export": ["-f", "turtle"],
        "references": [],
        "import": [str(root / "refs.ris"), "--dry-run"],
        "cypher": ["RETURN 1", *neo4j],
        "neo4j push": neo4j,
        "neo4j status": neo4j,
    }[name]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_is_json_on_stdout_and_nothing_else(review, name):
    result = Cli(review)(*name.split(), *_args(name, review), "--json", project=name != "init")
    assert "Traceback" not in result.output
    if result.exit_code == 3:  # a server could not be used (Neo4j, or verify --offline's cold cache)
        assert result.stdout == "" or json.loads(result.stdout) is not None
        return
    assert result.exit_code in (0, 1), result.output
    json.loads(result.stdout)


#: Commands whose -o takes any text file: SEM syntax is R or Python source.
ANY_SUFFIX = {"sem"}


def _output_commands() -> list[str]:
    return sorted(name for name, command in COMMANDS.items() if "--output" in _options(command))


@pytest.mark.parametrize("name", _output_commands())
def test_an_output_whose_suffix_does_not_fit_is_refused(review, name):
    """`diagram -o figure.jpg` once wrote SVG into the .jpg: every -o is held to its format."""
    target = review / f"out-{name.replace(' ', '-')}.jpg"
    args = [a for a in _args(name, review) if a != "--dry-run"]
    args = args[: args.index("-o")] if "-o" in args else args
    extra = ["--fix"] if name in ("verify", "check") else []
    result = Cli(review)(*name.split(), *args, *extra, "-o", str(target))
    if name in ANY_SUFFIX:
        assert result.exit_code == 0 and target.is_file()
        return
    assert result.exit_code == 2, result.output
    assert target.name in result.output and not target.exists()


def test_a_format_and_a_suffix_that_disagree_are_refused(review):
    target = review / "figure.png"
    result = Cli(review)("diagram", "-f", "svg", "-o", str(target))
    assert result.exit_code == 2 and "figure.png" in result.output and not target.exists()
    written = Cli(review)("diagram", "-f", "png", "-o", str(target))
    assert written.exit_code == 0 and target.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("command", [["check"], ["verify", "--offline"], ["cite-check", "manuscript.md"]])
def test_bib_is_taken_alike(review, command):
    """--bib FILE names the bibliography in check, verify and cite-check (positional too in the first
    two, where nothing else is positional)."""
    bib = review / "references.bib"
    args = [*command[:1], *(str(review / a) if a.endswith(".md") else a for a in command[1:])]
    named = Cli(None)(*args, "--bib", str(bib), "--json")
    assert named.exit_code in (0, 1, 3), named.output
    answer = json.loads(named.stdout)
    if command[0] == "verify":
        assert {item["key"] for item in answer} >= {"Davis1989a", "Davis1989b"}
    else:
        assert answer["summary"]["files"] == [str(bib)]
    if command[0] != "cite-check":
        positional = Cli(None)(*args, str(bib), "--json")
        assert json.loads(positional.stdout) == answer or command[0] == "verify"


@pytest.mark.parametrize("lang", ["zh_CN", "en-", "中文", "x" * 9, "e n"])
def test_a_malformed_language_tag_is_a_usage_error(review, lang):
    result = Cli(review)("hypotheses", "--lang", lang)
    assert result.exit_code == 2 and "language tag" in result.output


def test_a_language_the_model_lacks_falls_back_with_a_note(review):
    result = Cli(review)("show", "H1", "--lang", "fr", "--json")
    assert result.exit_code == 0
    assert "no labels in 'fr'" in result.stderr and "en" in result.stderr
    assert json.loads(result.stdout)["hypothesis"]["path"].startswith("perceived ease of use")
    spelled = Cli(review)("show", "H1", "--lang", "DE", "--json")  # tags ignore case: the model's de
    assert spelled.stderr == ""


# --- paths as the user gave them ---------------------------------------------------------------------

#: A path no command may tidy: relative to where the user stands, through a folder that is not there.
GIVEN = "elsewhere/../missing.txt"


def _input_paths(command) -> list[list[str]]:
    """How each file a command reads is named on its command line (an argument, or an option)."""
    named = []
    for param in command.params:
        if param.type.name != "path" or param.name in ("project", "output") or param.opts[0] == "folder":
            continue
        named.append([] if param.param_type_name == "argument" else [param.opts[0]])
    return named


@pytest.mark.parametrize("name", sorted(name for name in COMMANDS if name != "init"))
def test_a_file_the_user_named_is_echoed_as_given(review, name, tmp_path, monkeypatch):
    """An unreadable file is named as the user wrote it, not resolved nor made relative to the project."""
    monkeypatch.chdir(tmp_path)
    for spelled in _input_paths(COMMANDS[name]):
        result = Cli(review)(*name.split(), *spelled, GIVEN)
        assert result.exit_code == 2 and f"{GIVEN}: file not found" in result.output, (spelled, result.output)


def test_import_names_its_sources_as_given_and_records_them_by_the_project(review, tmp_path, monkeypatch):
    """Run from outside the project, `import` says what it read with the user's path, while each
    entry's importsource names the file relative to the project (true wherever the author works)."""
    project = tmp_path / "moved"
    shutil.copytree(review, project, ignore=shutil.ignore_patterns(".litgraph"))
    (project / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    given = "moved/notes/../refs.ris"
    result = Cli(Path("moved"))("import", given)
    assert result.exit_code == 0, result.output
    assert f"{given}: RIS" in result.output and "1 reference(s)" in result.output
    written = (project / "references" / "imported.bib").read_text(encoding="utf-8")
    assert "importsource = {refs.ris:1}" in written


@pytest.mark.parametrize(
    "name", sorted(name for name, command in COMMANDS.items() if "--format" in _options(command))
)
def test_an_unknown_format_is_refused_before_any_work(review, name, tmp_path, monkeypatch):
    """Every -f/--format names its values when given one it does not know, and writes nothing."""
    monkeypatch.chdir(tmp_path)
    args = [str(review / "refs.ris")] if name == "import" else []
    result = Cli(review)(*name.split(), *args, "-f", "jpeg")
    assert result.exit_code == 2 and "unknown format 'jpeg'" in result.output, result.output
    assert list(tmp_path.iterdir()) == []
