"""Two checkouts side by side: a full build, an incremental one and a `paths` query, runs alternating.

For a change that must not make anything slower (a refactoring): each checkout's
own `benchmarks/bench_scale.py --child build` runs in a fresh process of that
checkout's venv, on its own copy of the same synthetic review (benchmarks/synth.py),
the two checkouts taking turns round after round so that the load of a shared
machine falls on both alike. Per round: a full build (`--force`), then one entry's
title edited and an incremental build, then the entry put back; then `litgraph
paths` on the built store. Printed: medians (and minima) of wall seconds and of CPU
seconds (the process and its parse workers), the steadier figure on a busy machine.

    .venv/bin/python benchmarks/bench_compare.py --before ../main [--after .] [--entries 15000]
        [--rounds 6] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(checkout: Path, folder: Path, mode: str) -> dict:
    done = subprocess.run(
        [
            str(checkout / ".venv" / "bin" / "python"),
            str(checkout / "benchmarks" / "bench_scale.py"),
            "--child",
            "build",
            str(folder),
            mode,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    row = json.loads(done.stdout)
    return {
        "wall": row["seconds"],
        "cpu": row["cpu_s"] + row["workers_cpu_s"],
        "quads": row["counts"]["quads"],
    }


def paths(checkout: Path, folder: Path, source: str, target: str) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(checkout / ".venv" / "bin" / "litgraph"), "paths", source, target],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall": time.perf_counter() - start, "cpu": cpu}


def edited(text: str) -> str:
    """The title of the entry in the middle of the file changed (its lines stay where they are)."""
    middle = text.index("\n@", len(text) // 2) + 1
    at = text.index("title = {", middle)
    return text[:at] + "title = {Edited " + text[at + len("title = {") :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare against")
    parser.add_argument("--after", type=Path, default=HERE.parent)
    parser.add_argument("--entries", type=int, default=15_000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "litgraph-bench-compare")
    args = parser.parse_args()
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}

    source = args.work / "source"
    if not (source / "references.bib").exists():
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(source), "--entries", str(args.entries)], check=True
        )
    sys.path.insert(0, str(HERE))
    from bench_scale import pick_pair

    start, end = pick_pair(source / "model.yaml")
    original = (source / "references.bib").read_text(encoding="utf-8")
    folders = {}
    for side in sides:
        folders[side] = args.work / side
        shutil.rmtree(folders[side], ignore_errors=True)
        shutil.copytree(source, folders[side], ignore=shutil.ignore_patterns(".litgraph"))

    results: dict = {side: {"full": [], "incremental": [], "paths": []} for side in sides}
    for round_ in range(args.rounds):
        order = list(sides) if round_ % 2 == 0 else list(sides)[::-1]
        for side in order:
            checkout, folder = sides[side], folders[side]
            bib = folder / "references.bib"
            results[side]["full"].append(build(checkout, folder, "force"))
            bib.write_text(edited(original), encoding="utf-8")
            results[side]["incremental"].append(build(checkout, folder, "incremental"))
            bib.write_text(original, encoding="utf-8")
            build(checkout, folder, "incremental")  # back to the original sources
            results[side]["paths"].append(paths(checkout, folder, start, end))
        print(f"round {round_ + 1} of {args.rounds} done", file=sys.stderr, flush=True)

    print(f"\n{args.entries:,} entries, {args.rounds} rounds")
    print(f"before = {sides['before']}, after = {sides['after']}")
    print(f"{'':12} {'':7} {'wall median (min)':>20} {'CPU median (min)':>20}")
    for task in ("full", "incremental", "paths"):
        for side in sides:
            rows = results[side][task]
            wall, cpu = [r["wall"] for r in rows], [r["cpu"] for r in rows]
            print(
                f"{task:12} {side:7} {statistics.median(wall):12.3f} s ({min(wall):.3f})"
                f" {statistics.median(cpu):12.3f} s ({min(cpu):.3f})"
            )
    quads = {
        side: {r["quads"] for task in ("full", "incremental") for r in results[side][task]} for side in sides
    }
    print(f"statements in the store: {quads}")


if __name__ == "__main__":
    main()
