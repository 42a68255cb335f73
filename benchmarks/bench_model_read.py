"""Model files from real-sized to hostile (issue 16, item 10): CPU time and peak memory, in fresh processes.

Real-sized models are read with `load_model`; hostile ones go through `litgraph build` on a copy of the
second review (tests/fixtures/tam-review) with its model.yaml replaced, since before the limits their cost
came after the reading (a 1 MB review id in every IRI, a 10 MB label in SHACL's N-Triples reader). Each
process runs under a 4 GiB address-space limit and --timeout, so a hostile file cannot take the machine.
The same script runs on older code, which is how BENCHMARKS.md has its "before" figures.

    .venv/bin/python benchmarks/bench_model_read.py [--timeout 600]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

TAM = ROOT / "tests" / "fixtures" / "tam-review"
MODEL = (TAM / "model.yaml").read_text(encoding="utf-8")
LIMIT = 4 * 2**30
READ = """
import sys
from pathlib import Path
from litgraph.model.load import load_model
model, problems = load_model(Path(sys.argv[1]), "model.yaml")
print(f"read: {len(model.constructs)} constructs, {len(model.hypotheses)} hypotheses")
"""


def real_sized() -> dict[str, str]:
    text = synth.bibliography(100_000, 1)
    keys = [key for key in synth.keys_of(text) if not key.startswith("proc:")]
    return {
        "seed model (17 KB)": (ROOT / "model.yaml").read_text(encoding="utf-8"),
        "synthetic, 50 constructs, 200 hypotheses": synth.model(50, 200, keys, 2),
        "synthetic, 5,000 constructs, 50,000 hypotheses (19 MB)": synth.model(5000, 50_000, keys, 2),
    }


def hostile() -> dict[str, str]:
    anchors = f"x-label: &label {'x' * 10_000}\nx-labels: &labels [{', '.join(['*label'] * 1000)}]\n"
    extra = "".join(f"  - {{id: extra{i}, label: Extra, alt_labels: {{en: *labels}}}}\n" for i in range(40))
    return {
        "a review id of 1 MB": MODEL.replace("id: tam-acceptance", "id: " + "a" * 1_000_000),
        "a label of 10 MB": MODEL.replace("label: attitude toward using", "label: " + "a " * 5_000_000),
        "4 million numbers in a list (8 MB)": MODEL + "x-a: [" + "1," * 4_000_000 + "1]\n",
        "a 10,000-character label named 40,000 times through aliases": anchors
        + MODEL.replace("constructs:\n", "constructs:\n" + extra, 1),
    }


def run(argv: list[str], timeout: float) -> str:
    """Run under the limits; CPU seconds, peak memory and the last line it printed."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    with tempfile.TemporaryFile("w+") as output:
        child = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, preexec_fn=limit)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                return f"not done after {timeout:.0f} s"
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        lines = [line.strip() for line in output if line.strip()]
    cpu = usage.ru_utime + usage.ru_stime
    last = next((line for line in lines if line.startswith("error:")), lines[-1] if lines else "")
    return f"{cpu:6.1f} s CPU {usage.ru_maxrss // 1024:6,} MB peak  exit {child.returncode}  {last[:110]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=600)
    timeout = parser.parse_args().timeout
    litgraph = str(Path(sys.executable).parent / "litgraph")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.yaml"
        print("load_model:")
        for name, text in real_sized().items():
            path.write_text(text, encoding="utf-8")
            print(f"  {name}:\n    {run([sys.executable, '-c', READ, str(path)], timeout)}")
        print("litgraph build:")
        for name, text in hostile().items():
            project = Path(tmp) / "review"
            shutil.rmtree(project, ignore_errors=True)
            shutil.copytree(TAM, project)
            (project / "model.yaml").write_text(text, encoding="utf-8")
            print(f"  {name}:\n    {run([litgraph, 'build', '--project', str(project)], timeout)}")


if __name__ == "__main__":
    main()
