"""A code question: the exercise, the path of its starter file, `e` to edit it in $EDITOR, Enter
to run the check in a worker. The verdict is recorded like any answer; a file that cannot run
(a syntax error, an exception, a time-out) is not counted: the learner fixes it and checks again.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from interviewkit.bank.mathtext import render_math_markdown
from interviewkit.bank.schema import Code
from interviewkit.math.verdict import Verdict
from interviewkit.tui.errors import show_error
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.panel import AnswerPanel
from interviewkit.tui.widgets.prompt import PromptView

#: Wide enough for the report's lines inside the feedback's code block at 80 columns.
REPORT_WIDTH = 70


def exercises_dir(app: Any) -> Path:
    """`exercises/` beside the progress database: the learner's files for the quiz."""
    store = getattr(getattr(app, "context", None), "store", None)
    return Path(getattr(store, "path", "progress.db")).resolve().parent / "exercises"


def report_markdown(report: Any) -> str:
    """The check's report as the feedback shows it: a verdict line, then the per-output lines."""
    from interviewkit.exercises.report import output_lines

    lines = "\n".join(output_lines(report, REPORT_WIDTH))
    if report.passed:
        head = f"✓ **Passed**: every output right in all {len(report.cases)} hidden cases."
    else:
        head = f"✗ **{len(report.wrong)} of {len(report.labels)} outputs wrong**."
    return f"{head}\n\n```text\n{lines}\n```"


class CodePanel(AnswerPanel):
    """One exercise; the file lives in the data folder's `exercises/` and survives the quiz."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("enter", "check", "Check"),
    ]

    def __init__(self, question: Code, **kwargs) -> None:
        super().__init__(question, **kwargs)
        self.code = question
        self.checking = False
        self.path: Path | None = None

    def compose(self) -> ComposeResult:
        from interviewkit.exercises.catalogue import BY_NAME

        exercise = BY_NAME[self.code.exercise]
        yield PromptView(self.code.prompt)
        yield Static(
            f"Exercise {exercise.name}: {exercise.title} ({exercise.difficulty})",
            classes="hint-line",
            markup=False,
        )
        yield Static("", classes="preview-line", id="code-file", markup=False)
        yield Static(
            "e: edit it in $EDITOR · Enter: check it on hidden cases",
            classes="hint-line",
        )
        yield Static("", classes="message-line", id="code-message", markup=False)

    def on_mount(self) -> None:
        from interviewkit.exercises.runner import BROWSER_NOTE, in_browser

        if self.app.is_web or in_browser():
            self.say(f"Not here: {BROWSER_NOTE}.", error=True)
            return
        self.path = self.starter()

    def starter(self) -> Path | None:
        """The learner's file, written from the starter the first time (never overwritten)."""
        from interviewkit.errors import ExerciseError
        from interviewkit.exercises.catalogue import BY_NAME
        from interviewkit.exercises.starter import write_starter

        exercise = BY_NAME[self.code.exercise]
        path = exercises_dir(self.app) / f"{exercise.name}.py"
        try:
            if not path.exists():
                write_starter(exercise, path.parent)
        except ExerciseError as exc:
            self.say(exc.one_line(), error=True)
            return None
        self.query_one("#code-file", Static).update(f"Your file: {path}")
        return path

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#code-message", Static)
        line.update(text)
        line.set_class(error, "-error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "check"):
            return not self.answered and self.path is not None
        return True

    def action_edit(self) -> None:
        from textual.app import SuspendNotSupported

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if self.path is None:
            return
        if not editor:
            self.say(
                "Set $EDITOR (for example `export EDITOR=nano`), or edit the file in another "
                "window; then press Enter.",
                error=True,
            )
            return
        problem: OSError | None = None
        try:
            with self.app.suspend():
                try:  # nothing may escape: the app resumes only when this block ends
                    subprocess.run([*shlex.split(editor), str(self.path)], check=False)
                except OSError as exc:
                    problem = exc
        except SuspendNotSupported:
            self.say(
                "This terminal cannot hand over to an editor: edit the file in another "
                "window, then press Enter.",
                error=True,
            )
            return
        if problem is not None:
            self.say(f"Cannot start {editor!r}: {problem.strerror or problem}", error=True)
        else:
            self.say("Saved? Press Enter to check it.")

    def action_check(self) -> None:
        if self.checking or self.path is None or self.answered:
            return
        self.checking = True
        self.say("checking… (the first check of a session loads torch: a few seconds)")
        self.run_check(self.path)

    @work(thread=True, exclusive=True, group="code-check", exit_on_error=False)
    def run_check(self, path: Path) -> None:
        from interviewkit.errors import ExerciseError
        from interviewkit.exercises.catalogue import BY_NAME
        from interviewkit.exercises.grader import check_file

        try:
            report = check_file(BY_NAME[self.code.exercise], path)
        except ExerciseError as exc:
            self.app.call_from_thread(self.not_run, exc.one_line())
        except Exception as exc:
            self.app.call_from_thread(self.failed, exc)
        else:
            self.app.call_from_thread(self.show_report, report)

    def not_run(self, line: str) -> None:
        """The file could not run: say why and let the learner fix it (nothing recorded)."""
        self.checking = False
        self.say(f"Could not run it, not counted: {line}", error=True)

    def failed(self, exc: Exception) -> None:
        self.checking = False
        self.say("")
        show_error(self.app, exc)

    def show_report(self, report: Any) -> None:
        from interviewkit.study.grading import verdict_to_rating

        self.checking = False
        self.say("")
        verdict = Verdict.CORRECT if report.passed else Verdict.INCORRECT
        wrong = report.wrong
        answer = f"{report.path}: " + (
            "all outputs right" if not wrong else f"wrong: {', '.join(wrong)}"
        )
        explanation = render_math_markdown(self.code.explanation.strip())
        self.finish(
            Outcome(
                question=self.code,
                prompt=self.prompt_text,
                verdict=verdict,
                answer=answer,
                feedback=f"{report_markdown(report)}\n\n{explanation}",
                suggested=verdict_to_rating(verdict),
                duration_s=self.elapsed(),
            )
        )
