"""Field scale: build, store and query 100,000 references, each figure beside its anchor.

For the synthetic 100,000-entry bibliography (benchmarks/synth.py) and for every real
file in ../shared/corpora, in fresh processes one after the other:

- the anchors: bibtexparser 2's bare parse (`parse_string(text, parse_stack=[])`) and
  pybtex's parse of the same text (strict pybtex raises on some files: reported);
- for the synthetic file, the floor under the store write: Oxigraph bulk-loading the
  same statements, made beforehand in build order, into a fresh store; and the floor
  under the whole build: that load while bibtexparser's splitter reads the file's two
  halves on two processes (the least any build with these two libraries can do here);
- litgraph's full build (`build --force`): total and stages, the ratio to the bare
  parse, CPU seconds (this process and its parse workers), peak RSS, store size;
- for the synthetic review: reopening the built store and answering a first `paths`
  query in a fresh process, the `paths` query warm, an incremental rebuild after one
  entry changed (same lines) and after one line was added (every later entry moves);
- the same bibliography with a model of 5,000 constructs and 50,000 hypotheses:
  its build, `hypotheses` (the whole table) and `paths`.

    .venv/bin/python benchmarks/bench_scale.py [--entries 100000] [--work DIR] [--no-corpora] [--no-big-model]

Wall times on a shared machine are noisy; CPU seconds are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(Path(__file__).resolve().parent))


# --- measurements, each run in a fresh process (`--child TASK ARG`) -------------------------


def peak_rss_mib() -> float:
    """This process's own peak (VmHWM restarts at exec; ru_maxrss would keep a forking parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> dict:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_s": own.ru_utime + own.ru_stime,
        "workers_cpu_s": children.ru_utime + children.ru_stime,
        "workers_peak_rss_mib": children.ru_maxrss / 1024,
    }


def task_bare(path: str) -> dict:
    import logging

    import bibtexparser

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    text = Path(path).read_text(encoding="utf-8-sig")
    start = time.perf_counter()
    library = bibtexparser.parse_string(text, parse_stack=[])
    return {
        "seconds": time.perf_counter() - start,
        "entries": len(library.entries),
        "failed": len(library.failed_blocks),
    }


def task_pybtex(path: str) -> dict:
    from pybtex.database import parse_string

    text = Path(path).read_text(encoding="utf-8-sig")
    start = time.perf_counter()
    try:
        data = parse_string(text, "bibtex")
    except Exception as error:  # strict pybtex stops at the first duplicate key or field
        return {
            "seconds": time.perf_counter() - start,
            "error": f"{type(error).__name__}: {' '.join(str(error).split())[:120]}",
        }
    return {"seconds": time.perf_counter() - start, "entries": len(data.entries)}


class Stages:
    """Records when each build step begins (the `litgraph.steps.Steps` protocol)."""

    def __init__(self):
        self.start = time.perf_counter()
        self.began: dict[str, float] = {}

    def begin(self, stage: str, total: int | None = None) -> None:
        self.began.setdefault(stage, time.perf_counter() - self.start)

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def durations(self, end: float) -> dict:
        marks = sorted(self.began.items(), key=lambda item: item[1])
        times = [t for _, t in marks] + [end]
        return {name: round(times[i + 1] - times[i], 3) for i, (name, _) in enumerate(marks)}


def task_build(folder: str, force: str = "force") -> dict:
    from litgraph.graph.build import build
    from litgraph.graph.store import GraphStore
    from litgraph.parse.bibtex import UNPARSED_CODES
    from litgraph.project import find_project

    project = find_project(Path(folder))
    stages = Stages()
    result = build(project, force=force == "force", steps=stages)
    end = time.perf_counter() - stages.start
    store = GraphStore(project.store_dir)
    problems = [p for p in result.problems if p.code in UNPARSED_CODES]
    return {
        "seconds": end,
        "stages": stages.durations(end),
        "incremental": result.incremental,
        "counts": result.manifest.counts,
        "unparsed": len(problems),
        "problems": len(result.problems),
        "store_mib": store.size_on_disk() / 2**20,
        "peak_rss_mib": peak_rss_mib(),
        **cpu(),
    }


def task_first_query(folder: str, source: str, target: str, started: float) -> dict:
    """Open the built store and answer `paths`: seconds since this process began."""
    from litgraph.project import find_project
    from litgraph.query.open import open_embedded
    from litgraph.query.service import ReviewQuestions

    answer = ReviewQuestions(open_embedded(find_project(Path(folder)))).paths(source, target)
    return {"seconds": time.time() - started, "routes": len(answer.routes), "peak_rss_mib": peak_rss_mib()}


