"""Where interviewkit keeps its files: the built-in bank, the user's data directory and decks.

The data directory comes from platformdirs unless `--data-dir` or `INTERVIEWKIT_DATA` overrides
it, so tests and portable installs never touch the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "INTERVIEWKIT_DATA"
#: The progress database's file name inside the data directory.
PROGRESS_DB = "progress.db"


def builtin_bank_dir() -> Path:
    """The shipped question bank: inside the package when installed, `questions/` in a checkout."""
    packaged = Path(__file__).resolve().parent / "questions"
    if packaged.is_dir() and any(packaged.glob("*.toml")):
        return packaged
    return Path(__file__).resolve().parent.parent / "questions"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data directory (progress database, own decks); not created here."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("interviewkit", appauthor=False))


def make_data_dir(directory: Path) -> Path:
    """Create the data folder (and its parents) if needed; a StoreError a person can act on if
    it cannot be (a file where a folder should be, no permission)."""
    from interviewkit.errors import StoreError

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (directory, *directory.parents) if p.is_file()), None)
        why = f"{blocker} is a file, not a folder" if blocker else exc.strerror or str(exc)
        raise StoreError(
            f"cannot create the data folder {directory}: {why}",
            hint="pass --data-dir or set INTERVIEWKIT_DATA to a folder you can write",
        ) from None
    return directory


def progress_db(override: str | os.PathLike[str] | None = None) -> Path:
    """Where the progress store keeps the learner's answers and schedule; not created here."""
    return data_dir(override) / PROGRESS_DB


def user_decks_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder of the learner's own question files, merged with the built-in bank."""
    return data_dir(override) / "decks"


def question_files(path: Path) -> list[Path]:
    """The question files `path` stands for: itself, or the `*.toml` files directly inside it
    (sorted, so load order and duplicate-id reports are the same on every platform)."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if p.is_file())
    return []
