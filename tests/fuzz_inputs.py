"""Mutated inputs for tests/test_fuzz.py: model YAML, manuscripts (.txt/.md/.tex/.docx), SPARQL and
Cypher text, each made from real inputs (the seed review, tests/fixtures) by mutations that know the
format's grammar, plus a few blind ones. Every function takes a `random.Random`, so a case is
reproduced from its seed alone. Sizes stay at a few megabytes: the point is odd input, not big input
(test_input_bounds.py and test_model_limits.py push the size limits themselves).
"""

from __future__ import annotations

import io
import json
import random
import re
import warnings
import zipfile

from tests.docx_fixtures import csl_citation, field, make_docx, run

#: Characters and strings that broke or nearly broke a reader before (issue 16 and earlier).
ODD = [
    "\x00",
    "\x07",
    "\x1b]0;title\x07\x1b[2J",
    "\r",
    "\r\n",
    "\u2028",
    "\u200b",
    "\u00ad",
    "\u200f",
    "\ufeff",
    "\ud800",
    "\U0001f4af",
    "１２３",
    "（",
    "）",
    "，",
    "；",
    "\t",
    "\\",
    '"',
    "'",
    "`",
    "{",
    "}",
    "[",
    "]",
    "%",
    "#",
    "&",
    "<",
    ">",
    "$",
    "@",
    "~",
    "\u0301",
    "\U0010ffff",
    "ǅ",
    "ﬁ",
]


def pick_odd(rng: random.Random) -> str:
    return "".join(rng.choice(ODD) for _ in range(rng.randint(1, 4)))


