"""Output files for exports: checked before any work, written atomically, errors as one line."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from interviewkit.errors import InterviewkitError
from interviewkit.export.errors import ExportError

#: The error raised for an unwritable output; a caller outside the export layer passes its own.
ErrorType = type[InterviewkitError]


def check_out_path(path: str | os.PathLike[str], *, error: ErrorType = ExportError) -> Path:
    """Fail early, with a message meant for a person, if `path` cannot be written."""
    if not str(path).strip():
        raise error("the output file name is empty", hint="give a file name after --out")
    path = Path(path).expanduser()
    if path.is_dir():
        raise error(f"cannot write {path}: it is a folder", hint="give a file name")
    parent = path.parent
    if not parent.is_dir():
        blocker = next((p for p in (parent, *parent.parents) if p.is_file()), None)
        if blocker is not None:
            raise error(f"cannot write {path}: {blocker} is a file, not a folder")
        raise error(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise error(f"cannot write {path}: permission denied")
    return path


def write_atomically(
    path: str | os.PathLike[str], write: Callable[[Path], None], *, error: ErrorType = ExportError
) -> Path:
    """Let `write` fill a temporary file beside `path`, then rename it over `path`.

    A failed or interrupted write never leaves a half-written file where the old one was, nor
    a temporary file beside it.
    """
    path = check_out_path(path, error=error)
    try:
        tmp = _new_file_beside(path)
        try:
            write(tmp)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise error(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _new_file_beside(path: Path) -> Path:
    """A new, empty file next to `path`, with the mode any new file gets (umask applied).

    Not `mkstemp`: its file is private (0600), and finding the umask to widen it means setting
    the umask, for the whole process, for a moment, so a file another thread creates meanwhile
    (the quiz's progress database) could come out world-writable.
    """
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            tmp.touch(exist_ok=False)  # O_CREAT | O_EXCL: never an existing file
        except FileExistsError:
            continue
        return tmp


def write_text(path: str | os.PathLike[str], text: str, *, error: ErrorType = ExportError) -> Path:
    """Write UTF-8 `text` (newlines as `\\n`) to `path` atomically."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    return write_atomically(path, write, error=error)
