"""Train the reference-string CRF: `python -m tools.refparser.train` (or `make model`).

Deterministic: one seed drives every draw, the records are read at fixed commits, and L-BFGS has no
randomness, so two runs write the same bytes (`--check` trains twice and compares).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

from .dataset import training_examples
from .sources import ROOT

MODEL_PATH = ROOT / "litgraph" / "parse" / "typed" / "data" / "refparser.crfsuite"
PARAMS = {
    "c1": 0.1,  # L1: drops features that do not help, which keeps the shipped model small
    "c2": 0.01,
    "max_iterations": 100,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}


def train(path: Path, seed: int, chinese_count: int, rare_count: int, iterations: int) -> dict[str, int]:
    trainer = pycrfsuite.Trainer(verbose=False)
    counts: dict[str, int] = {}
    for example in training_examples(seed, chinese_count, rare_count):
        trainer.append(example.features, example.labels)
        counts[example.shape] = counts.get(example.shape, 0) + 1
    trainer.set_params({**PARAMS, "max_iterations": iterations})
    trainer.train(str(path))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7714)
    parser.add_argument("--chinese", type=int, default=6000, help="synthetic Chinese records")
    parser.add_argument("--rare", type=int, default=5000, help="records of GB/T's rare types (rare.py)")
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = train(args.out, args.seed, args.chinese, args.rare, args.iterations)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"trained on {sum(counts.values())} strings {dict(sorted(counts.items()))}")
    print(
        f"{args.out}: {args.out.stat().st_size:,} bytes, sha256 {digest}, "
        f"{time.perf_counter() - started:.0f} s"
    )
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            again = Path(tmp) / "again.crfsuite"
            train(again, args.seed, args.chinese, args.rare, args.iterations)
            same = again.read_bytes() == args.out.read_bytes()
        print("deterministic: same bytes" if same else "NOT deterministic: the two models differ")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