def huge(rng: random.Random) -> str:
    """A long run of one thing: characters, digits, nesting."""
    n = rng.choice([1_000, 100_000, 1_000_000])
    return rng.choice(["x" * n, "9" * n, "品" * n, "(" * (n // 100), "\\u0041" * (n // 10), "a," * (n // 10)])


def mutate_text(text: str, rng: random.Random, tokens: list[str], rounds: int | None = None) -> str:
    """`text` with a few splices: a format's own tokens, odd characters, cut, doubled or swapped spans."""
    for _ in range(rounds or rng.randint(1, 6)):
        if not text:
            text = rng.choice(tokens)
            continue
        at = rng.randrange(len(text) + 1)
        end = min(len(text), at + rng.randint(0, 200))
        action = rng.randrange(9)
        if action <= 2:
            text = text[:at] + rng.choice(tokens) + text[at:]
        elif action == 3:
            text = text[:at] + pick_odd(rng) + text[at:]
        elif action == 4:
            text = text[:at] + text[end:]
        elif action == 5:
            text = text[:at] + text[at:end] * rng.randint(2, 50) + text[at:]
        elif action == 6:
            text = text[: rng.randrange(len(text) + 1)]
        elif action == 7:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            text = text[:at] + huge(rng)[: rng.choice([50, 5_000, 500_000])] + text[at:]
    return text


# --- model YAML ------------------------------------------------------------------------------------

YAML_VALUES = [
    "!!bool maybe",
    "!!python/object/apply:os.system ['true']",
    "*nowhere",
    "&a [*a]",
    "[[[[[[[[[[",
    "{",
    "'unterminated",
    '"\\x',
    "1" * 5000,
    ".inf",
    "-.nan",
    "~",
    "[]",
    "{}",
    "- - -",
    "!!binary AAAA=",
    "!!timestamp 2001-13-45",
    "0o777777777777777777",
    "0x" + "f" * 40,
    "!!int 12e3",
    "|\n  block\n",
    ">-\n    folded",
    "yes",
    "NO",
    "null",
    "{a: 1, a: 2}",
    "<<: *x",
    "!custom tag",
    "? complex\n: key",
    "%YAML 1.1",
    "--- second document",
    "...",
    "@reserved",
    "`reserved",
    "\t tab",
    "2019-02-30",
]
YAML_KEYS = [
    "id",
    "label",
    "labels",
    "alt_labels",
    "definition",
    "defined_by",
    "ref",
    "claim",
    "from",
    "to",
    "via",
    "moderator",
    "sign",
    "kind",
    "evidence",
    "direction",
    "page",
    "stats",
    "n",
    "beta",
    "p",
    "review",
    "constructs",
    "hypotheses",
    "title",
    "authors",
    "x-a",
    "<<",
    "? ",
    "",
    "id\x00",
]


def laughs(depth: int) -> str:
    """An alias bomb: each level names the last ten times."""
    lines = ["a0: &a0 [lol]"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, depth)]
    return "\n".join(lines) + "\n"


def mutate_yaml(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(lines))
        line = lines[i]
        key, colon, _value = line.partition(":")
        action = rng.randrange(8)
        if action <= 2 and colon:  # a value replaced
            lines[i] = f"{key}: {rng.choice(YAML_VALUES)}"
        elif action == 3 and colon:  # a key replaced, keeping the indentation
            lines[i] = re.sub(r"[\w-]+(?=\s*:)", rng.choice(YAML_KEYS), line, count=1)
        elif action == 4:  # indentation broken
            lines[i] = " " * rng.choice([0, 1, 3, 7]) + line.lstrip()
        elif action == 5:  # a block doubled (duplicate ids, duplicate keys)
            j = min(len(lines), i + rng.randint(1, 12))
            lines[i:i] = lines[i:j]
        elif action == 6:
            lines.insert(i, rng.choice([laughs(rng.randint(3, 9)), "[" * 5000 + "]" * 5000, "- " * 3000]))
        else:
            lines[i] = mutate_text(line, rng, YAML_VALUES, rounds=1)
    return "\n".join(lines)


# --- manuscripts ------------------------------------------------------------------------------------

CITATIONS = [
    "（周志民等，２０１９）",
    "(Davis, 1989; ",
    "(Davis et al., 1989a, b, c)",
    "[1-99999999]",
    "[1,",
    "[@",
    "[@Davis1989a; @",
    "(, )",
    "（，）",
    "Davis (1989",
    "(Anonymous, n.d.)",
    "(Davis,\u200b 1989)",
    "(Da\u00advis, 1989)",
    "(\u200fDavis, 1989)",
    "(Ｄａｖｉｓ, 1989)",
    "(Davis, 19899)",
    "(Davis, 0)",
    "[" + ",".join(str(i) for i in range(1, 400)) + "]",
    "(" + "; ".join(["Davis, 1989"] * 300) + ")",
    "\n\n参考文献\n\n",
    "\n\nReferences\n\n",
    "\n[1] ",
    "\n[999999999999999999999] ",
    "\n1. ",
    "\n\n\n\n",
    "\n# References\n",
    "\nDavis, F. D. (1989). ",
    "\n周志民, 张江乐, 熊义萍. 品牌社群[J]. 2014, 17(2): 4-13.\n",
]
MARKDOWN = ["\n```\n", "\n# ", "\n> ", "<!--", "-->", "[^1]", "[text](http://x)", "\n---\n", "\n| a | b |\n"]
LATEX = [
    "\\cite{",
    "\\cite{Davis1989a}",
    "\\citep[p.~3]{Davis1989a,Fishbein1975}",
    "\\citet{}",
    "}",
    "{",
    "\\begin{thebibliography}{99}\n",
    "\\bibitem{x} ",
    "\\end{thebibliography}",
    "\\end{document}",
    "\\input{/dev/zero}",
    "\\include{../../etc/passwd}",
    "%",
    "\\verb|",
    "$$",
    "\\\\",
    "\\newcommand{\\x}{\\x}",
    "\\begin{document}",
    "\\bibliography{references}",
    "\\section{References}",
    "\\def\\a{\\a\\a}",
]


def as_latex(text: str) -> str:
    """A real manuscript as a LaTeX document: its paragraphs, its author-year citations as \\cite."""
    body = re.sub(r"\[@([^\]\s;]+)\]", r"\\cite{\1}", text)
    return "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n"


def mutate_manuscript(text: str, suffix: str, rng: random.Random) -> str:
    extra = {".md": MARKDOWN, ".tex": LATEX}.get(suffix, [])
    if suffix == ".tex":
        text = as_latex(text)
    return mutate_text(text, rng, CITATIONS + extra)


DOCX_XML = [
    "<w:p>",
    "</w:p>",
    "<w:r><w:t>",
    "</w:t></w:r>",
    "&undefined;",
    "&#0;",
    "&#x110000;",
    "<![CDATA[",
    "<w:p>" * 3000,
    "<?xml version='1.0'?>",
    '<w:fldChar w:fldCharType="begin"/>',
    '<w:fldChar w:fldCharType="end"/>',
    '<w:instrText>ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems":',
    "<w:tbl><w:tr><w:tc>",
    "<w:sdt><w:sdtContent>",
    "</w:body>",
    "\x00",
    "<!DOCTYPE d [<!ENTITY e 'x'>]>",
]


_SURROGATE = re.compile("[\ud800-\udfff]")


def docx(text: str, rng: random.Random) -> bytes:
    """A real manuscript as a .docx (paragraphs, a Zotero field code now and then), then mutated at
    the XML level, the archive level or the byte level."""
    paragraphs = [run(p) for p in mutate_manuscript(text, ".txt", rng).split("\n\n") if p.strip()]
    if rng.random() < 0.5:
        item = {
            "id": "1",
            "type": "article-journal",
            "title": pick_odd(rng) + "Perceived usefulness",
            "author": [{"family": "Davis", "given": "Fred D."}],
            "issued": {"date-parts": [[1989]]},
        }
        shown = rng.choice(["(Davis, 1989)", "[1]", pick_odd(rng)])
        code = "ADDIN ZOTERO_ITEM CSL_CITATION " + escape_json(csl_citation([item], shown), rng)
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), field([code], shown))
    paragraphs = [_SURROGATE.sub("\ufffd", p) for p in paragraphs]  # XML text holds no surrogates
    buffer = io.BytesIO()
    make_docx(buffer, paragraphs)  # zipfile writes to a file object as well as to a path
    data = buffer.getvalue()
    how = rng.randrange(3)
    if how == 0:
        data = _rezip(data, rng)
    elif how == 1:
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(data))
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    elif rng.random() < 0.5:
        data = data[: rng.randrange(len(data))]
    return data


