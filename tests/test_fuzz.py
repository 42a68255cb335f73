"""A seeded fuzzer over what users hand litgraph (issue 16, "Done when"): model YAML, manuscripts
(.txt/.md/.tex/.docx) and SPARQL/Cypher text, mutated from real inputs (tests/fuzz_inputs.py), each
run through the real CLI in a fresh process under RLIMIT_AS and a timeout. Whatever the input, the
command must end within TIMEOUT with exit 0, 1, 2 or 3, no traceback, its peak memory under
MAX_RSS_MB; a query must reach no other server, and a Cypher query must change nothing.

    LITGRAPH_FUZZ_SEED=N    the run's seed (default 16); each case's seed derives from it
    LITGRAPH_FUZZ_CASES=N   cases per kind (default 12: the suite stays fast); e.g. 400 for a probe
    LITGRAPH_FUZZ_JOBS=N    commands run at once (default 3)

A failure names the seed, the case and the file its input was kept in, so that
`LITGRAPH_FUZZ_SEED=N LITGRAPH_FUZZ_CASES=M pytest tests/test_fuzz.py -k KIND` replays it.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from litgraph.parse.sources.detect import FORMATS
from tests import fuzz_inputs as fuzz
from tests import fuzz_references as refs
from tests.conftest import ROOT, SEED_MANUSCRIPT, TAM, Cli, copy_seed
from tests.test_neo4j import push, snapshot

SEED = int(os.environ.get("LITGRAPH_FUZZ_SEED", "16"))
CASES = int(os.environ.get("LITGRAPH_FUZZ_CASES", "12"))
JOBS = int(os.environ.get("LITGRAPH_FUZZ_JOBS", "3"))
#: Address space a command may map (the CLI needs about 1 GB for its libraries' threads and maps).
MEMORY_LIMIT = 2 << 30
MAX_RSS_MB = 1024
TIMEOUT = 120  # seconds, on a loaded 2-core machine; queries run with --timeout 10
EXIT_CODES = {0, 1, 2, 3}


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    kept: Path  # the input, kept for replaying a failure
    server_up: bool = False  # a server is there to use: exit 3 would blame it for the input's fault
    stdout: Path | None = None  # where the command's output is kept (else it is thrown away)
    records: int | None = None  # for `import --json`: the records the input holds, when known


@dataclass(frozen=True)
class Outcome:
    code: int | None
    stderr: str
    seconds: float
    rss_mb: float


def run_cli(args: list[str], stdout: Path | None = None) -> Outcome:
    """`litgraph ARGS` in its own session under MEMORY_LIMIT, killed (with any worker) at TIMEOUT;
    its peak memory from wait4 (the largest of it and the children it waited for)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    started = time.monotonic()
    with (
        open(stdout or os.devnull, "wb") as out,
        subprocess.Popen(
            [sys.executable, "-m", "litgraph", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.PIPE,
            preexec_fn=limit,
            start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"},
        ) as command,
    ):
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(command.pid, signal.SIGKILL)

        timer = threading.Timer(TIMEOUT, kill)
        timer.start()
        assert command.stderr is not None
        stderr = command.stderr.read().decode("utf-8", "replace")  # a worker may hold it past the exit
        _, status, usage = os.wait4(command.pid, 0)
        timer.cancel()
        command.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    code = None if killed.is_set() else command.returncode
    return Outcome(code, stderr, time.monotonic() - started, usage.ru_maxrss / 1024)


def problems(case: Case, outcome: Outcome) -> list[str]:
    found = []
    if outcome.code is None:
        found.append(f"still running after {TIMEOUT} s")
    elif outcome.code not in EXIT_CODES:
        found.append(f"exit {outcome.code}")
    elif outcome.code == 3 and case.server_up:
        found.append("exit 3 (server trouble) for the input's fault")
    if "Traceback" in outcome.stderr or "MemoryError" in outcome.stderr:
        found.append("a traceback")
    if outcome.rss_mb > MAX_RSS_MB:
        found.append(f"{outcome.rss_mb:.0f} MB of memory")
    if case.records is not None and outcome.code in (0, 1) and not found:
        found += lost(case, outcome)
    return found


def lost(case: Case, outcome: Outcome) -> list[str]:
    """Nothing lost: each of the input's records is in the JSON output or named on stderr (a
    message per record it could not read), and none is made up."""
    assert case.stdout is not None and case.records is not None
    try:
        printed = len(json.loads(case.stdout.read_text(encoding="utf-8")))
    except ValueError as error:
        return [f"output is not JSON ({error})"]
    reported = sum(1 for line in outcome.stderr.splitlines() if line.startswith(("error:", "warning:")))
    if printed + reported < case.records:
        return [f"{case.records} records in, {printed} out and {reported} reported"]
    if printed > case.records:
        return [f"{case.records} records in, {printed} out"]
    return []


def fuzz_all(kind: str, make: Callable[[int, random.Random], Case]) -> None:
    """Make and run CASES cases of `kind`; fail once, naming every case that failed."""
    cases = [make(i, random.Random(f"{kind}:{SEED}:{i}")) for i in range(CASES)]
    with ThreadPoolExecutor(JOBS) as pool:
        outcomes = list(pool.map(lambda case: run_cli(case.args, case.stdout), cases))
    failures = []
    for case, outcome in zip(cases, outcomes, strict=True):
        if found := problems(case, outcome):
            tail = "\n      ".join(outcome.stderr.strip().splitlines()[-8:])
            failures.append(f"  {case.name} ({', '.join(found)}), input in {case.kept}:\n      {tail}")
    assert not failures, (
        f"LITGRAPH_FUZZ_SEED={SEED} LITGRAPH_FUZZ_CASES={CASES}: {len(failures)} of {CASES} {kind} cases "
        "failed\n" + "\n".join(failures)
    )


# --- model YAML -------------------------------------------------------------------------------------


def test_fuzzed_models(tmp_path):
    seed = copy_seed(tmp_path / "seed-base")
    bases = [(TAM, (TAM / "model.yaml").read_text(encoding="utf-8"))]
    bases.append((seed, (seed / "model.yaml").read_text(encoding="utf-8")))

    def make(i: int, rng: random.Random) -> Case:
        base, model = rng.choice(bases)
        project = shutil.copytree(base, tmp_path / f"model-{i}", ignore=shutil.ignore_patterns(".litgraph"))
        text = fuzz.mutate_yaml(model, rng)
        (project / "model.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
        command = rng.choice([["build", "--quiet"], ["validate", "--json"], ["hypotheses", "--json"]])
        return Case(f"model-{i} {command[0]}", [*command, "--project", str(project)], project / "model.yaml")

    fuzz_all("model", make)


# --- manuscripts ------------------------------------------------------------------------------------


def test_fuzzed_manuscripts(tmp_path):
    seed = copy_seed(tmp_path / "seed")
    tam = shutil.copytree(TAM, tmp_path / "tam")
    bases = [(seed, SEED_MANUSCRIPT.read_text(encoding="utf-8")), (tam, (TAM / "manuscript.md").read_text())]

    def make(i: int, rng: random.Random) -> Case:
        project, text = rng.choice(bases)
        suffix = rng.choice([".txt", ".md", ".tex", ".docx"])
        path = tmp_path / f"manuscript-{i}{suffix}"
        if suffix == ".docx":
            path.write_bytes(fuzz.docx(text, rng))
        else:
            path.write_bytes(fuzz.mutate_manuscript(text, suffix, rng).encode("utf-8", "surrogatepass"))
        command = rng.choice(
            [["cite-check", str(path), "--json"], ["import", str(path), "--dry-run", "--json"]]
        )
        return Case(f"manuscript-{i} {command[0]} {suffix}", [*command, "--project", str(project)], path)

    fuzz_all("manuscript", make)


# --- BibTeX, litgraph.toml, imports ---------------------------------------------------------------


def test_fuzzed_bibtex(tmp_path):
    """Windows of the real corpora, mutated: `check FILE` outside a project, `build` inside one."""

    def make(i: int, rng: random.Random) -> Case:
        data = refs.mutate_bibtex(rng)
        if rng.random() < 0.5:
            path = tmp_path / f"refs-{i}.bib"
            path.write_bytes(data)
            return Case(f"bibtex-{i} check", ["check", str(path), "--json"], path)
        project = shutil.copytree(TAM, tmp_path / f"bib-{i}", ignore=shutil.ignore_patterns(".litgraph"))
        (project / "references.bib").write_bytes(data)
        return Case(
            f"bibtex-{i} build", ["build", "--quiet", "--project", str(project)], project / "references.bib"
        )

    fuzz_all("bibtex", make)


def test_fuzzed_config(tmp_path):
    config = (TAM / "litgraph.toml").read_text(encoding="utf-8")

    def make(i: int, rng: random.Random) -> Case:
        project = shutil.copytree(TAM, tmp_path / f"toml-{i}", ignore=shutil.ignore_patterns(".litgraph"))
        (project / "litgraph.toml").write_bytes(refs.mutate_toml(config, rng))
        command = rng.choice([["build", "--quiet"], ["check", "--json"], ["validate", "--json"]])
        return Case(
            f"toml-{i} {command[0]}", [*command, "--project", str(project)], project / "litgraph.toml"
        )

    fuzz_all("config", make)


def test_fuzzed_imports(tmp_path):
    """Each reader's real exports, mutated; `import --json` must read or report every record."""

    def make(i: int, rng: random.Random) -> Case:
        export = rng.choice(refs.EXPORTS)
        mutated = refs.mutate_export(export, rng)
        folder = tmp_path / f"import-{i}"
        folder.mkdir()
        path = folder / export.name
        path.write_bytes(mutated.data)
        fmt = ["--format", "auto"] if rng.random() < 0.7 else ["--format", rng.choice(FORMATS)]
        return Case(
            f"import-{i} {export.name} {fmt[1]}",
            ["import", str(path), *fmt, "--json"],
            path,
            stdout=folder / "out.json",
            records=mutated.records if fmt[1] == "auto" else None,
        )

    fuzz_all("import", make)


# --- queries ----------------------------------------------------------------------------------------

QUERY_BOUNDS = ["--timeout", "10", "--max-rows", "1000"]


def test_fuzzed_sparql(tmp_path, http_server):
    tam = shutil.copytree(TAM, tmp_path / "tam")
    assert Cli(tam)("build", "--quiet").exit_code == 0

    def make(i: int, rng: random.Random) -> Case:
        path = tmp_path / f"query-{i}.rq"
        path.write_bytes(fuzz.mutate_sparql(rng, http_server.url).encode("utf-8", "surrogatepass"))
        args = [
            "sparql",
            "--query-file",
            str(path),
            *QUERY_BOUNDS,
            "--max-memory",
            "1024",
            "--project",
            str(tam),
        ]
        return Case(f"sparql-{i}", args, path, server_up=True)

    fuzz_all("sparql", make)
    assert http_server.requests == []


@pytest.mark.neo4j
def test_fuzzed_cypher(tmp_path, db, http_server):
    tam = shutil.copytree(TAM, tmp_path / "tam")
    push(Cli(tam))
    before = snapshot(db)

    def make(i: int, rng: random.Random) -> Case:
        path = tmp_path / f"query-{i}.cypher"
        path.write_bytes(fuzz.mutate_cypher(rng, http_server.url).encode("utf-8", "surrogatepass"))
        return Case(
            f"cypher-{i}",
            ["cypher", "--query-file", str(path), *QUERY_BOUNDS, "--project", str(tam)],
            path,
            True,
        )

    fuzz_all("cypher", make)
    assert http_server.requests == [] and snapshot(db) == before