def task_paths(folder: str, source: str, target: str) -> dict:
    """`paths` on an open store: the first answer, then the median of ten more."""
    from litgraph.project import find_project
    from litgraph.query.open import open_embedded
    from litgraph.query.service import ReviewQuestions

    backend = open_embedded(find_project(Path(folder)))
    start = time.perf_counter()
    answer = ReviewQuestions(backend).paths(source, target)
    first = time.perf_counter() - start
    warm = []
    for _ in range(10):
        start = time.perf_counter()
        ReviewQuestions(backend).paths(source, target)
        warm.append(time.perf_counter() - start)
    return {"first_s": first, "warm_median_s": statistics.median(warm), "routes": len(answer.routes)}


def task_hypotheses(folder: str) -> dict:
    """The whole hypothesis table (what `litgraph hypotheses` renders) in a fresh process."""
    from litgraph.project import find_project
    from litgraph.query.open import open_embedded
    from litgraph.query.service import ReviewQuestions

    start = time.perf_counter()
    backend = open_embedded(find_project(Path(folder)))
    opened = time.perf_counter()
    views = ReviewQuestions(backend).hypothesis_table()
    return {
        "seconds": time.perf_counter() - start,
        "open_s": opened - start,
        "rows": len(views),
        "peak_rss_mib": peak_rss_mib(),
    }


def _statements(folder: str) -> bytes:
    """The project's statements as N-Quads, in the order a build makes them."""
    from litgraph.graph.sources import read_sources
    from litgraph.graph.triples import all_quads
    from litgraph.graph.vocab import ReviewIris
    from litgraph.project import find_project

    sources = read_sources(find_project(Path(folder)))
    refs = sources.bibliography.references
    review = sources.model.review.id if sources.model else Path(folder).resolve().name
    return "".join(
        all_quads(refs, {r.key: r.location.file for r in refs}, sources.model, ReviewIris(review))
    ).encode("utf-8")