def escape_json(payload: dict, rng: random.Random) -> str:
    text = json.dumps(payload, ensure_ascii=rng.random() < 0.5)
    return mutate_text(
        text, rng, ['"', "{", "}", "[", "]", ",", ":", "null", "1e999"], rounds=rng.randint(0, 3)
    )


def _rezip(data: bytes, rng: random.Random) -> bytes:
    """The archive rewritten with its document.xml mutated, a part dropped or doubled."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = mutate_text(document, rng, DOCX_XML).encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        del parts[rng.choice(sorted(parts))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        if rng.random() < 0.2:
            with warnings.catch_warnings(action="ignore"):  # "Duplicate name": what is meant here
                archive.writestr("word/document.xml", b"<w:document/>")  # a second part of the same name
    return out.getvalue()


# --- SPARQL -----------------------------------------------------------------------------------------

SPARQL_BASES = [
    "SELECT ?h ?k WHERE { ?h lg:kind ?k } ORDER BY ?h",
    "SELECT ?c ?l WHERE { ?c a lg:Construct ; skos:prefLabel ?l FILTER(LANG(?l) = 'en') }",
    "SELECT ?r ?t WHERE { ?r a lg:Reference ; dcterms:title ?t } LIMIT 10",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
    "DESCRIBE ?h WHERE { ?h lg:kind 'direct' }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    'SELECT ?id WHERE { ?h lg:hypothesisId ?id . FILTER(?id = "H1") }',
]


def sparql_pieces(url: str) -> list[str]:
    """Grammar pieces a mutation splices in: SERVICE in its disguises, nesting, escapes, updates."""
    return [
        f"SERVICE <{url}a> {{ ?x ?y ?z }}",
        f"SERVICE SILENT <{url}b> {{ }}",
        "SERVICE ?u { }",
        f"BIND(<{url}c> AS ?u) SERVICE ?u {{ }}",
        f"LATERAL {{ SERVICE <{url}d> {{ }} }}",
        f"OPTIONAL {{ MINUS {{ GRAPH ?g {{ SERVICE <{url}e> {{ }} }} }} }}",
        f"FILTER NOT EXISTS {{ SERVICE <{url}f> {{ }} }}",
        f"PREFIX : <{url}> ",
        "SERVICE:x{}",
        '# \\u0000000A BIND("""\n',
        '""" AS ?q)\n',
        "\\u0053ERVICE",
        "\\U00000053ERVICE",
        "\\u0023",
        "\\u000A",
        "\\u0022",
        "\\u007B",
        "\\U0010FFFF",
        "\\uD800",
        "\\u",
        "{ SELECT * WHERE { ?s ?p ?o } }",
        "{ { { { { { { { { { ?s ?p ?o } } } } } } } } } }",
        "?a ?b ?c . ?d ?e ?f .",
        "?s (lg:x|^lg:y)* ?o .",
        'FILTER(REGEX(?o, "(a+)+$"))',
        "VALUES ?v { 1 2 3 }",
        "UNION",
        f"FROM <{url}g> ",
        f"FROM NAMED <{url}h> ",
        f"LOAD <{url}i>",
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "CLEAR ALL",
        "DROP GRAPH <urn:x>",
        "BASE <file:///etc/> ",
        "<passwd>",
        "#",
        "\r",
        '"""',
        "'''",
        '"' + "x" * 200_000 + '"',
        "1" * 20_000,
        "<" + "a" * 100_000 + ">",
        "(" * 3000 + "1" + ")" * 3000,
        "SELECT * WHERE {",
        "}",
        "GROUP BY ?s HAVING (COUNT(*) > 1)",
        "ORDER BY DESC(?x)",
        "LIMIT 999999999999",
        "OFFSET -1",
        "FILTER(?x = ?x)",
        "BIND(STRLEN(CONCAT(?o, ?o, ?o, ?o)) AS ?len)",
        "lg:",
        "_:b",
    ]


