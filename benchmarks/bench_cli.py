"""Start-up and query latency of the CLI, next to `import typer` for scale.

Reports the median wall time of fresh processes (the way a user meets them):
`python -c "import typer"`, `litgraph --help`, and `litgraph paths` on the seed
review with its store already built.

    .venv/bin/python benchmarks/bench_cli.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    litgraph = str(BIN / "litgraph")
    subprocess.run([litgraph, "build", "--quiet"], cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    cases = {
        'python -c "import typer"': [sys.executable, "-c", "import typer"],
        "litgraph --help": [litgraph, "--help"],
        'litgraph paths "community support" "brand attachment"': [
            litgraph,
            "paths",
            "community support",
            "brand attachment",
        ],
        "litgraph paths ... --json": [litgraph, "paths", "community support", "brand attachment", "--json"],
    }
    print(f"median of {runs} fresh processes")
    for name, argv in cases.items():
        print(f"{median_seconds(argv, runs) * 1000:8.0f} ms  {name}")


if __name__ == "__main__":
    main()
