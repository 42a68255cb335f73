"""litgraph.files: rewriting a file loses nothing — not the old content (numbered backups), not a
link (its target is written), not the mode, not the disk space of a run killed mid-write."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.files import atomic_replace, atomic_write_bytes, atomic_write_text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _temps(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name.endswith(".tmp"))


class umask:
    def __init__(self, mask: int):
        self.mask = mask

    def __enter__(self):
        self.saved = os.umask(self.mask)

    def __exit__(self, *exc):
        os.umask(self.saved)


# --- numbered backups -----------------------------------------------------------------


def test_each_backup_gets_the_next_number_and_none_is_overwritten(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("first", encoding="utf-8")
    made = [atomic_write_text(bib, text, backup=True).backup for text in ("second", "third", "fourth")]
    assert made == [tmp_path / "refs.bib.bak", tmp_path / "refs.bib.bak.1", tmp_path / "refs.bib.bak.2"]
    assert [path.read_text(encoding="utf-8") for path in made] == ["first", "second", "third"]
    assert bib.read_text(encoding="utf-8") == "fourth"


def test_a_backup_goes_above_the_highest_number_there(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("now", encoding="utf-8")
    (tmp_path / "refs.bib.bak").write_text("oldest", encoding="utf-8")
    (tmp_path / "refs.bib.bak.4").write_text("older", encoding="utf-8")
    (tmp_path / "refs.bib.bak.x").write_text("not a number", encoding="utf-8")
    assert atomic_write_text(bib, "next", backup=True).backup == tmp_path / "refs.bib.bak.5"
    assert (tmp_path / "refs.bib.bak.5").read_text(encoding="utf-8") == "now"
    assert (tmp_path / "refs.bib.bak").read_text(encoding="utf-8") == "oldest"
    assert (tmp_path / "refs.bib.bak.4").read_text(encoding="utf-8") == "older"


def test_a_backup_keeps_the_old_files_mode_and_time(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("private", encoding="utf-8")
    bib.chmod(0o600)
    os.utime(bib, (1_000_000_000, 1_000_000_000))
    backup = atomic_write_text(bib, "new", backup=True).backup
    assert backup is not None and _mode(backup) == 0o600 and backup.stat().st_mtime == 1_000_000_000


def test_no_backup_of_a_file_that_was_not_there(tmp_path):
    written = atomic_write_text(tmp_path / "new.bib", "x", backup=True)
    assert written.backup is None and not written.replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.bib"]


@pytest.mark.parametrize("dangling", [False, True])
def test_a_backup_name_held_by_a_link_is_skipped_never_written_through(tmp_path, dangling):
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("the link's target", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("old", encoding="utf-8")
    (tmp_path / "refs.bib.bak").symlink_to(victim)
    assert atomic_write_text(bib, "new", backup=True).backup == tmp_path / "refs.bib.bak.1"
    assert (tmp_path / "refs.bib.bak").is_symlink() and os.readlink(tmp_path / "refs.bib.bak") == str(victim)
    assert victim.exists() is not dangling
    if not dangling:
        assert victim.read_text(encoding="utf-8") == "the link's target"
    assert (tmp_path / "refs.bib.bak.1").read_text(encoding="utf-8") == "old"


# --- links ----------------------------------------------------------------------------


def test_a_link_is_followed_and_stays_a_link(tmp_path):
    zotero = tmp_path / "Zotero"
    zotero.mkdir()
    export = zotero / "export.bib"
    export.write_text("old", encoding="utf-8")
    project = tmp_path / "review"
    project.mkdir()
    first, second = project / "refs.bib", project / "also.bib"
    second.symlink_to("../Zotero/export.bib")  # relative, and a chain: refs.bib → also.bib → export.bib
    first.symlink_to("also.bib")
    written = atomic_write_text(first, "new", backup=True)
    assert export.read_text(encoding="utf-8") == "new" and written.path == export.resolve()
    assert first.is_symlink() and second.is_symlink() and os.readlink(first) == "also.bib"
    assert written.replaced and written.backup == project / "refs.bib.bak"  # beside the name the user gave
    assert written.backup.read_text(encoding="utf-8") == "old" and not written.backup.is_symlink()
    assert _temps(zotero) == [] and _temps(project) == []


def test_a_dangling_link_is_refused(tmp_path):
    link = tmp_path / "out.html"
    link.symlink_to(tmp_path / "gone" / "out.html")
    with pytest.raises(InputError, match="does not exist"):
        atomic_write_text(link, "x")
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_a_link_to_a_folder_is_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "out.md").symlink_to("folder")
    with pytest.raises(InputError, match="is a directory"):
        atomic_write_text(tmp_path / "out.md", "x")


# --- mode -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o666])
def test_a_replaced_file_keeps_its_mode(tmp_path, mode):
    out = tmp_path / "out.bib"
    out.write_text("old", encoding="utf-8")
    out.chmod(mode)
    with umask(0o022):
        assert atomic_write_bytes(out, b"new").replaced
    assert _mode(out) == mode and out.read_bytes() == b"new"


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_a_new_file_gets_the_umasks_mode(tmp_path, mask):
    with umask(mask):
        atomic_write_text(tmp_path / "new.txt", "x")
    assert _mode(tmp_path / "new.txt") == 0o666 & ~mask


def test_a_new_file_made_from_another_gets_its_mode_as_cp_gives_it(tmp_path):
    source = tmp_path / "private.bib"
    source.write_text("x", encoding="utf-8")
    source.chmod(0o600)
    with umask(0o022):
        atomic_write_text(tmp_path / "private.fixed.bib", "y", like=source)
    assert _mode(tmp_path / "private.fixed.bib") == 0o600


# --- temporary files ------------------------------------------------------------------

# Writes `argv[2]` bytes into the temporary file, says so, and waits for a line on stdin
# before finishing: the test kills it there (kill -9) or lets it go on.
_PAUSED_WRITER = """
import sys
from pathlib import Path
from litgraph.files import atomic_replace

