"""Where the training records come from, each with its commit and licence (RECIPE.md says the same).

The shared corpora are read in place (../shared/corpora). The public repositories are read from
their snapshots (`/work/.mirror/OWNER+NAME/repo`, brought by the search tool's `fetch`; set
LITGRAPH_MIRRORS to read them elsewhere) at the commit named here, so a rebuild reads the same
bytes. Nothing from them is committed to this repository: only the model trained on them.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
#: Held out of training: the GB/T 7714 benchmark renders these with the gbt7714 styles.
HELD_OUT_BIB = CORPORA / "zepinglee-gbt7714-examples.bib"
TRAINING_BIBS = (
    "colrev-ejis-records.bib",
    "contextlab-cdl.bib",
    "efficient-biblio-ref.bib",
    "gnossos-rethinking-rent-references.bib",
    "hupili-rfc.bib",
)


@dataclass(frozen=True)
class Snapshot:
    repo: str
    commit: str
    path: str
    licence: str
    what: str

    def read(self) -> str:
        base = Path(os.environ.get("LITGRAPH_MIRRORS", "/work/.mirror"))
        git_dir = base / self.repo.replace("/", "+") / "repo"
        if (git_dir / ".git").is_dir():
            git_dir = git_dir / ".git"
        if not git_dir.exists():
            raise SystemExit(
                f"{self.repo} is not at {git_dir}: fetch github:{self.repo} (the search tool) first"
            )
        return subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"{self.commit}:{self.path}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


ANYSTYLE_CORE = Snapshot(
    "inukshuk/anystyle",
    "c6f5fb2fa6e8ce9456ad1e1e88d6bba5f3d7731d",
    "res/parser/core.xml",
    "BSD-2-Clause (LICENSE)",
    "1,514 real references, span-labelled (anystyle's training set)",
)
ANYSTYLE_GOLD = Snapshot(
    "inukshuk/anystyle",
    "c6f5fb2fa6e8ce9456ad1e1e88d6bba5f3d7731d",
    "res/parser/gold.xml",
    "BSD-2-Clause (LICENSE)",
    "1,669 real references, span-labelled: HELD OUT, benchmark only",
)
ZOTERO_CHINESE_ITEMS = tuple(
    Snapshot(
        "zotero-chinese/styles",
        "34e21ea7c0bd89376d0093da9cc3c31a57d7d7ab",
        f"lib/data/items/{name}",
        "CC BY-SA 3.0 (LICENSE)",
        "CSL-JSON test items of Chinese journals' styles",
    )
    for name in (
        "acta-psychologica-sinica-data.json",
        "apa-data.json",
        "default-test-cites-author-date-data.json",
        "gbt7714-data.json",
        "manual-of-legal-citation-data.json",
        "social-sciences-in-china-data.json",
    )
)
CNKI_EDUCATION_TITLES = Snapshot(
    "rwqzcq/cnki_education",
    "0947288a06da97f342d2110546714723e4686a83",
    "init/dataset_2018.csv",
    "none stated (bibliographic facts crawled from CNKI)",
    "24,753 titles of 2018 papers in Chinese education journals, with journal, year and issue",
)
CSSCI_JOURNALS = Snapshot(
    "MrWuBear/CSSCI_RSS_Feeds",
    "3bbe8833d9b5a78021e443c9001ac8fc8be98bf1",
    "CSSCI_CNKI_RSS_LISTS_ALL.csv",
    "none stated (a list of journal names)",
    "names of the CSSCI journals (Chinese social sciences)",
)
