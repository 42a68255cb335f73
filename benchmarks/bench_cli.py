"""Start-up and query latency of the CLI, as ratios to `python -c "import typer"`.

Wall time on a shared machine swings with its load, so the figure that travels is the
ratio to a fixed yardstick measured in the same run: every round runs each command once,
in turn (the cases interleaved, not one case's runs then the next), so a burst of load
falls on all of them alike. Prints each command's median wall time of fresh processes,
its ratio to `import typer`, and the machine's load average before and after.

    .venv/bin/python benchmarks/bench_cli.py [--runs 21] [--explain]

`--explain` adds `python -m litgraph --help` (no console-script wrapper) and the bare
import chain (`import litgraph.cli.app`), to show where the start-up goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YARDSTICK = 'python -c "import typer"'
PAIR = ("community support", "brand attachment")
# As a user's Python runs: bytecode written on the first run and read after (a shell that sets
# PYTHONDONTWRITEBYTECODE would time compiling litgraph's ~70 modules from source in every run).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def cases(explain: bool) -> dict[str, list[str]]:
    litgraph = str(BIN / "litgraph")
    found = {
        YARDSTICK: [sys.executable, "-c", "import typer"],
        "litgraph --help": [litgraph, "--help"],
        'litgraph paths "community support" "brand attachment"': [litgraph, "paths", *PAIR],
        "litgraph paths ... --json": [litgraph, "paths", *PAIR, "--json"],
    }
    if explain:
        found["python -m litgraph --help"] = [sys.executable, "-m", "litgraph", "--help"]
        found['python -c "import litgraph.cli.app"'] = [sys.executable, "-c", "import litgraph.cli.app"]
    return found


def seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Each round runs every command once, the order rotated so none always goes first."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(seconds(commands[name]))
    return times


def load() -> str:
    return "/".join(f"{figure:.1f}" for figure in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--explain", action="store_true", help="also python -m litgraph and the imports")
    options = parser.parse_args()
    subprocess.run(
        [str(BIN / "litgraph"), "build", "--quiet"], cwd=ROOT, check=False, stdout=subprocess.DEVNULL
    )
    commands = cases(options.explain)
    for argv in commands.values():  # warm the file cache and write the bytecode before timing
        seconds(argv)
    load_before = load()
    times = interleaved(commands, options.runs)
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    print(f"median of {options.runs} fresh processes, cases interleaved round by round, bytecode cached")
    print(f"load average (1/5/15 min): {load_before} before, {load()} after; {os.cpu_count()} cores")
    print(f"{'median':>8}  {'ratio':>6}  command")
    for name, median in medians.items():
        print(f"{median * 1000:5.0f} ms  {median / medians[YARDSTICK]:5.2f}×  {name}")


if __name__ == "__main__":
    main()