def mutate_sparql(rng: random.Random, url: str) -> str:
    return mutate_text(rng.choice(SPARQL_BASES), rng, sparql_pieces(url))


# --- Cypher -----------------------------------------------------------------------------------------

CYPHER_BASES = [
    "MATCH (h:Hypothesis {review: $review}) RETURN h.id AS id ORDER BY id",
    "MATCH (h:Hypothesis {review: $review})-[e:EVIDENCE]->(r:Reference) RETURN h.id, r.id, e.direction",
    "MATCH (c:Construct {review: $review}) RETURN c.name, c.label_en LIMIT 5",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH p = (a)-[*1..3]->(b) WHERE a.review = $review RETURN p LIMIT 3",
    "RETURN 1 AS one",
    "UNWIND range(1, 10) AS x RETURN x",
]


def cypher_pieces(url: str) -> list[str]:
    return [
        "LOAD CSV FROM 'file:///etc/passwd' AS line ",
        f"LOAD CSV FROM '{url}a.csv' AS line ",
        f"CALL {{ LOAD CSV FROM '{url}b' AS l RETURN l }} ",
        "CALL { MATCH (n) RETURN n } IN TRANSACTIONS ",
        "CALL { CALL { CALL { RETURN 1 AS x } RETURN x } RETURN x } ",
        "EXPLAIN ",
        "PROFILE ",
        "USE system ",
        "CALL dbms.listConfig() ",
        "CALL db.clearQueryCaches() ",
        "CALL apoc.load.json('x') ",
        "CALL no.such.procedure() ",
        "SHOW TRANSACTIONS ",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1' ",
        "SHOW DATABASES ",
        "CREATE (n:Intruder) ",
        "MERGE (n:Intruder) ",
        "SET n.x = 1 ",
        "DETACH DELETE n ",
        "FOREACH (x IN [1] | CREATE (:Intruder)) ",
        "`CREATE`",
        "\\u0041",
        "\\u",
        "\\uD800",
        "'\\u0027'",
        "// comment\n",
        "/* ",
        " */",
        "$missing",
        "$review",
        "UNION ",
        "UNION ALL ",
        "WITH * ",
        "RETURN * ",
        "'" + "x" * 200_000 + "'",
        "1" * 20_000,
        "[" * 2000 + "1" + "]" * 2000,
        "range(1, 2000000000)",
        "MATCH (a), (b), (c) ",
        "WHERE a.id =~ '(a+)+$' ",
        "OPTIONAL MATCH ",
        ":param x => 1",
        "{",
        "}",
        "(",
        ")",
        ";",
        ";\nCREATE (n:Intruder)",
        "CALL db.labels() YIELD label ",
        "shortestPath((a)-[*]-(b))",
    ]


def mutate_cypher(rng: random.Random, url: str) -> str:
    return mutate_text(rng.choice(CYPHER_BASES), rng, cypher_pieces(url))