def _bulk_load(data: bytes, folder: str):
    import pyoxigraph as ox

    store = ox.Store(folder)
    store.bulk_load(data, ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    return store


def task_store_load(folder: str) -> dict:
    """Bulk-load the project's statements, made beforehand, into a fresh store: what
    writing the store costs on its own."""
    data = _statements(folder)
    with tempfile.TemporaryDirectory() as scratch:
        start, cpu_start = time.perf_counter(), time.process_time()
        store = _bulk_load(data, scratch)
        seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu_start
        statements = len(store)
        del store
    return {"seconds": seconds, "cpu_s": cpu_s, "statements": statements}


def _split_chunks(chunks: list[str], macros: dict[str, str], level: str) -> None:
    """bibtexparser's splitter over each chunk; at level "libraries" also what the
    libraries do for each entry of a build: bibtexparser's string, enclosing and month
    steps, its name splitter over the authors and editors, and pylatexenc over the
    title, venue and publisher (through litgraph's thin memoising wrappers)."""
    from bibtexparser.model import Entry
    from bibtexparser.splitter import Splitter

    from litgraph.parse.bibtex import resolve_entry
    from litgraph.parse.latex import decode
    from litgraph.parse.names import split_persons

    for text in chunks:
        blocks = Splitter(text).split().blocks
        if level != "libraries":
            continue
        for block in blocks:
            if not isinstance(block, Entry):
                continue
            resolve_entry(block, macros)
            fields = {fld.key.lower(): str(fld.value) for fld in block.fields}
            for name in ("author", "editor"):
                if name in fields:
                    split_persons(fields[name])
            for name in ("title", "journal", "booktitle", "publisher"):
                decode(fields.get(name, ""))


def task_floor(folder: str, path: str, level: str = "split") -> dict:
    """The floor under a build with these libraries on this machine: the file cut at
    its heads (as a build cuts it), then on two processes bibtexparser's splitter over
    the chunks (level "split") or all the libraries' work per entry (level
    "libraries", see `_split_chunks`), while Oxigraph bulk-loads the statements (made
    beforehand). None of litgraph's own work: no records, no statements, no hand-over.
    Splitting chunks costs less than splitting the whole file (the bare parse)."""
    import multiprocessing

    from litgraph.parse.bibtex import split_chunks, string_macros

    data = _statements(folder)
    with tempfile.TemporaryDirectory() as scratch:
        before = cpu()
        start = time.perf_counter()
        chunks = split_chunks(Path(path).read_text(encoding="utf-8-sig"))
        macros, _ = string_macros(chunks, path)
        texts = [chunk.text for chunk in chunks]
        middle = len(texts) // 2
        halves = [
            multiprocessing.get_context("fork").Process(target=_split_chunks, args=(part, macros, level))
            for part in (texts[:middle], texts[middle:])
        ]
        for process in halves:
            process.start()
        store = _bulk_load(data, scratch)
        for process in halves:
            process.join()
        seconds = time.perf_counter() - start
        after = cpu()
        statements = len(store)
        del store
    return {
        "level": level,
        "seconds": seconds,
        "statements": statements,
        "load_cpu_s": after["cpu_s"] - before["cpu_s"],
        "parse_cpu_s": after["workers_cpu_s"] - before["workers_cpu_s"],
    }


def task_parse_step(folder: str) -> dict:
    """A build's parse step alone: the workers turning every chunk into N-Quads bytes
    (bibtexparser, names, LaTeX, litgraph's records and statements) and handing them
    back, as a full build runs it, with nothing loaded: litgraph's share of a build
    beside the store write (`store_load`)."""
    from litgraph.graph.full_build import _entry_quads
    from litgraph.graph.vocab import ReviewIris
    from litgraph.parse.bibtex import SourceFile, default_workers, likely_parents, map_chunks
    from litgraph.project import find_project

    project = find_project(Path(folder))
    before = cpu()
    start = time.perf_counter()
    handed = 0
    for path in project.bibtex:
        source = SourceFile.from_text(path.read_text(encoding="utf-8-sig"), str(path))
        context = (ReviewIris("bench"), source.name, "bench", likely_parents(source))
        for _, payload in map_chunks(
            _entry_quads, source.chunks, source.macros, context, default_workers(source.chunks)
        ):
            handed += sum(len(item) if isinstance(item, bytes) else len(item.lines) for item in payload)
    after = cpu()
    return {
        "seconds": time.perf_counter() - start,
        "mib_handed": handed / 2**20,
        "cpu_s": after["cpu_s"] - before["cpu_s"],
        "workers_cpu_s": after["workers_cpu_s"] - before["workers_cpu_s"],
    }


TASKS: dict[str, Callable[..., dict]] = {
    "store_load": task_store_load,
    "floor": task_floor,
    "parse_step": task_parse_step,
    "bare": task_bare,
    "pybtex": task_pybtex,
    "build": task_build,
    "first_query": task_first_query,
    "paths": task_paths,
    "hypotheses": task_hypotheses,
}


def child(task: str, *args) -> dict:
    """Run one task in a fresh interpreter and return its JSON."""
    started = str(time.time())
    extra = [started] if task == "first_query" else []
    done = subprocess.run(
        [sys.executable, __file__, "--child", task, *map(str, args), *extra], capture_output=True, text=True
    )
    if done.returncode:
        return {
            "error": done.stderr.strip().splitlines()[-1]
            if done.stderr.strip()
            else f"exit {done.returncode}"
        }
    return json.loads(done.stdout)


def cli_seconds(folder: Path, *arguments: str) -> float:
    """Wall time of a litgraph command, interpreter start-up included."""
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "litgraph"), *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


# --- the runs ---------------------------------------------------------------------------------


