"""The gbt7714 BibTeX styles as an oracle: run `bibtexu` on a .bib, read the .bbl entry by entry.

The styles are read in place from ../shared/gbt7714-styles/ and run in a temporary folder.
BibTeX's built-in limits are raised through the environment (kpathsea reads texmf.cnf
variables from it): with Debian's texlive-binaries alone its entry strings stop at 100
characters and long URLs come out cut. What a reader sees is compared: TeX markup
removed (\\newblock, \\allowbreak, ~, \\url{}, \\doi{}, braces, a space after a control word,
TeX's `` '' -- --- ligatures), Unicode NFKC, spacing collapsed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
STYLES = SHARED / "gbt7714-styles"
EXAMPLES = SHARED / "corpora" / "zepinglee-gbt7714-examples.bib"
VARIANTS = ("2015-numeric", "2015-authoryear", "2025-numeric", "2025-authoryear")

_ITEM = re.compile(r"\\bibitem\[((?:[^\[\]{}]|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})*)\]\{([^}]*)\}")
_SUFFIX = re.compile(r"\\natexlab\{([a-z]+)\}")
_LIGATURES = (("``", "“"), ("''", "”"), ("---", "—"), ("--", "–"))


def run_bibtexu(variant: str, bib: Path, workdir: Path) -> str:
    """The .bbl that gbt7714-`variant`.bst makes of every entry in `bib`."""
    style = f"gbt7714-{variant}"
    shutil.copyfile(STYLES / f"{style}.bst", workdir / f"{style}.bst")
    shutil.copyfile(bib, workdir / "refs.bib")
    (workdir / "t.aux").write_text(f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n")
    env = {
        **os.environ,
        "TEXINPUTS": ".",
        "BSTINPUTS": ".",
        "BIBINPUTS": ".",
        "ent_str_size": "5000",
        "glob_str_size": "20000",
        "max_strings": "200000",
    }
    subprocess.run(["bibtexu", "t"], cwd=workdir, env=env, capture_output=True, timeout=300, check=False)
    return (workdir / "t.bbl").read_text(encoding="utf-8")


def bbl_entries(bbl: str, *, nfkc: bool = True) -> dict[str, tuple[str, str]]:
    """key → (the year suffix in its label, its text as a reader sees it); `nfkc` False keeps the
    characters as written (full-width punctuation), spacing collapsed only."""
    matches = list(_ITEM.finditer(bbl))
    out = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else bbl.find("\\end{thebibliography}")
        suffix = _SUFFIX.search(match.group(1))
        out[match.group(2)] = (
            suffix.group(1) if suffix else "",
            clean_tex(bbl[match.end() : end], nfkc=nfkc),
        )
    return out


def clean_tex(text: str, *, nfkc: bool = True) -> str:
    text = re.sub(r"\\natexlab\{([a-z]*)\}", r"\1", text)
    text = re.sub(r"\\(?:url|doi|cstr|emph|textit|textbf)\{((?:[^{}]|\{[^{}]*\})*)\}", r"\1", text)
    text = text.replace("$\\times$", "×").replace("\\quad", " ").replace("\\ ", " ")
    for escaped in "&%_#$":
        text = text.replace("\\" + escaped, escaped)
    text = re.sub(r"\\newblock\s*", " ", text)
    text = re.sub(r"\\(?:allowbreak|em|it|bf)(?![A-Za-z])\s*", "", text)
    text = text.replace("~", " ").replace("{", "").replace("}", "")
    for tex, shown in _LIGATURES:
        text = text.replace(tex, shown)
    return normalize(text) if nfkc else spaced(text)


def normalize(text: str) -> str:
    """NFKC, spacing collapsed: what two renderings must share to read the same."""
    return spaced(unicodedata.normalize("NFKC", text))


def spaced(text: str) -> str:
    return " ".join(text.split())
