"""Mutated reference inputs for tests/test_fuzz.py: BibTeX (windows of the real corpora in
../shared/corpora/ and references/seed-review.bib), litgraph.toml, and the import formats (the
exports tests/test_import_readers.py reads, written as each tool writes them), in the encodings
review authors' files come in. Mutations know each format's records (a record doubled, its end
line dropped, a value grown, a JSON item of the wrong shape, an XML element cut) and some are
blind (bytes flipped, NULs, the file cut). A mutation that keeps the number of records known says
so, so that the test can check that every record is read or reported.
"""

from __future__ import annotations

import functools
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from tests import test_import_readers as readers
from tests.fuzz_inputs import huge, mutate_text, pick_odd

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ROOT = Path(__file__).resolve().parents[1]
BIBTEX_FILES = [*sorted((SHARED / "corpora").glob("*.bib")), ROOT / "references" / "seed-review.bib"]

# --- encodings ------------------------------------------------------------------------------------

#: How a text may come as bytes: the ones readers must detect, and a few they must refuse.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "latin-1", "big5"]
_SURROGATE = re.compile("[\ud800-\udfff]")


def encode(text: str, rng: random.Random) -> bytes:
    """`text` in a random encoding (most often UTF-8), a GB18030 file given a UTF-8 BOM now and then."""
    encoding = rng.choice(ENCODINGS + ["utf-8"] * 4)
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    data = _SURROGATE.sub("\ufffd", text).encode(encoding, "replace")
    if encoding == "gb18030" and rng.random() < 0.2:
        data = b"\xef\xbb\xbf" + data  # a BOM that lies
    return data


def damage_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few bytes flipped, NULs put in, or the file cut (mid-character as like as not)."""
    how = rng.randrange(3)
    if how == 0 and data:
        for _ in range(rng.randint(1, 10)):
            at = rng.randrange(len(data))
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    elif how == 1:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + b"\x00" * rng.choice([1, 2, 1000]) + data[at:]
    else:
        data = data[: rng.randrange(len(data) + 1)]
    return data


# --- BibTeX ---------------------------------------------------------------------------------------

BIBTEX_TOKENS = [
    "@article{",
    "@article{key,",
    "@book{dup, title = {Twice}, year = 2000}\n@book{dup, title = {Twice}, year = 2000}\n",
    "@string{jm = {Journal of Marketing}}\n",
    "@string{loop = loop # loop}\n",
    "@comment{",
    '@preamble{ "\\newcommand{\\x}{x}" }\n',
    "@",
    "}",
    "{",
    "{" * 3000,
    "}" * 50,
    '"',
    "#",
    "=",
    ",",
    "\n",
    "author = {",
    "author = { and and , , }",
    "author = {" + " and ".join(["Davis, Fred"] * 3000) + "}",
    "title = {{{{{{{{{{{{{{{{{{{{x}}}}}}}}}}}}}}}}}}}}",
    "crossref = {key}",
    "crossref = {nowhere}",
    "year = 99999999999999999999999",
    "year = {２０１９}",
    "month = apr",
    "month = notamonth",
    "pages = {1--}",
    "doi = {10.}",
    "doi = {https://doi.org/10.1509/jmkg.69.3.19.66363}",
    "langid = {chinese}",
    "\\",
    "\\'",
    "\\c{",
    "\\verb|",
    "$",
    "%",
    "\\u{",
    '{\\"o}',
    "\\newcommand",
]


@functools.cache
def _bibtex_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="surrogateescape")


def bibtex_sample(rng: random.Random) -> str:
    """A window of 1 to 60 consecutive entries from one real file (its @string lines kept with it)."""
    text = _bibtex_text(rng.choice(BIBTEX_FILES))
    starts = [match.start() for match in re.finditer(r"^@", text, re.MULTILINE)] or [0]
    first = rng.randrange(len(starts))
    last = min(len(starts), first + rng.randint(1, 60))
    end = starts[last] if last < len(starts) else len(text)
    strings = "".join(re.findall(r"^@string\s*\{[^\n]*\n", text, re.MULTILINE | re.IGNORECASE))
    return strings + text[starts[first] : end]


def mutate_bibtex(rng: random.Random) -> bytes:
    text = mutate_text(bibtex_sample(rng), rng, BIBTEX_TOKENS)
    data = encode(text, rng)
    return damage_bytes(data, rng) if rng.random() < 0.25 else data


# --- litgraph.toml --------------------------------------------------------------------------------

TOML_PIECES = [
    '\nbibtex = "references.bib"',
    "\nbibtex = []",
    '\nbibtex = ["references.bib", "references.bib"]',
    '\nbibtex = ["/dev/zero"]',
    '\nbibtex = "/dev/null"',
    '\nbibtex = "../../../../etc/passwd"',
    '\nbibtex = "references/*.bib"',
    '\nbibtex = "."',
    "\nbibtex = 123",
    "\nbibtex = {}",
    "\nbibtex = [[[[[[[[]]]]]]]]",
    "\nbibtex = " + "[" * 3000 + "]" * 3000,
    '\nmodel = "missing.yaml"',
    '\nmodel = "references.bib"',
    '\nmodel = ""',
    "\nmodel = 1979-05-27T07:32:00Z",
    '\nmanuscript = "model.yaml"',
    '\nmanuscript = "/dev/zero"',
    "\n[review]",
    "\n[[review]]",
    "\n[review.bibtex]",
    "\n[output]\nlang = 'xx'",
    "\n[output]\nlang = 'zh'",
    "\n[references]\nstyle = 'nonesuch'",
    "\n[references]\norder = 42",
    "\n[neo4j]\npassword = 'secret'",
    "\n[neo4j]\nuri = 'bolt://u:p@127.0.0.1:1?x#y'",
    "\n[citations.zh]\nand = ['和'",
    "\n[citations.xx]\nnonesuch = 1",
    "\n[verify]\nmailto = " + '"' + "x" * 100_000 + '"',
    "\nmodle = 'model.yaml'",
    '\n"quoted key" = 1',
    "\na.b.c = 1",
    "\n= 1",
    '\nkey = """',
    "\nkey = '''",
    "\nkey = inf",
    "\nkey = nan",
    "\nkey = 0x",
    "\nkey = 99999999999999999999999",
    "\n\x00",
    "\ufeff",
    "\r",
    "\\",
    '"',
    "'",
    "[",
    "]",
    "=",
    "#",
]


