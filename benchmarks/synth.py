"""A deterministic, field-scale synthetic review: a bibliography and a research model.

The real corpora top out at ~10,000 entries; the aims of litgraph are stated for
100,000. This generator writes a bibliography shaped like a research group's shared
file (DBLP/BibDesk mix: journal articles and proceedings papers, DOIs, abstracts on
some entries, `@string` journal macros, month macros, LaTeX escapes in a few per
cent of entries, crossrefs to `@proceedings` kept at the end, Chinese entries) and
a model of C constructs and H hypotheses (direct, mediation, moderation, moderated
mediation) whose evidence cites the bibliography's keys.

Same arguments, same bytes: every choice comes from `random.Random(seed)`.

    python benchmarks/synth.py OUT_DIR --entries 100000 --constructs 5000 --hypotheses 50000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FAMILIES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
    "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
    "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Kim Park Chen Wang Li Zhang Liu Yang Huang "
    "Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Tanaka Suzuki Sato Watanabe Ito Schmidt Schneider Fischer Weber "
    "Becker Wagner Hoffmann Koch Richter Dubois Laurent Lefebvre Moreau Rossi Russo Ferrari Esposito "
    "Bianchi Kowalski Nowak Novak Ivanov Petrov Andersson Johansson Karlsson Nielsen Hansen Jensen Silva "
    "Santos Oliveira Souza Costa Pereira Haddad Cohen"
).split()
GIVENS = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan "
    "Joseph Jessica Thomas Sarah Charles Karen Wei Fang Jing Lei Yan Hui Min Jun Hiroshi Yuki Kenji Anna "
    "Maria Peter Hans Klaus Sophie Pierre Marco Giulia Jan Olga Ivan Lars Erik Ana Pedro Ahmed Fatima "
    "Noam Priya Arjun"
).split()
# Names that need LaTeX decoding, as BibDesk and DBLP write them.
ACCENTED = (
    'M{\\"u}ller',
    "Andr{\\'e}",
    "Fran{\\c{c}}ois",
    'G{\\"o}del',
    "Jos{\\'e}",
    'Bj{\\"o}rn',
    'Ers{\\"o}z',
    "{\\v{C}}ech",
    "Nu{\\~n}ez",
    "{\\O}stergaard",
    "Do{\\u g}an",
)
VON = ("van der", "de", "von", "van")
CJK_FAMILIES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗".split()
CJK_GIVENS = "小明 华 伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英".split()
CJK_WORDS = (
    "品牌 社群 依恋 认同 价值 消费者 信任 参与 互动 电商 跨境 影响 机制 研究 实证 模型 平台 忠诚 满意度 感知"
).split()
WORDS = (
    "learning model network data analysis system performance efficient scalable distributed graph query "
    "knowledge community brand consumer trust engagement attachment identity value social behaviour "
    "intention adoption technology mediation moderation evidence review meta-analysis theory framework "
    "empirical study effect structural equation latent construct measurement validity reliability online "
    "platform cross-border commerce marketing loyalty satisfaction experience perceived usefulness ease"
).split()
JOURNALS = {  # @string macro → full name
    "jmr": "Journal of Marketing Research",
    "jm": "Journal of Marketing",
    "jcr": "Journal of Consumer Research",
    "misq": "MIS Quarterly",
    "isr": "Information Systems Research",
    "ms": "Management Science",
    "jams": "Journal of the Academy of Marketing Science",
    "ijrm": "International Journal of Research in Marketing",
    "tods": "ACM Transactions on Database Systems",
    "cacm": "Communications of the ACM",
}
PLAIN_JOURNALS = (
    "Journal of Business Research",
    "Decision Support Systems",
    "Psychological Bulletin",
    "Journal of Applied Psychology",
    "Computers in Human Behavior",
    "Tourism Management",
    "Electronic Commerce Research and Applications",
    "Journal of Retailing",
)
CJK_JOURNALS = ("管理世界", "南开管理评论", "营销科学学报", "管理科学学报", "中国工业经济")
VENUES = ("SIGMOD", "VLDB", "ICDE", "KDD", "WWW", "CHI", "ICIS", "ECIS", "NeurIPS", "ACL")
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


class _Bib:
    """Writes one bibliography; `rng` drives every choice."""

    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.n = n
        self.proceedings: dict[str, tuple[str, int]] = {}  # key → venue, year (in first-use order)
        self.written = 0

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def person(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return f"{rng.choice(ACCENTED)}, {rng.choice(GIVENS)}"
        if roll < 0.06:
            return f"{rng.choice(GIVENS)} {rng.choice(VON)} {rng.choice(FAMILIES)}"
        if roll < 0.5:
            return f"{rng.choice(FAMILIES)}, {rng.choice(GIVENS)[0]}. {rng.choice(GIVENS)[0]}."
        return f"{rng.choice(GIVENS)} {rng.choice(FAMILIES)}"

    def authors(self) -> str:
        names = [self.person() for _ in range(self.rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6)))]
        if self.rng.random() < 0.02:
            names.append("others")
        return " and ".join(names)

    def title(self) -> str:
        text = self.words(5, 14).capitalize()
        roll = self.rng.random()
        if roll < 0.02:
            return text + " with $\\alpha$-{Stable} estimators"
        if roll < 0.04:
            return "{\\em " + text + "}: a {B}ayesian view"
        if roll < 0.3:
            return text + ": the case of {" + self.rng.choice(VENUES) + "}"
        return text

    def entry(self, index: int) -> str:
        rng = self.rng
        year = rng.randint(1975, 2026)
        if rng.random() < 0.02:
            return self.chinese(index, year)
        roll = rng.random()
        if roll < 0.55:
            kind, fields = "article", self.article()
        elif roll < 0.85:
            kind, fields = "inproceedings", self.inproceedings(year)
        elif roll < 0.9:
            kind, fields = (
                "book",
                [("publisher", "{" + rng.choice(("Springer", "Wiley", "Elsevier", "MIT Press")) + "}")],
            )
        elif roll < 0.94:
            kind, fields = "incollection", [("booktitle", "{Handbook of " + self.words(2, 4).title() + "}")]
        elif roll < 0.97:
            kind, fields = "phdthesis", [("school", "{University of " + rng.choice(FAMILIES) + "}")]
        else:
            kind, fields = (
                "techreport",
                [
                    ("institution", "{" + rng.choice(FAMILIES) + " Institute}"),
                    ("number", "{TR-" + str(index) + "}"),
                ],
            )
        head = [("author", "{" + self.authors() + "}"), ("title", "{" + self.title() + "}")]
        tail = [("year", "{" + str(year) + "}")]
        if rng.random() < 0.2:
            tail.append(("month", rng.choice(MONTHS)))
        if rng.random() < 0.7:
            tail.append(("doi", "{10." + str(1000 + index % 9000) + "/" + f"j.{index:07d}" + "}"))
        if rng.random() < 0.2:
            tail.append(("url", "{https://example.org/papers/" + str(index) + "}"))
        if rng.random() < 0.3:
            tail.append(("keywords", "{" + ", ".join(self.words(1, 2) for _ in range(3)) + "}"))
        if rng.random() < 0.15:
            tail.append(("abstract", "{" + self.words(60, 140).capitalize() + ".}"))
        return _format(kind, f"{rng.choice(FAMILIES)}{year}{_suffix(index)}", head + fields + tail)

    def article(self) -> list[tuple[str, str]]:
        rng = self.rng
        macro = rng.random() < 0.3
        journal = rng.choice(list(JOURNALS)) if macro else "{" + rng.choice(PLAIN_JOURNALS) + "}"
        first = rng.randint(1, 900)
        return [
            ("journal", journal),
            ("volume", "{" + str(rng.randint(1, 80)) + "}"),
            ("number", "{" + str(rng.randint(1, 12)) + "}"),
            ("pages", "{" + f"{first}--{first + rng.randint(5, 30)}" + "}"),
        ]

    def inproceedings(self, year: int) -> list[tuple[str, str]]:
        """A third cite their proceedings by crossref, while the entry budget has room for it."""
        rng = self.rng
        first = rng.randint(1, 900)
        pages = ("pages", "{" + f"{first}--{first + rng.randint(5, 12)}" + "}")
        venue = rng.choice(VENUES)
        key = f"proc:{venue}{year}"
        room = self.written + 1 + len(self.proceedings) < self.n
        if rng.random() < 0.33 and (key in self.proceedings or room):
            self.proceedings.setdefault(key, (venue, year))
            return [("crossref", "{" + key + "}"), pages]
        return [("booktitle", "{Proceedings of the " + venue + " Conference}"), pages]

    def chinese(self, index: int, year: int) -> str:
        rng = self.rng
        names = " and ".join(
            f"{rng.choice(CJK_FAMILIES)}{rng.choice(CJK_GIVENS)}" for _ in range(rng.randint(1, 4))
        )
        title = "".join(rng.choice(CJK_WORDS) for _ in range(rng.randint(4, 9)))
        fields = [
            ("author", "{" + names + "}"),
            ("title", "{" + title + "}"),
            ("journal", "{" + rng.choice(CJK_JOURNALS) + "}"),
            ("year", "{" + str(year) + "}"),
            ("volume", "{" + str(rng.randint(1, 40)) + "}"),
            ("number", "{" + str(rng.randint(1, 12)) + "}"),
            ("langid", "{chinese}"),
        ]
        return _format("article", f"cn{year}{_suffix(index)}", fields)

    def text(self) -> str:
        parts = ["% Synthetic field-scale bibliography written by litgraph's benchmarks/synth.py\n\n"]
        parts += [f"@string{{{macro} = {{{name}}}}}\n" for macro, name in JOURNALS.items()]
        parts.append("\n")
        while self.written + len(self.proceedings) < self.n:
            parts.append(self.entry(self.written))
            self.written += 1
        for key, (venue, year) in self.proceedings.items():
            name = "{Proceedings of the " + venue + " Conference " + str(year) + "}"
            parts.append(
                _format(
                    "proceedings",
                    key,
                    [
                        ("title", name),
                        ("booktitle", name),
                        ("publisher", "{ACM}"),
                        ("year", "{" + str(year) + "}"),
                        ("address", "{New York, NY, USA}"),
                    ],
                )
            )
        return "".join(parts)


def _suffix(index: int) -> str:
    """A short unique key suffix: base-26 letters of the index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


