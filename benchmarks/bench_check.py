"""Time of `litgraph check` on each real corpus and on a synthetic 100,000-entry file.

Each file is measured in a fresh process (so peak RSS is that file's own): the
BibTeX parse, the integrity checks, and their sum, with the number of findings.
The synthetic file comes from benchmarks/synth.py with a fixed seed, written to a
temporary directory.

    .venv/bin/python benchmarks/bench_check.py [--entries 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def measure(path: Path) -> dict:
    """Parse and check one file in this process: wall and CPU seconds, peak RSS in MiB."""
    from litgraph.check.integrity import check_bibliography
    from litgraph.parse.bibtex import load_bibliography

    start, start_cpu = time.perf_counter(), time.process_time()
    bib = load_bibliography([path])
    parsed, parsed_cpu = time.perf_counter(), time.process_time()
    problems = check_bibliography(bib)
    checked, checked_cpu = time.perf_counter(), time.process_time()
    return {
        "file": path.name,
        "entries": len(bib.references),
        "findings": len(problems),
        "parse_s": parsed - start,
        "check_s": checked - parsed,
        "total_s": checked - start,
        "check_cpu_s": checked_cpu - parsed_cpu,
        "total_cpu_s": checked_cpu - start_cpu,
        "peak_rss_mib": peak_rss_mib(),
    }


def peak_rss_mib() -> float:
    """This process's own peak: VmHWM restarts at exec, while ru_maxrss keeps the parent's peak from fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_in_fresh_process(path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--one", str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(output.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # measure one file and print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from synth import bibliography

    with tempfile.TemporaryDirectory() as folder:
        synthetic = Path(folder) / f"synthetic-{args.entries}.bib"
        synthetic.write_text(bibliography(args.entries, args.seed), encoding="utf-8")
        rows = [measure_in_fresh_process(path) for path in [*sorted(CORPORA.glob("*.bib")), synthetic]]
    print(
        f"{'file':40} {'entries':>8} {'findings':>8} {'parse s':>8} {'check s':>8} {'total s':>8} "
        f"{'check cpu':>9} {'total cpu':>9} {'peak MiB':>9}"
    )
    for row in rows:
        print(
            f"{row['file']:40} {row['entries']:8,} {row['findings']:8,} {row['parse_s']:8.2f} "
            f"{row['check_s']:8.2f} {row['total_s']:8.2f} {row['check_cpu_s']:9.2f} "
            f"{row['total_cpu_s']:9.2f} {row['peak_rss_mib']:9.0f}"
        )


if __name__ == "__main__":
    main()
