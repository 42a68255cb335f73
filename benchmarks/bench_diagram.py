"""Time to draw the research-model figure: the layout alone, the figure as PNG, and the command.

For each review (the seed review, tests/fixtures/tam-review, the 12-construct
tests/fixtures/figure-12) and language, on a copy built in a temporary folder:
the median of `figure(..., "dot")` in process (Graphviz measuring the texts, then
the layout), of `figure(..., "png")` (plus Graphviz drawing at 200 dpi) — CPU seconds
of this process and the Graphviz processes it ran, and wall time — and the wall time
of a fresh `litgraph diagram -o FILE.png` process.

    .venv/bin/python benchmarks/bench_diagram.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from litgraph.cli.common import load_project
from litgraph.cli.query_cmds import questions_for
from litgraph.output.diagram import ModelPaths, figure

ROOT = Path(__file__).resolve().parents[1]
LITGRAPH = str(Path(sys.executable).parent / "litgraph")
REVIEWS = {
    "seed": ROOT,
    "tam-review": ROOT / "tests" / "fixtures" / "tam-review",
    "figure-12": ROOT / "tests" / "fixtures" / "figure-12",
}


def copy_review(source: Path, target: Path) -> Path:
    if source == ROOT:  # the seed review: its config, model and reference list
        target.mkdir()
        for name in ("litgraph.toml", "model.yaml"):
            shutil.copy(source / name, target / name)
        shutil.copytree(source / "references", target / "references")
        toml = (target / "litgraph.toml").read_text(encoding="utf-8")
        (target / "litgraph.toml").write_text(
            toml.replace('"../shared', f'"{ROOT.parent}/shared'), encoding="utf-8"
        )
    else:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".litgraph"))
    subprocess.run([LITGRAPH, "build", "--quiet", "-p", str(target)], check=True, stdout=subprocess.DEVNULL)
    return target


def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (Graphviz)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def medians(work, *args, runs: int, **options) -> tuple[float, float]:
    """Median CPU seconds (this process and Graphviz) and median wall seconds of `work(*args)`."""
    cpu, wall = [], []
    for _ in range(runs):
        c, w = _cpu(), time.perf_counter()
        work(*args, **options)
        cpu.append(_cpu() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


def bench(name: str, project: Path, lang: str, runs: int, out: Path) -> str:
    questions = questions_for(load_project(project), "embedded", lang)
    constructs, hypotheses = questions.constructs(), questions.backend.hypotheses()
    paths = ModelPaths.of(constructs, hypotheses)
    cpu, wall = medians(figure, constructs, hypotheses, lang, "dot", runs=runs)
    png_cpu, png = medians(figure, constructs, hypotheses, lang, "png", runs=runs)
    argv = [LITGRAPH, "diagram", "--lang", lang, "-p", str(project), "-o", str(out)]
    _, command = medians(subprocess.run, argv, stdout=subprocess.DEVNULL, runs=runs)
    sizes = f"{len(constructs):>10} {len(paths.arrows):>6} {len(paths.moderators):>11}"
    times = f"{cpu:>10.2f}s {wall:>11.2f}s {png_cpu:>8.2f}s {png:>8.2f}s {command:>12.2f}s"
    return f"{name:<12} {lang:<5} {sizes} {times}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"median of {runs} runs; layout = figure(..., 'dot'), Graphviz measuring the texts included")
    print(
        f"{'review':<12} {'lang':<5} {'constructs':>10} {'arrows':>6} {'moderations':>11}"
        f" {'layout cpu':>11} {'layout wall':>12} {'png cpu':>9} {'png wall':>9} {'command wall':>13}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in REVIEWS.items():
            project = copy_review(source, Path(tmp) / name)
            for lang in ("en", "zh"):
                print(bench(name, project, lang, runs, Path(tmp) / "figure.png"), flush=True)


if __name__ == "__main__":
    main()
