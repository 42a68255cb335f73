"""What checking the store on opening costs (issue 16, item 5), against the alternatives.

Builds the seed review and a synthetic review (`synth.py`, --entries) in a temporary
folder, then reports the median over --runs of, in one process:
  * `GraphStore.open()` as litgraph opens the store (our manifest read, the database's
    files compared with the sizes the build recorded, RocksDB opened read-only);
  * the file comparison alone, and RocksDB's read-only open alone;
  * `len(store)`, the statement count Oxigraph gives by scanning an index — the check
    against the manifest's `quads` that was not chosen, for its cost at scale.

    .venv/bin/python benchmarks/bench_store_open.py [--entries 20000] [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

from litgraph.graph.build import build
from litgraph.graph.store import GraphStore
from litgraph.project import find_project

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def seed_project(folder: Path) -> Path:
    shutil.copytree(ROOT / "references", folder / "references")
    shutil.copy(ROOT / "model.yaml", folder / "model.yaml")
    (folder / "litgraph.toml").write_text(
        '[review]\nbibtex = ["references/seed-review.bib"]\nmodel = "model.yaml"\n', encoding="utf-8"
    )
    return folder


def measure(name: str, folder: Path, runs: int) -> None:
    project = find_project(folder)
    build(project, shacl=False)
    store = GraphStore(project.store_dir)
    manifest = store.manifest()
    database = str(store.db_path)
    statements = manifest.counts["quads"]
    opened = store.open()
    print(f"{name}: {statements:,} statements, {len(manifest.files)} database files")
    print(f"  {median_ms(store.open, runs):8.2f} ms  GraphStore.open() (with the check)")
    print(f"  {median_ms(lambda: store._changed_file(manifest.files), runs):8.2f} ms  the file check alone")
    read_only = median_ms(lambda: pyoxigraph.Store.read_only(database), runs)
    print(f"  {read_only:8.2f} ms  RocksDB read-only open")
    print(f"  {median_ms(lambda: len(opened), runs):8.2f} ms  len(store), the count not chosen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("seed review", seed_project(Path(tmp) / "seed"), args.runs)
        synthetic = Path(tmp) / "synthetic"
        synth.write_project(synthetic, args.entries, constructs=50, hypotheses=200)
        measure(f"synthetic review, {args.entries:,} entries", synthetic, args.runs)


if __name__ == "__main__":
    main()
