"""Files a user names are read within bounds (issue 16, item 6): a broken, hostile or endless input
is an InputError naming the file (exit 2), never a traceback, a hang or gigabytes of memory.

Memory and time are bounded by running the command in a subprocess under RLIMIT_AS with a
generous timeout (the box is a loaded 2-core machine): before the fix each of these either
raised MemoryError under the limit, blocked until the timeout, or printed an lxml traceback.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.parse.manuscript import MAX_PARAGRAPHS, MAX_TEXT_BYTES, read_manuscript
from litgraph.parse.sources import docx_package, read_source
from litgraph.parse.text import read_bytes, read_text
from tests.conftest import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Address space a command may use: the CLI needs about 1 GB for its libraries' threads and
#: maps (Oxigraph's among them), the faults reached 2.7–7.4 GB.
MEMORY_LIMIT = 1536 << 20
TIMEOUT = 300  # seconds; the faults ran for 299 s or for ever


def run_bounded(*args: str, cwd: Path, timeout: int = TIMEOUT) -> subprocess.CompletedProcess:
    """`litgraph ARGS` in a fresh process under MEMORY_LIMIT; TimeoutExpired fails the test."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "litgraph", *args],
        cwd=cwd,
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
    )


def refused(result, *words: str) -> str:
    """The output of a run (a subprocess's or CliRunner's) that failed cleanly with exit 2 and
    says each of `words`."""
    if isinstance(result, subprocess.CompletedProcess):
        code, output = result.returncode, result.stdout + result.stderr
    else:
        code, output = result.exit_code, result.output
    assert "Traceback" not in output and "MemoryError" not in output, output[-3000:]
    assert code == 2, output[-3000:]
    assert all(word in output for word in words), output[-3000:]
    return output