def mutate_toml(text: str, rng: random.Random) -> bytes:
    data = encode(mutate_text(text, rng, TOML_PIECES), rng)
    return damage_bytes(data, rng) if rng.random() < 0.15 else data


# --- import formats -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """One real export: its file name, text, the record count it holds (records plus the items the
    reader must report: CSL_JSON holds a bad item), and how a record ends (None: by a blank line)."""

    name: str
    text: str
    records: int
    end: str | None = None


TYPED_LIST = (
    "References\n\n"
    "Zeithaml, V. A. (1988). Consumer perceptions of price, quality, and value: A means-end model and\n"
    "synthesis of evidence. Journal of Marketing, 52(3), 2-22.\n\n"
    "[2] 周志民, 张江乐. 品牌社群文化对消费者品牌认同的影响研究[J]. 外国经济与管理, 2019, 41(8): 56-70.\n"
)
EXPORTS = [
    Export("zotero.ris", readers.ZOTERO_RIS, 2, "ER  - "),
    Export("cnki.ris", readers.CNKI_RIS, 1, "ER - "),
    Export("savedrecs.txt", readers.WOS, 1, "ER"),
    Export("export.enw", readers.ENDNOTE_REFER, 2),
    Export("cnki-refworks.txt", readers.CNKI_REFWORKS, 1),
    Export("CNKI-export.net", readers.CNKI_NOTEEXPRESS, 3),
    Export("My Library.json", readers.CSL_JSON, 3),
    Export("library.xml", readers.ENDNOTE_XML, 2),
    Export("refs.bib", (ROOT / "references" / "seed-review.bib").read_text(encoding="utf-8"), 31),
    Export("list.txt", TYPED_LIST, 2),
]
#: Value text without line breaks (str.splitlines' too) or a format's delimiters: the count stays.
_VALUE_ODD = re.compile('[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029{}"<>&\\[\\]]')


def value_piece(rng: random.Random) -> str:
    piece = rng.choice([pick_odd(rng), huge(rng)[: rng.choice([50, 5_000, 200_000])], "\x00", "%", "-"])
    return _VALUE_ODD.sub("", piece) or "x"


@dataclass(frozen=True)
class Mutated:
    data: bytes
    records: int | None  # the records it holds, when the mutation keeps that known


def mutate_export(export: Export, rng: random.Random) -> Mutated:
    """A structure-aware change (count kept or known) or a blind one (count unknown), then the file
    in one of ENCODINGS; a blind byte-level change now and then on top."""
    text, records = export.text, export.records
    how = rng.randrange(6)
    if how == 0:  # a value grown, with odd characters in it
        text = _grow_value(export, text, rng)
    elif how == 1 and export.name.endswith(".json"):
        text, records = _mutate_json(text, rng)
    elif how == 1 and export.name.endswith(".xml"):
        text, records = _mutate_xml(text, rng)
    elif how == 1:  # a record doubled
        chunks = _records(export, text)
        i = rng.randrange(len(chunks))
        text = "".join(chunks[: i + 1] + chunks[i:])
        records = records + 1 if _is_record(export, chunks[i]) else records
    elif how == 2:  # its end dropped: still read (the next record opens) or reported, never lost
        text = _drop_end(export, text, rng)
        records = None if export.name == "list.txt" else records
    elif how == 3:  # many copies (a big export)
        copies = rng.choice([50, 500])
        if export.name.endswith((".json", ".xml")):
            text = _copies(export, text, copies)
        else:
            body = export.text.lstrip("\ufeff").strip()
            text = ("\n\n" if export.end is None else "\n").join([body] * copies) + "\n"
        records = export.records * copies if export.name not in _HEADED else None
    else:  # blind: the format's own tokens and odd characters spliced in
        text, records = mutate_text(text, rng, _tokens(export)), None
    data = encode(text, rng)
    if rng.random() < 0.2:
        data, records = damage_bytes(data, rng), None
    return Mutated(data, records)


#: Files with a head a copy repeats (a heading, a FN line): copies of them are not N records.
_HEADED = {"savedrecs.txt", "list.txt", "refs.bib"}


def _is_record(export: Export, chunk: str) -> bool:
    if export.name == "list.txt":
        return chunk.lstrip().startswith(("[", "Zeithaml"))
    if export.name == "savedrecs.txt":
        return "\nPT " in "\n" + chunk
    if export.name.endswith(".bib"):
        return bool(re.match(r"\s*@(?!comment|string|preamble)\w+\s*\{", chunk, re.IGNORECASE))
    return True


def _records(export: Export, text: str) -> list[str]:
    """The text cut after each record's end line (or its blank line), keeping every character."""
    if export.end is not None:
        pattern = rf"^{re.escape(export.end.strip())}[ \t]*(?:\n|$)"
    else:
        pattern = r"\n\n(?=\S)"
    cuts = [0, *(match.end() for match in re.finditer(pattern, text, re.MULTILINE)), len(text)]
    chunks = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    return chunks or [text]