def _format(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n\n"


def bibliography(n: int, seed: int = 1) -> str:
    """The text of a bibliography with exactly `n` entries (plus the @string block)."""
    return _Bib(n, seed).text()


def keys_of(text: str) -> list[str]:
    """The entry keys of a bibliography this module wrote (cheap: one key per head line)."""
    keys = []
    for line in text.splitlines():
        if line.startswith("@") and not line.startswith("@string"):
            keys.append(line[line.index("{") + 1 : -1])
    return keys


def model(constructs: int, hypotheses: int, keys: list[str], seed: int = 2) -> str:
    """A research model (YAML) with an acyclic, locally clustered web of effects.

    Effects run from a construct to one of the next 40 at most (so routes between nearby
    constructs exist, as in a real model, and the effect graph has no cycle).
    Hypotheses are 70 % direct, 15 % mediation, 12 % moderation of a direct one
    and 3 % moderated mediation; each cites one to three references.
    """
    rng = random.Random(seed)
    cids = [f"c{i:05d}" for i in range(constructs)]
    out = [
        "review:\n  id: synthetic-field\n  title: {en: A synthetic field-scale review, zh: 合成综述}\n"
        "  authors: [litgraph benchmarks]\n\nconstructs:\n"
    ]
    for i, cid in enumerate(cids):
        out.append(
            f"  - id: {cid}\n    label: {{en: construct {i}, zh: 构念{i}}}\n"
            f"    alt_labels: {{en: [C{i} alias]}}\n"
            f"    definition: The degree to which {' '.join(rng.choice(WORDS) for _ in range(8))}.\n"
        )
        if rng.random() < 0.5:
            out.append(
                f"    defined_by:\n      - ref: {rng.choice(keys)}\n        claim: Defines construct {i}.\n"
            )
    out.append("\nhypotheses:\n")
    directs: list[str] = []
    mediations: list[str] = []
    last = constructs - 1
    for number in range(1, hypotheses + 1):
        hid = f"H{number}"
        roll = rng.random()
        source = rng.randrange(last)
        mediator = min(last, source + rng.randint(1, 20))
        target = min(last, mediator + rng.randint(1, 20))
        if roll < 0.70 or not directs or (roll < 0.85 and target == mediator):
            out.append(f"  - id: {hid}\n    kind: direct\n    from: {cids[source]}\n    to: {cids[target]}\n")
            directs.append(hid)
        elif roll < 0.85:
            out.append(
                f"  - id: {hid}\n    kind: mediation\n    from: {cids[source]}\n    via: [{cids[mediator]}]\n"
                f"    to: {cids[target]}\n"
            )
            mediations.append(hid)
        elif roll < 0.97 or not mediations:
            out.append(
                f"  - id: {hid}\n    kind: moderation\n    moderator: {rng.choice(cids)}\n"
                f"    moderates: {rng.choice(directs)}\n"
            )
        else:
            out.append(
                f"  - id: {hid}\n    kind: moderated_mediation\n    moderator: {rng.choice(cids)}\n"
                f"    moderates: {rng.choice(mediations)}\n"
            )
        out.append(
            f'    sign: "{rng.choice("++++-")}"\n    statement: Hypothesis {number} on '
            f"{' '.join(rng.choice(WORDS) for _ in range(6))}.\n    evidence:\n"
        )
        for _ in range(rng.randint(1, 3)):
            out.append(
                f"      - ref: {rng.choice(keys)}\n        claim: Reports {rng.choice(WORDS)} evidence.\n"
            )
            if rng.random() < 0.3:
                out.append(
                    f"        beta: {rng.randint(5, 80) / 100}\n        p: 0.01\n"
                    f"        n: {rng.randint(80, 900)}\n"
                )
    return "".join(out)


def write_project(folder: Path, entries: int, constructs: int, hypotheses: int, seed: int = 1) -> Path:
    """A complete review folder (litgraph.toml, references.bib, model.yaml); returns the .bib path."""
    folder.mkdir(parents=True, exist_ok=True)
    text = bibliography(entries, seed)
    bib = folder / "references.bib"
    bib.write_text(text, encoding="utf-8")
    keys = [key for key in keys_of(text) if not key.startswith("proc:")]
    (folder / "model.yaml").write_text(model(constructs, hypotheses, keys, seed + 1), encoding="utf-8")
    (folder / "litgraph.toml").write_text(
        '[review]\nbibtex = ["references.bib"]\nmodel = "model.yaml"\n', encoding="utf-8"
    )
    return bib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--constructs", type=int, default=50)
    parser.add_argument("--hypotheses", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bib = write_project(args.folder, args.entries, args.constructs, args.hypotheses, args.seed)
    print(f"wrote {bib} and {args.folder / 'model.yaml'}")


if __name__ == "__main__":
    main()
