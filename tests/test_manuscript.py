"""Reading manuscripts: paragraphs with the line (or .docx paragraph) where each starts, and bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.parse.manuscript import location_unit, read_manuscript

SEED_TEXT = Path(__file__).resolve().parents[2] / "shared" / "seed" / "review-brand-community-attachment.txt"


def read(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(body, location.line) for body, location in read_manuscript(path, name)]


def test_text_paragraphs_start_at_their_first_line(tmp_path):
    assert read(tmp_path, "a.txt", "Title\n\nFirst line\nsecond line\n\n\nLast") == [
        ("Title", 1),
        ("First line\nsecond line", 3),
        ("Last", 7),
    ]


def test_locations_name_the_file_as_shown(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One", encoding="utf-8")
    [(_, location)] = read_manuscript(path, "shown/a.txt")
    assert (location.file, location.line, location_unit(path)) == ("shown/a.txt", 1, "line")


def test_markdown_front_matter_and_code_are_left_out(tmp_path):
    text = '---\ntitle: x\nauthor: "@me"\n---\n\nBody [@Key2020].\n\n```python\n@decorator\n```\n\nEnd.'
    assert read(tmp_path, "a.md", text) == [("Body [@Key2020].", 6), ("End.", 12)]


def test_tex_comments_are_stripped_and_cite_commands_kept(tmp_path):
    text = "As \\citep{Key2020} shows % not \\cite{Hidden}\n% a whole comment line\n50\\% of cases.\n\nNext."
    assert read(tmp_path, "a.tex", text) == [
        ("As \\citep{Key2020} shows \n\n50\\% of cases.", 1),
        ("Next.", 5),
    ]


def test_docx_paragraphs_are_numbered_with_empty_ones_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("First.")
    document.add_paragraph("")
    document.add_paragraph("Third (Park et al., 2010).")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Study"
    table.cell(0, 1).text = "Lee (2015)"
    path = tmp_path / "review.docx"
    document.save(str(path))
    paragraphs = read_manuscript(path)
    assert [(text, location.line) for text, location in paragraphs] == [
        ("First.", 1),
        ("Third (Park et al., 2010).", 3),
        ("Study", 4),
        ("Lee (2015)", 5),
    ]
    assert location_unit(path) == "paragraph"


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "品牌（周志民等，2019）\n\nNext".encode("utf-16-le"))
    assert [(text, location.line) for text, location in read_manuscript(path)] == [
        ("品牌（周志民等，2019）", 1),
        ("Next", 3),
    ]


def test_non_utf8_names_the_line_and_suggests_iconv(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("fine\nalso fine\n品牌社群\n".encode("gb18030"))
    with pytest.raises(InputError) as error:
        read_manuscript(path, "a.txt")
    assert str(error.value).startswith("a.txt:3: not valid UTF-8")
    assert "iconv -f gb18030 -t utf-8" in error.value.hint


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "file not found"),
        ("missing.docx", None, "file not found"),
        ("broken.docx", b"not a zip", "not a Word .docx file"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "cannot read .doc files"),
    ],
)
def test_unreadable_manuscripts(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_manuscript(path)


def test_the_seed_manuscript_reads_whole():
    paragraphs = read_manuscript(SEED_TEXT)
    assert paragraphs[0][0] == "品牌出海社群营销对品牌依恋的影响研究"
    assert paragraphs[0][1].line == 3
    assert any(text.startswith("参考文献") and location.line == 125 for text, location in paragraphs)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nuls(tmp_path, encoding):
    path = tmp_path / "u16.md"
    path.write_bytes("Intro (Davis, 1989).\n\nMore 品牌 text.\n".encode(encoding))
    assert [(text, location.line) for text, location in read_manuscript(path)] == [
        ("Intro (Davis, 1989).", 1),
        ("More 品牌 text.", 3),
    ]


def test_a_nul_byte_is_reported_at_its_line(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"First line.\nAs shown (Davis,\x00 1989).\n")
    with pytest.raises(InputError) as error:
        read_manuscript(path, "a.md")
    assert str(error.value).startswith("a.md:2: contains a NUL character")


@pytest.mark.parametrize(
    ("data", "bad", "hint"),
    [
        # every high byte followed by a letter: valid GB18030 pairs, but not Chinese
        (
            "Title\nCaf\xe9s of M\xfcller\n".encode("latin-1"),
            "a.txt:2: not valid UTF-8 (byte 0xe9 at offset 9)",
            "iconv -f cp1252 -t utf-8",
        ),
        (
            "Title\nIt\u2019s Bob\u2019s\n".encode("cp1252"),
            "a.txt:2: not valid UTF-8 (byte 0x92 at offset 8)",
            "iconv -f cp1252 -t utf-8",
        ),
        (
            "Title\n品牌社群（周志民等，2019）\n".encode("gb18030"),
            "a.txt:2: not valid UTF-8",
            "iconv -f gb18030 -t utf-8",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "a.txt:1: not valid UTF-8 (byte 0x89 at offset 0)",
            "binary file",
        ),
        (
            "Caf\xe9 ".encode("latin-1") + "then UTF-8: Malär, 品牌社群\n".encode(),
            "a.txt:1: not valid UTF-8 (byte 0xe9",
            "stray character",
        ),
        (
            codecs.BOM_UTF16_LE + "cut".encode("utf-16-le") + b"\x00",
            "a.txt:1: not valid UTF-16",
            "cut short or damaged",
        ),
    ],
)
def test_encoding_hints_are_given_only_when_likely_right(tmp_path, data, bad, hint):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        read_manuscript(path, "a.txt")
    assert str(error.value).startswith(bad)
    assert hint in error.value.hint
    assert "gb18030" not in error.value.hint or "gb18030" in hint


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom_is_read_not_called_binary(tmp_path, encoding):
    """Few NULs (only the newlines'), and bytes such as 02 of 。 that look like control bytes."""
    path = tmp_path / "zh.md"
    path.write_bytes("研究表明社区支持影响品牌依恋。\n\n已有研究证实了这一点。\n".encode(encoding))
    assert [text for text, _ in read_manuscript(path)] == [
        "研究表明社区支持影响品牌依恋。",
        "已有研究证实了这一点。",
    ]


def test_two_stray_nuls_in_a_tiny_file_are_not_utf16(tmp_path):
    path = tmp_path / "k.bib"
    path.write_bytes(b"@misc{k1,title={ab}}\x00x\x00")
    with pytest.raises(InputError) as error:
        read_manuscript(path, "k.bib")
    assert "NUL" in str(error.value) and "UTF-16" not in str(error.value) + error.value.hint
