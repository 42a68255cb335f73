"""`litgraph verify` on 500 references against a rate-limited local Crossref.

The fake Crossref (tests/fakeapis.py) answers each request after 20 ms and admits
at most 10 requests in any sliding second, advertising the limit in
X-Rate-Limit-Limit / X-Rate-Limit-Interval and answering 429 + Retry-After beyond
it. Every reference has a DOI, so a run is 500 look-ups: the limit's minimum is
500 / 10 per s = 50 s. The CLI runs as a user meets it (a fresh process on a
project), first with an empty cache, then again with the cache filled.

    .venv/bin/python benchmarks/bench_verify.py [--references 500] [--rate 10]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakeapis import FakeAPI, Work  # noqa: E402

LITGRAPH = Path(sys.executable).parent / "litgraph"
WORDS = (
    "brand",
    "community",
    "attachment",
    "identity",
    "loyalty",
    "trust",
    "value",
    "engagement",
    "platform",
    "support",
    "social",
    "consumer",
    "online",
    "experience",
    "self",
    "congruity",
    "commerce",
    "network",
)


def synthetic_works(count: int) -> list[Work]:
    works = []
    for i in range(count):
        title = " ".join(WORDS[(i * k + k) % len(WORDS)] for k in (1, 3, 5, 7)).capitalize() + f" study {i}"
        works.append(
            Work(
                f"10.5555/bench.{i}",
                title,
                [("Ann", f"Author{i}"), ("Bo", "Second")],
                1990 + i % 35,
                "Journal of Benchmark Studies",
                str(1 + i % 40),
                str(1 + i % 4),
                f"{i + 1}-{i + 12}",
            )
        )
    return works


def bib_text(works: list[Work]) -> str:
    return "\n".join(
        f"@article{{B{i},\n  author = {{{w.authors[0][1]}, Ann and Second, Bo}},\n  title = {{{w.title}}},\n"
        f"  journal = {{{w.journal}}},\n  year = {{{w.year}}},\n  volume = {{{w.volume}}},\n"
        f"  number = {{{w.issue}}},\n  pages = {{{w.pages}}},\n  doi = {{{w.doi}}}\n}}\n"
        for i, w in enumerate(works)
    )


def run_verify(project: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(
        [str(LITGRAPH), "verify", "--project", str(project), "--quiet", "--json"],
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--references", type=int, default=500)
    parser.add_argument("--rate", type=int, default=10, help="requests per second the server admits")
    args = parser.parse_args()
    works = synthetic_works(args.references)
    with (
        tempfile.TemporaryDirectory() as folder,
        FakeAPI("crossref", works, latency=0.020, limit=args.rate, interval=1.0, enforce=True) as crossref,
        FakeAPI("openalex", works, latency=0.020) as openalex,
    ):
        project = Path(folder)
        (project / "refs.bib").write_text(bib_text(works), encoding="utf-8")
        (project / "litgraph.toml").write_text(
            f'[review]\nbibtex = ["refs.bib"]\n\n[verify]\ncrossref_api = "{crossref.url}"\n'
            f'openalex_api = "{openalex.url}"\nmailto = "bench@example.org"\n',
            encoding="utf-8",
        )

        cold, first = run_verify(project)
        asked = len(crossref.requests()) + len(openalex.requests())
        warm, second = run_verify(project)
        asked_again = len(crossref.requests()) + len(openalex.requests()) - asked

    floor = args.references / args.rate
    statuses = first.stdout.count('"status": "verified"')
    throttled = crossref.statuses().count(429)
    print(f"{args.references} references, server: {args.rate} requests/s (sliding 1 s window), 20 ms latency")
    print(
        f"  cold run   {cold:6.1f} s   limit's minimum {floor:.1f} s   ratio {cold / floor:.3f} "
        f"(aim <= 1.15)   exit {first.returncode}"
    )
    print(
        f"             {asked} requests, {throttled} answered 429, "
        f"at most {crossref.max_in_window(1.0)} in any 1 s, {statuses}/{args.references} verified"
    )
    print(f"  cached run {warm:6.2f} s   (aim < 2 s)   {asked_again} requests   exit {second.returncode}")


if __name__ == "__main__":
    main()
