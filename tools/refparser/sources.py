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
#: Real GB/T 7714-shaped records of every type (biblatex fields as the gbt7714 styles read them): the
#: example files of the biblatex GB/T styles, a Typst GB/T style and three universities' thesis
#: templates. Many of them are the standard's own examples; every record the held-out examples also
#: hold (same or nearly the same title, same DOI or URL) is dropped (`records.HeldOut`).
GBT_EXAMPLE_BIBS = tuple(
    Snapshot(repo, commit, path, licence, what)
    for repo, commit, path, licence, what in (
        (
            "hushidong/biblatex-gb7714-2015",
            "672a23368c74f3ecaa2c6d7904df5aeee0094777",
            "example.bib",
            "LPPL 1.3c (README)",
            "the examples of biblatex-gb7714-2015: the 2015 standard's and the author's test records",
        ),
        (
            "hushidong/biblatex-gb7714-2025",
            "8ffad20945e44c1f7f5ed85d63e5c8f4d8f7a133",
            "example2025.bib",
            "LPPL 1.3c (README)",
            "the examples of biblatex-gb7714-2025",
        ),
        (
            "hushidong/biblatex-gb7714-2025",
            "8ffad20945e44c1f7f5ed85d63e5c8f4d8f7a133",
            "molc.bib",
            "LPPL 1.3c (README)",
            "the examples of the Chinese legal citation manual (法学引注手册) style",
        ),
        (
            "typst-omni-gb7714/omni-gb7714",
            "a1e3e2f82915e438f7e567dc3b781e01cecd60ec",
            "2015-mainmatter.bib",
            "none stated (bibliographic records)",
            "the 2015 standard's examples, transcribed for a Typst style",
        ),
        (
            "typst-omni-gb7714/omni-gb7714",
            "a1e3e2f82915e438f7e567dc3b781e01cecd60ec",
            "2015-appx.bib",
            "none stated (bibliographic records)",
            "the 2015 standard's appendix examples, transcribed for a Typst style",
        ),
        (
            "tuna/thuthesis",
            "d149cdc7a5ab14d92bcef2346b019ade28994c0d",
            "ref/refs.bib",
            "LPPL 1.3c (LICENSE)",
            "Tsinghua University's thesis template: its example references",
        ),
        (
            "tuna/thuthesis",
            "d149cdc7a5ab14d92bcef2346b019ade28994c0d",
            "testfiles/support/refs-bachelor.bib",
            "LPPL 1.3c (LICENSE)",
            "Tsinghua University's thesis template: its bachelor test references",
        ),
        (
            "ustctug/ustcthesis",
            "a9a7a1c732869fabd82ca296f44606f6667d4de9",
            "bib/ustc.bib",
            "LPPL 1.3c (LICENSE)",
            "USTC's thesis template: its example references",
        ),
        (
            "sjtug/SJTUThesis",
            "507a8c89ce5dbf9c7784facc3061da6deb6ff054",
            "refs.bib",
            "Apache-2.0 (LICENSE)",
            "SJTU's thesis template: its example references",
        ),
    )
)
CSSCI_JOURNALS = Snapshot(
    "MrWuBear/CSSCI_RSS_Feeds",
    "3bbe8833d9b5a78021e443c9001ac8fc8be98bf1",
    "CSSCI_CNKI_RSS_LISTS_ALL.csv",
    "none stated (a list of journal names)",
    "names of the CSSCI journals (Chinese social sciences)",
)
