"""A cache of the loaded bank, so the quiz's first screen does not wait for TOML parsing.

Parsing and validating the ~200 built-in questions costs ~19 ms, and importing the loader
(tomllib, the computations) ~13 ms more; reading this cache costs ~4 ms (docs/quiz.md has the
numbers). The cache is plain JSON: the questions' fields, rebuilt into the schema's dataclasses.
It used to be a pickle, but the file lives in a user-writable folder and unpickling runs
whatever a crafted file says; JSON can only ever give back data.

The file is named by a digest of everything the loaded bank depends on: every question file's
path, size and modification time, the loader's own source files, the package and Python
versions, the working directory (origins are shown relative to it) and `SCHEMA`; the file
repeats `SCHEMA` and the digest inside. The cell files that questions name (`cell_file`) are
known only once the bank is read, so the file lists them with their size and modification
time (or that they were missing), and a cache whose cell files changed is stale too. A cache that is missing, stale, corrupt or of another
shape is ignored silently and rebuilt; one that cannot be written only costs the speed-up.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interviewkit.bank import schema
from interviewkit.bank.schema import KIND_CLASSES, Bank, Origin, Problem, Question

CACHE_DIR = "cache"
KEEP = 3  # newest cache files kept; older keys are deleted
#: Bump when the file's layout or the dataclasses' fields change.
SCHEMA = 3


def cache_key(
    bank_paths: Sequence[str | Path], include_builtin: bool, data_dir: str | Path | None
) -> str:
    """A digest of everything the loaded bank depends on.

    The loader's modules are named by path, not imported: on a cache hit they are never needed.
    """
    from interviewkit import __version__, paths

    here = Path(schema.__file__ or "").parent
    loader = ("loader.py", "schema.py", "computations.py", "cellfiles.py")
    sources: list[Path] = [here / name for name in loader]
    sources.append(here.parent / "tomltext.py")  # how the loader reads TOML
    # the schema takes its derivation targets and GRU variants from these two; a question's
    # cell file is read by the third
    sources += [here.parent / "math" / name for name in ("targets.py", "cells.py", "cellspec.py")]
    if include_builtin:
        sources += paths.question_files(paths.builtin_bank_dir())
    sources += paths.question_files(paths.user_decks_dir(data_dir))
    for extra in bank_paths:
        sources += paths.question_files(Path(extra).expanduser())
    digest = hashlib.sha256()
    digest.update(f"{SCHEMA}|{__version__}|{sys.version}|{os.getcwd()}|{include_builtin}|".encode())
    digest.update(repr([str(p) for p in bank_paths]).encode())
    for path in sources:
        try:
            st = path.stat()
        except OSError:
            continue
        digest.update(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def bank_to_data(bank: Bank, key: str) -> dict[str, Any]:
    """The bank as JSON-ready data (tuples become lists; `data_to_bank` turns them back)."""
    questions = []
    for q in bank.questions:
        row = {f.name: getattr(q, f.name) for f in dataclasses.fields(q) if f.name != "origin"}
        row["origin"] = [q.origin.path, q.origin.line, q.origin.deck]
        questions.append(row)
    problems = [[p.path, p.line, p.field, p.message] for p in bank.problems]
    cells = {path: _stamp(path) for path in bank.cell_files}
    return {
        "schema": SCHEMA,
        "key": key,
        "questions": questions,
        "problems": problems,
        "cell_files": cells,
    }


def _stamp(path: str) -> list[int] | None:
    """A cell file's size and modification time, None when it is not there."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _tuples(value: Any) -> Any:
    """JSON arrays back to tuples, at any depth: no field of a question holds a list."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def data_to_bank(data: Any, key: str) -> Bank:
    """Rebuild the dataclasses; raises (ValueError, TypeError, KeyError) on any other shape."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or data.get("key") != key:
        raise ValueError("stale or foreign cache")
    cells = data["cell_files"]
    if any(_stamp(str(path)) != stamp for path, stamp in cells.items()):
        raise ValueError("a cell file changed")
    questions: list[Question] = []
    for row in data["questions"]:
        fields = {name: _tuples(value) for name, value in row.items()}
        path, line, deck = fields.pop("origin")
        cls = KIND_CLASSES[fields["kind"]]
        question = cls(**fields, origin=Origin(str(path), int(line), str(deck)))
        if not all(isinstance(getattr(question, f), str) for f in ("id", "prompt", "topic")):
            raise TypeError("malformed question")
        questions.append(question)
    problems = [Problem(str(p), int(n), str(f), str(m)) for p, n, f, m in data["problems"]]
    return Bank(questions=questions, problems=problems, cell_files=[str(p) for p in cells])


def _read(target: Path, key: str) -> Bank | None:
    try:
        with target.open("rb") as fh:
            return data_to_bank(json.load(fh), key)
    except Exception:  # missing, unreadable, corrupt, stale or foreign: rebuild it
        return None


def _write(folder: Path, target: Path, bank: Bank, key: str) -> None:
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    try:
        text = json.dumps(bank_to_data(bank, key), ensure_ascii=False, allow_nan=False)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_text(text, encoding="utf-8")
        except OSError:  # a full disk: leave no half file to keep the disk full for the store
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, target)  # readers see the old file or the whole new one
        old = sorted(folder.glob("bank-*.json"), key=lambda p: p.stat().st_mtime)[:-KEEP]
        for stale in [*old, *folder.glob("bank-*.pickle")]:  # and the unsafe old format
            stale.unlink(missing_ok=True)
    except Exception:  # a read-only data folder (or a value JSON cannot hold): no cache
        pass


def load_bank_cached(
    bank_paths: Sequence[str | Path] = (),
    *,
    include_builtin: bool = True,
    data_dir: str | Path | None = None,
) -> Bank:
    """`load_bank(...)`, served from the cache when nothing it depends on has changed."""
    from interviewkit import paths

    folder = paths.data_dir(data_dir) / CACHE_DIR
    key = cache_key(bank_paths, include_builtin, data_dir)
    target = folder / f"bank-{key}.json"
    bank = _read(target, key)
    if bank is not None:
        return bank
    from interviewkit.bank.loader import load_bank

    bank = load_bank(bank_paths, include_builtin=include_builtin, data_dir=data_dir)
    _write(folder, target, bank, key)
    return bank
