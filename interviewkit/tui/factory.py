"""Build the app from options: load the bank, open the store, make the context.

The CLI (`interviewkit quiz`) and the tests both go through `build_app`, so what the tests see
is what the learner gets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.errors import BankError
from interviewkit.study.modes import Mode
from interviewkit.tui.context import Clock, Filters, Settings, StudyContext, utc_clock

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.tui.app import QuizApp


def open_context(
    *,
    bank_paths: Sequence[str | Path] = (),
    include_builtin: bool = True,
    data_dir: str | Path | None = None,
    filters: Filters | None = None,
    settings: Settings | None = None,
    mode: Mode | str | None = None,
    clock: Clock = utc_clock,
    timer: Callable[[], float] | None = None,
    seed: int | None = None,
    lab_cell: CellSpec | None = None,
) -> StudyContext:
    """Everything a session needs (`lab_cell`: a learner's cell file for the lab, loaded and
    registered already). Raises `StoreError` / `BankError` with a message for a person."""
    from interviewkit.study.store import ProgressStore
    from interviewkit.tui.bankcache import load_bank_cached

    bank = load_bank_cached(bank_paths, include_builtin=include_builtin, data_dir=data_dir)
    if not bank.questions:
        raise BankError(
            "no questions could be loaded",
            hint="run `interviewkit bank validate` to see what is wrong",
        )
    store = ProgressStore.open(data_dir)
    warnings = list(store.warnings)
    if bank.problems:
        warnings.append(
            f"{len(bank.problems)} problem{'s' if len(bank.problems) != 1 else ''} in the "
            "question files skipped; "
            "run `interviewkit bank validate` to see them"
        )
    extra = {"timer": timer} if timer is not None else {}
    return StudyContext(
        **extra,
        questions=list(bank.questions),
        store=store,
        filters=filters or Filters(),
        settings=settings or Settings(),
        clock=clock,
        seed=seed,
        start_mode=Mode(mode) if mode else None,
        warnings=warnings,
        lab_cell=lab_cell,
    )


def build_app(
    context: StudyContext | Callable[[], StudyContext],
    *,
    theme: str | None = None,
    data_dir: str | Path | None = None,
) -> QuizApp:
    """The app over `context`, or over the function that opens it once the first screen is
    drawn (`QuizApp`); imports Textual, so only call it to run the UI; run it with
    `tui.crash.run_app`."""
    from interviewkit.tui.app import QuizApp

    return QuizApp(context, theme=theme, data_dir=Path(data_dir) if data_dir else None)