def _grow_value(export: Export, text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if export.name.endswith((".json", ".xml")):  # inside a string: JSON and XML text needs no line
        spots = [i for i, line in enumerate(lines) if '"title": "' in line or "<title>" in line]
        i = rng.choice(spots)
        marker = '"title": "' if '"title": "' in lines[i] else "<title>"
        lines[i] = lines[i].replace(marker, marker + value_piece(rng), 1)
        return "\n".join(lines)
    spots = [
        i for i, line in enumerate(lines) if re.match(r"^(\w\w  ?- |\w\w |%\w |\{[^}]+\}: |\s+\w+ = )", line)
    ]
    if export.name == "list.txt":
        spots = [i for i, line in enumerate(lines) if line.strip() and i > 0]
    i = rng.choice(spots)
    lines[i] = lines[i] + value_piece(rng)
    return "\n".join(lines)


def _drop_end(export: Export, text: str, rng: random.Random) -> str:
    if export.end is not None:
        ends = [m.start() for m in re.finditer(rf"^{re.escape(export.end.strip())}[ \t]*$", text, re.M)]
        at = rng.choice(ends)
        return text[:at] + text[text.index("\n", at) + 1 if "\n" in text[at:] else len(text) :]
    closing = {"json": "}", "xml": "</record>"}.get(export.name.rsplit(".", 1)[-1])
    if closing and closing in text:
        at = rng.choice([m.start() for m in re.finditer(re.escape(closing), text)])
        return text[:at] + text[at + len(closing) :]
    return text.replace("\n\n", "\n", 1)  # two records run together


def _mutate_json(text: str, rng: random.Random) -> tuple[str, int | None]:
    """Items of the wrong shape, as JSON: each is still an item to read or report."""
    items = json.loads(text)
    item = rng.choice(items)
    key = rng.choice(["title", "author", "issued", "type", "id", "page", "container-title", "DOI"])
    item[key] = rng.choice(
        [
            None,
            1e308,
            -1,
            True,
            [],
            {},
            [[[[[[[[]]]]]]]],
            {"date-parts": [["x", None, 99]]},
            [{"family": None}],
            [{"literal": pick_odd(rng)}] * 500,
            pick_odd(rng) * 1000,
            {"nested": {"nested": {"nested": []}}},
        ]
    )
    if rng.random() < 0.3:
        items.append(rng.choice([1, "string", None, [], {}]))
    return json.dumps(items, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1])), len(items)