def write(tmp):
    with open(tmp, "wb") as out:
        out.write(b"x" * int(sys.argv[2]))
        out.flush()
        print("writing", flush=True)
        sys.stdin.readline()
        out.write(b"end")

atomic_replace(Path(sys.argv[1]), write)
"""


def _paused_writer(target: Path, size: int) -> subprocess.Popen:
    writer = subprocess.Popen(
        [sys.executable, "-c", _PAUSED_WRITER, str(target), str(size)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    return writer


def test_a_temp_file_left_by_a_killed_write_is_removed_by_the_next(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("intact", encoding="utf-8")
    writer = _paused_writer(bib, 20_000_000)
    writer.kill()
    writer.wait(timeout=30)
    [left] = _temps(tmp_path)  # what the killed run left behind
    assert left.stat().st_size == 20_000_000 and bib.read_text(encoding="utf-8") == "intact"
    atomic_write_text(bib, "next run")
    assert _temps(tmp_path) == [] and bib.read_text(encoding="utf-8") == "next run"


def test_a_temp_file_being_written_is_left_alone(tmp_path):
    bib = tmp_path / "refs.bib"
    writer = _paused_writer(bib, 1000)
    try:
        atomic_write_text(bib, "meanwhile")  # same name, same folder
        atomic_write_text(tmp_path / "other.bib", "meanwhile")
        assert len(_temps(tmp_path)) == 1
    finally:
        writer.communicate("\n", timeout=30)
    assert writer.returncode == 0 and bib.read_bytes() == b"x" * 1000 + b"end"
    assert _temps(tmp_path) == []


def test_only_our_stale_temp_files_are_removed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    ours = [".refs.bib.litgraph-ab12cd_9.tmp", ".other.md.litgraph-zzzzzzzz.tmp", ".refs.bib.k2j4h6g8.tmp"]
    theirs = [
        ".refs.bib.tmp",
        "refs.bib.litgraph-ab12cd_9.tmp",  # not hidden: not a name we give
        ".other.md.k2j4h6g8.tmp",  # the earlier verify --fix form, but for another file
        ".refs.bib.litgraph-ABCDEFGH.tmp",
        ".notes.litgraph-abc.tmp",
    ]
    for name in ours + theirs:
        (tmp_path / name).write_text("leftover", encoding="utf-8")
    (tmp_path / ".link.litgraph-abcdefgh.tmp").symlink_to(victim)
    os.mkfifo(tmp_path / ".pipe.litgraph-abcdefgh.tmp")
    just_made = tmp_path / ".fresh.litgraph-abcdefgh.tmp"  # empty and new: its writer may not have locked it
    just_made.touch()
    atomic_write_text(tmp_path / "refs.bib", "x")
    left = {path.name for path in tmp_path.iterdir()}
    assert not left & set(ours)
    assert (
        set(theirs) | {".link.litgraph-abcdefgh.tmp", ".pipe.litgraph-abcdefgh.tmp", just_made.name} <= left
    )
    assert victim.read_text(encoding="utf-8") == "keep"
    for path in (just_made, tmp_path / ".pipe.litgraph-abcdefgh.tmp"):
        os.utime(path, (time.time() - 60, time.time() - 60))
    atomic_write_text(tmp_path / "refs.bib", "y")
    assert not just_made.exists() and (tmp_path / ".pipe.litgraph-abcdefgh.tmp").exists()


def test_a_failed_write_leaves_the_file_and_no_temp(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("intact", encoding="utf-8")

    def half_then_fail(tmp: str) -> None:
        Path(tmp).write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(InputError, match="No space left"):
        atomic_replace(bib, half_then_fail, backup=True)
    assert bib.read_text(encoding="utf-8") == "intact" and _temps(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]  # nor a backup of it


def test_a_name_as_long_as_a_name_may_be_can_be_rewritten(tmp_path):
    longest = tmp_path / ("周" * 83 + ".bib")  # 253 bytes in UTF-8: no room for a suffix
    longest.write_text("old", encoding="utf-8")
    atomic_write_text(longest, "new")
    assert longest.read_text(encoding="utf-8") == "new" and _temps(tmp_path) == []