def project(folder: Path, bib: Path, model: Path | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[review]", f'bibtex = ["{bib.resolve().as_posix()}"]']
    if model:
        lines.append(f'model = "{model.resolve().as_posix()}"')
    (folder / "litgraph.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def measure_file(bib: Path, folder: Path) -> dict:
    row: dict = {
        "file": bib.name,
        "bytes": bib.stat().st_size,
        "bare": child("bare", bib),
        "pybtex": child("pybtex", bib),
    }
    row["build"] = child("build", folder)
    if "seconds" in row["build"] and "seconds" in row["bare"]:
        row["ratio"] = row["build"]["seconds"] / row["bare"]["seconds"]
    return row


def pick_pair(model: Path) -> tuple[str, str]:
    """Two constructs of the model joined by 5 to 15 routes of up to 4 effects (the first such pair)."""
    import networkx as nx

    from litgraph.model.load import load_model

    records, _ = load_model(model)
    graph = nx.DiGraph(step for hyp in records.hypotheses for step in hyp.effect_steps())
    labels = {c.id: c.labels.get("en", c.id) for c in records.constructs}
    for source in sorted(graph):
        for target in sorted(graph):
            if (
                source != target
                and 5 <= sum(1 for _ in nx.all_simple_paths(graph, source, target, cutoff=4)) <= 15
            ):
                return labels[source], labels[target]
    raise SystemExit("no pair of constructs with 5 to 15 routes")


def edit_one_entry(bib: Path, add_line: bool) -> None:
    """Change the title of the entry in the middle of the file (or add a field line to it)."""
    text = bib.read_text(encoding="utf-8")
    middle = text.index("\n@", len(text) // 2) + 1
    at = text.index("title = {", middle)
    new = "note = {edited},\n  title = {" if add_line else "title = {Edited "
    bib.write_text(text[:at] + new + text[at + len("title = {") :], encoding="utf-8")


def run(args) -> dict:
    import synth

    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"entries": args.entries, "machine": {"cpus": os.cpu_count()}}
    bib = work / f"synthetic-{args.entries}.bib"
    if not bib.exists():
        bib.write_text(synth.bibliography(args.entries, args.seed), encoding="utf-8")
    keys = [key for key in synth.keys_of(bib.read_text(encoding="utf-8")) if not key.startswith("proc:")]
    small = work / "model-50-200.yaml"
    small.write_text(synth.model(50, 200, keys, args.seed + 1), encoding="utf-8")
    review = project(work / "review", bib, small)
    shutil.rmtree(review / ".litgraph", ignore_errors=True)

    print(f"synthetic {args.entries:,} entries ({bib.stat().st_size / 2**20:.1f} MiB)", flush=True)
    report["synthetic"] = row = measure_file(bib, review)
    print(json.dumps(row), flush=True)
    source, target = pick_pair(small)
    row["store_load"] = child("store_load", review)
    row["floor"] = {level: child("floor", review, bib, level) for level in ("split", "libraries")}
    row["parse_step"] = child("parse_step", review)
    row["first_query"] = child("first_query", review, source, target)
    row["first_query_cli_s"] = cli_seconds(review, "paths", source, target, "--json")
    row["paths"] = child("paths", review, source, target)
    edited = work / "edited.bib"
    shutil.copy(bib, edited)
    edited_review = project(work / "review-edited", edited, small)
    shutil.rmtree(edited_review / ".litgraph", ignore_errors=True)  # a store of this litgraph's making
    child("build", edited_review)
    for name, add_line in (("incremental_same_lines", False), ("incremental_line_added", True)):
        edit_one_entry(edited, add_line)
        row[name] = child("build", edited_review, "incremental")
        shutil.copy(bib, edited)
        child("build", edited_review, "incremental")  # back to the original for the next edit
    print(
        json.dumps(
            {
                k: row[k]
                for k in (
                    "first_query",
                    "first_query_cli_s",
                    "paths",
                    "incremental_same_lines",
                    "incremental_line_added",
                )
            }
        ),
        flush=True,
    )

    if args.big_model:
        big = work / "model-5000-50000.yaml"
        big.write_text(synth.model(5000, 50_000, keys, args.seed + 1), encoding="utf-8")
        field = project(work / "field", bib, big)
        shutil.rmtree(field / ".litgraph", ignore_errors=True)
        print("synthetic bibliography + model of 5,000 constructs and 50,000 hypotheses", flush=True)
        big_row: dict = {"build": child("build", field)}
        report["big_model"] = big_row
        big_row["hypotheses"] = child("hypotheses", field)
        out = work / "hypotheses.json"
        big_row["hypotheses_cli_s"] = cli_seconds(
            field, "hypotheses", "--format", "json", "--output", str(out)
        )
        big_row["paths"] = child("paths", field, "construct 100", "construct 120")
        big_row["first_query"] = child("first_query", field, "construct 100", "construct 120")
        print(json.dumps(big_row), flush=True)

    if args.corpora:
        report["corpora"] = []
        for path in sorted(CORPORA.glob("*.bib")):
            folder = project(work / "corpora" / path.stem, path)
            shutil.rmtree(folder / ".litgraph", ignore_errors=True)
            report["corpora"].append(measure_file(path, folder))
            print(json.dumps(report["corpora"][-1]), flush=True)
    return report


def table(report: dict) -> str:
    def s(value) -> str:
        return f"{value:.2f}" if isinstance(value, (int, float)) else str(value)

    def anchor(result: dict) -> str:
        return (
            s(result["seconds"])
            if "seconds" in result and "error" not in result
            else f"raises ({result.get('error', '?')[:40]})"
        )

    lines = [
        "| file | entries | bare bibtexparser 2 s | pybtex s | build s | ratio | stages s "
        "| CPU s (own + workers) | peak RSS MiB (own / worker) | store MiB |",
        "|---|---:|---:|---|---:|---:|---|---:|---:|---:|",
    ]
    rows = [report["synthetic"], *report.get("corpora", [])]
    for row in rows:
        build = row["build"]
        if "error" in build:
            lines.append(
                f"| {row['file']} | | {anchor(row['bare'])} | {anchor(row['pybtex'])} "
                f"| error: {build['error']} | | | | | |"
            )
            continue
        stages = ", ".join(f"{k} {v:.1f}" for k, v in build["stages"].items())
        lines.append(
            f"| {row['file']} | {build['counts']['entries_in_files']:,} | {anchor(row['bare'])} "
            f"| {anchor(row['pybtex'])} | {s(build['seconds'])} | {s(row.get('ratio', ''))} | {stages} "
            f"| {build['cpu_s']:.1f} + {build['workers_cpu_s']:.1f} "
            f"| {build['peak_rss_mib']:.0f} / {build['workers_peak_rss_mib']:.0f} "
            f"| {build['store_mib']:.0f} |"
        )
    syn = report["synthetic"]
    load = syn["store_load"]
    lines += [
        "",
        f"store write alone (Oxigraph bulk load of the same {load.get('statements', 0):,} statements): "
        f"{s(load.get('seconds'))} s ({s(load.get('cpu_s'))} s CPU) = "
        f"{s(load.get('seconds', 0) / syn['bare']['seconds'])} x the bare parse",
    ]
    what = {
        "split": "bibtexparser's splitter over the chunks",
        "libraries": (
            "all the libraries' work per entry (splitter, string/enclosing/month steps, "
            "name splitter, pylatexenc)"
        ),
    }
    for level, floor in syn.get("floor", {}).items():
        lines += [
            f"floor, {level} ({what[level]} on two processes while Oxigraph loads the statements, "
            f"nothing of litgraph's): {s(floor.get('seconds'))} s = "
            f"{s(floor.get('seconds', 0) / syn['bare']['seconds'])} x the bare parse, "
            f"{s(floor.get('load_cpu_s'))} s CPU loading + {s(floor.get('parse_cpu_s'))} s parsing"
        ]
    step = syn.get("parse_step", {})
    lines += [
        f"a build's parse step alone (workers make every entry's N-Quads, "
        f"{s(step.get('mib_handed'))} MiB handed back, nothing loaded): {s(step.get('seconds'))} s = "
        f"{s(step.get('seconds', 0) / syn['bare']['seconds'])} x the bare parse, "
        f"{s(step.get('workers_cpu_s'))} s CPU in the workers + {s(step.get('cpu_s'))} s receiving"
    ]
    lines += [
        f"first query in a fresh process (open + paths): "
        f"{s(syn['first_query'].get('seconds'))} s in-process, "
        f"{s(syn['first_query_cli_s'])} s as `litgraph paths --json` (interpreter start-up included)",
        f"paths ({syn['paths'].get('routes')} routes): first {s(syn['paths'].get('first_s'))} s, warm median "
        f"{syn['paths'].get('warm_median_s', 0) * 1000:.1f} ms",
    ]
    for name in ("incremental_same_lines", "incremental_line_added"):
        inc = syn[name]
        lines.append(
            f"{name}: {s(inc.get('seconds'))} s "
            f"(incremental: {inc.get('incremental')}; stages {inc.get('stages')})"
        )
    if "big_model" in report:
        big = report["big_model"]
        build = big["build"]
        lines += [
            "",
            f"model 5,000 / 50,000: build {s(build.get('seconds'))} s, stages {build.get('stages')}, "
            f"quads {build.get('counts', {}).get('quads')}, peak RSS {s(build.get('peak_rss_mib'))} MiB, "
            f"store {s(build.get('store_mib'))} MiB",
            f"hypotheses table: {s(big['hypotheses'].get('seconds'))} s in-process "
            f"({big['hypotheses'].get('rows')} rows), "
            f"{s(big['hypotheses_cli_s'])} s as `litgraph hypotheses --format json -o FILE`",
            f"paths ({big['paths'].get('routes')} routes): first {s(big['paths'].get('first_s'))} s, "
            f"warm median {big['paths'].get('warm_median_s', 0) * 1000:.1f} ms; "
            f"first query in a fresh process {s(big['first_query'].get('seconds'))} s",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "litgraph-bench-scale")
    parser.add_argument("--no-corpora", dest="corpora", action="store_false")
    parser.add_argument("--no-big-model", dest="big_model", action="store_false")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, *rest = args.child
        if task == "first_query":
            rest[-1] = float(rest[-1])
        print(json.dumps(TASKS[task](*rest)))
        return
    command = " ".join([".venv/bin/python", "benchmarks/bench_scale.py", *sys.argv[1:]])
    report = run(args)
    (args.work / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\n{command}\n")
    print(table(report))


if __name__ == "__main__":
    main()