def _mutate_xml(text: str, rng: random.Random) -> tuple[str, int | None]:
    """A record doubled (count + 1), or a wrong or odd encoding declaration (count kept)."""
    if rng.random() < 0.5:
        first = text.index("<record>")
        close = text.index("</record>") + len("</record>")
        return text[:close] + text[first:close] + text[close:], 3
    declaration = rng.choice(
        ['encoding="GB18030"', 'encoding="UTF-16"', 'encoding="latin-1"', 'encoding="nonesuch"', ""]
    )
    return text.replace('encoding="UTF-8"', declaration, 1), 2


def _copies(export: Export, text: str, copies: int) -> str:
    if export.name.endswith(".json"):
        return json.dumps(json.loads(text) * copies, ensure_ascii=False)
    first = text.index("<record>")
    last = text.rindex("</record>") + len("</record>")
    return text[:first] + text[first:last] * copies + text[last:]


_XML_TOKENS = [
    "<record>",
    "</record>",
    "<title>",
    "</title",
    "<style",
    "&undefined;",
    "&#0;",
    "<![CDATA[",
    "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>",
    "&b;",
    "<!ENTITY x SYSTEM 'file:///etc/passwd'>",
    "<a>" * 5000,
    "<?xml version='1.0'?>",
]
_JSON_TOKENS = ['"', "{", "}", "[", "]", ",", ":", "null", "1e999", "[" * 100_000, "\\u", "\\ud800", "NaN"]
_LINE_TOKENS = [
    "\nER  - \n",
    "\nTY  - JOUR\n",
    "\nTY  - \n",
    "\nTY  - NONESUCH\n",
    "\nAU  - ",
    "\nPY  - 99999999999999999999\n",
    "\nSP  - 9999999999\nEP  - 1\n",
    "\n%0 ",
    "\n%A ",
    "\n%D 0\n",
    "\nRT ",
    "\nA1 ;;;;;\n",
    "\n{Reference Type}: ",
    "\n{Author}: ;;;;\n",
    "\n{Year}: ２０１９\n",
    "\nFN Clarivate\n",
    "\nPT J\n",
    "\n   continued\n",
    "\nEF\n",
    "\n\n",
    "\t",
    "  - ",
    " - ",
    ": ",
]


def _tokens(export: Export) -> list[str]:
    if export.name.endswith(".json"):
        return _JSON_TOKENS
    if export.name.endswith(".xml"):
        return _XML_TOKENS
    if export.name.endswith(".bib"):
        return BIBTEX_TOKENS
    return _LINE_TOKENS
