"""A cache of the loaded bank, so the quiz's first screen does not wait for TOML parsing.

Parsing and validating ~200 questions costs about 50 ms, a third of what the quiz adds to a bare
Textual app's start. The loaded `Bank` is pickled in `<data dir>/cache/` under a key made of
every question file's path, size and modification time, the loader's own source files, the
package version and the working directory (origins are shown relative to it). Any change to any
of them makes a new key; a cache that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from interviewkit.bank.schema import Bank

CACHE_DIR = "cache"
KEEP = 3  # newest cache files kept; older keys are deleted


def _toml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if p.is_file())
    return []


def cache_key(
    bank_paths: Sequence[str | Path], include_builtin: bool, data_dir: str | Path | None
) -> str:
    """A digest of everything the loaded bank depends on."""
    from interviewkit import __version__, paths
    from interviewkit.bank import computations, loader, schema

    sources: list[Path] = [Path(m.__file__ or "") for m in (loader, schema, computations)]
    if include_builtin:
        sources += _toml_files(paths.builtin_bank_dir())
    sources += _toml_files(paths.user_decks_dir(data_dir))
    for extra in bank_paths:
        sources += _toml_files(Path(extra).expanduser())
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{sys.version}|{os.getcwd()}|{include_builtin}|".encode())
    digest.update(repr([str(p) for p in bank_paths]).encode())
    for path in sources:
        try:
            st = path.stat()
        except OSError:
            continue
        digest.update(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def load_bank_cached(
    bank_paths: Sequence[str | Path] = (),
    *,
    include_builtin: bool = True,
    data_dir: str | Path | None = None,
) -> Bank:
    """`load_bank(...)`, served from the cache when nothing it depends on has changed."""
    from interviewkit import paths
    from interviewkit.bank.loader import load_bank

    folder = paths.data_dir(data_dir) / CACHE_DIR
    try:
        target = folder / f"bank-{cache_key(bank_paths, include_builtin, data_dir)}.pickle"
        with target.open("rb") as fh:
            bank = pickle.load(fh)
        if isinstance(bank, Bank):
            return bank
    except Exception:  # no cache yet, or an unreadable one: load for real
        pass
    bank = load_bank(bank_paths, include_builtin=include_builtin, data_dir=data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(bank, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        old = sorted(folder.glob("bank-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]
        for stale in old:
            stale.unlink(missing_ok=True)
    except Exception:  # a read-only data folder only costs the speed-up
        pass
    return bank