HEAD = f'<w:document xmlns:w="{W}"><w:body>'.encode()
TAIL = b"</w:body></w:document>"
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def write_docx(path: Path, head: bytes, chunk: bytes = b"", chunks: int = 0, tail: bytes = b"") -> Path:
    """A .docx (complete enough for python-docx) whose word/document.xml is `head`, `chunk`
    `chunks` times, then `tail`: streamed, so a bomb of hundreds of megabytes is never held."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            for _ in range(chunks):
                part.write(chunk)
            part.write(tail)
    return path


def document(body: bytes) -> bytes:
    return HEAD + body + TAIL


@pytest.fixture
def bib(tmp_path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text("@article{Davis1989, author = {Davis, Fred}, title = {T}, year = {1989}}\n", "utf-8")
    return path


# --- a damaged word/document.xml ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, xml, words",
    [
        ("empty", b"", ["not well-formed XML"]),
        ("garbage", b"\x00\xff<<PK garbage", ["not well-formed XML"]),
        ("truncated", document(b"<w:p><w:r><w:t>Davis (1989)")[:-30], ["not well-formed XML"]),
        ("deep", document(b"<w:p>" * 300 + b"</w:p>" * 300), ["nested more than 256 deep"]),
        ("no-body", f'<w:document xmlns:w="{W}"/>'.encode(), ["has no document body"]),
    ],
)
@pytest.mark.parametrize("command", ["cite-check", "import"])
def test_a_damaged_document_xml_is_named_not_a_traceback(tmp_path, cli, bib, command, name, xml, words):
    path = write_docx(tmp_path / f"{name}.docx", xml)
    args = ["--bib", str(bib)] if command == "cite-check" else ["--dry-run", "-o", str(tmp_path / "o.bib")]
    result = cli(command, str(path), *args)
    assert result.exit_code == 2, result.output
    assert f"{name}.docx" in result.output and "word/document.xml" in result.output
    assert all(word in result.output for word in words) and "XML_PARSE_HUGE" not in result.output


def test_a_zip_of_a_version_python_cannot_read_is_named_not_a_traceback(tmp_path, cli, bib):
    """Found by tests/test_fuzz.py: a flipped byte in the central directory's "version needed to
    extract" (here 9.6) made zipfile raise NotImplementedError."""
    data = bytearray(write_docx(tmp_path / "ok.docx", document(b"<w:p/>")).read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (96).to_bytes(2, "little")
    (tmp_path / "v96.docx").write_bytes(bytes(data))
    result = cli("cite-check", str(tmp_path / "v96.docx"), "--bib", str(bib))
    assert result.exit_code == 2 and "v96.docx" in result.output and "zip" in result.output, result.output


def test_cite_check_and_import_open_a_docx_within_the_same_limits(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_package, "MAX_PARAGRAPHS", 3)
    path = write_docx(tmp_path / "four.docx", document(b"<w:p><w:r><w:t>Davis (1989)</w:t></w:r></w:p>" * 4))
    for read in (lambda: read_manuscript(path), lambda: read_source(path, "auto")):
        with pytest.raises(InputError, match="more than 3 paragraphs"):
            read()


def test_a_docx_of_more_paragraphs_than_any_document_is_refused(tmp_path):
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"  # 4 elements: under the element bound in all
    path = write_docx(tmp_path / "many.docx", document(paragraph * (docx_package.MAX_PARAGRAPHS + 1)))
    with pytest.raises(InputError, match=f"more than {docx_package.MAX_PARAGRAPHS:,} paragraphs"):
        read_manuscript(path, "many.docx")


# --- bombs and floods, in a process of bounded memory --------------------------------------------


@pytest.mark.parametrize(
    "name, chunks, words",
    [
        # 420 MB of <w:p/> in a 0.4 MB file: python-docx unpacked it whole (4.1 GB in the issue)
        ("bomb", 700, ["unpacks to more than 64 MB"]),
        # 20 million empty paragraphs (120 MB unpacked): 299 s and 2.7 GB in the issue
        ("twenty-million", 200, ["unpacks to more than 64 MB"]),
        # 10 million (60 MB, under the part limit): refused while the tree is built
        ("ten-million", 100, ["more than 2,000,000 XML elements"]),
    ],
)
def test_a_docx_that_unpacks_to_too_much_is_refused_in_bounded_memory(tmp_path, bib, name, chunks, words):
    path = write_docx(tmp_path / f"{name}.docx", HEAD, b"<w:p/>" * 100_000, chunks, TAIL)
    assert path.stat().st_size < 1 << 20
    result = run_bounded("cite-check", str(path), "--bib", str(bib), cwd=tmp_path)
    refused(result, f"{name}.docx", *words)


def test_an_endnote_xml_of_millions_of_elements_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "flood.xml"
    with path.open("wb") as file:
        file.write(b"<xml><records>")
        for _ in range(100):
            file.write(b"<record/>" * 100_000)  # 10 million elements, 90 MB: a tree of ~1.8 GB
        file.write(b"</records></xml>")
    result = run_bounded("import", str(path), "--dry-run", "-o", str(tmp_path / "o.bib"), cwd=tmp_path)
    refused(result, "flood.xml", "more than 2,000,000 XML elements")


def test_cite_check_of_dev_zero_is_refused_at_once(tmp_path, bib):
    result = run_bounded("cite-check", "/dev/zero", "--bib", str(bib), cwd=tmp_path, timeout=120)
    refused(result, "/dev/zero", "character device")


# --- files that are not regular files ------------------------------------------------------------


def _commands(tmp_path: Path, fifo: Path, bib: Path, tam: Path) -> dict[str, list[str]]:
    """Each way a user names a file to read, with the FIFO in that place."""
    project = tmp_path / "review"
    project.mkdir()
    (project / "refs.bib").write_text(bib.read_text("utf-8"), "utf-8")
    (project / "model.yaml").symlink_to(fifo)
    (project / "litgraph.toml").write_text(
        '[review]\nbibtex = ["refs.bib"]\nmodel = "model.yaml"\n', encoding="utf-8"
    )
    manuscript = tmp_path / "m.txt"
    manuscript.write_text("As Davis (1989) shows.\n", "utf-8")
    return {
        "manuscript": ["cite-check", str(fifo), "--bib", str(bib)],
        "bib": ["cite-check", str(manuscript), "--bib", str(fifo)],
        "check": ["check", str(fifo)],
        "import": ["import", str(fifo), "--dry-run", "-o", str(tmp_path / "o.bib")],
        "model": ["build", "--project", str(project)],
        "sparql": ["sparql", "--query-file", str(fifo), "--project", str(tam)],
    }


@pytest.mark.parametrize("place", ["manuscript", "bib", "check", "import", "model", "sparql"])
def test_a_fifo_is_refused_instead_of_waited_on(tmp_path, bib, tam, place):
    fifo = tmp_path / "input.fifo"
    os.mkfifo(fifo)
    result = run_bounded(*_commands(tmp_path, fifo, bib, tam)[place], cwd=tmp_path, timeout=120)
    refused(result, "named pipe (FIFO)")


def test_a_file_swapped_for_a_fifo_after_its_stat_does_not_block(tmp_path):
    """The race: stat saw a regular file, open meets a FIFO. Opened without blocking, it is
    refused from fstat (a plain open would wait for a writer for ever)."""
    fifo = tmp_path / "swapped.fifo"
    os.mkfifo(fifo)
    script = (
        "import os, pathlib, stat\n"
        "from litgraph.errors import InputError\n"
        "from litgraph.parse.text import read_bytes\n"
        "real = os.stat\n"
        "os.stat = lambda path: os.stat_result((stat.S_IFREG | 0o644, *tuple(real(path))[1:]))\n"
        "try:\n"
        f"    read_bytes(pathlib.Path({str(fifo)!r}), 'swapped.fifo')\n"
        "except InputError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.stdout.strip() == "swapped.fifo: is a named pipe (FIFO), not a regular file: not read"


# --- how much is read ------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path):
    path = tmp_path / "big.bib"
    path.write_bytes(b"x" * 1001)
    assert read_text(path, "big.bib", limit=1001) == "x" * 1001
    with pytest.raises(InputError, match="1,001 bytes or more; litgraph reads files of at most 1,000"):
        read_text(path, "big.bib", limit=1000)


def test_a_file_holding_more_than_its_size_says_is_read_no_further_than_the_limit():
    status = Path("/proc/self/status")  # a regular file of size 0 that holds about 1.5 kB
    assert status.stat().st_size == 0 and len(read_bytes(status, "status")) > 200
    with pytest.raises(InputError, match="201 bytes or more"):
        read_bytes(status, "status", limit=200)


def test_a_text_manuscript_over_its_limit_is_refused(tmp_path, cli, bib):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"(Davis, 1989).\n" * (MAX_TEXT_BYTES // 15 + 1))
    result = cli("cite-check", str(path), "--bib", str(bib))
    refused(result, "huge.txt", f"at most {MAX_TEXT_BYTES:,} bytes")


def test_a_text_manuscript_of_more_paragraphs_than_any_is_refused_where_the_one_too_many_starts(tmp_path):
    path = tmp_path / "blank-lines.txt"
    path.write_text("a\n\n" * (MAX_PARAGRAPHS + 1), "utf-8")  # 600 kB
    with pytest.raises(InputError) as error:
        read_manuscript(path, "blank-lines.txt")
    assert (
        str(error.value)
        == f"blank-lines.txt:{2 * MAX_PARAGRAPHS + 1}: more than 200,000 paragraphs: not read"
    )
