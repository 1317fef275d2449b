"""The Textual app: it only wires the screens, the keys, the palette and the one error display.

Screens live in `tui/screens/`, widgets in `tui/widgets/`, styles in `app.tcss` (the home
screen's) and `screens.tcss` (the rest, read after the first frame); what the app
studies comes in a `StudyContext` (see `tui/factory.py`, which the CLI and the tests share).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from interviewkit.errors import InterviewkitError
from interviewkit.study.modes import Mode
from interviewkit.tui import errors
from interviewkit.tui.background import Finished, in_thread
from interviewkit.tui.context import StudyContext
from interviewkit.tui.launch import BROWSE, STATS, Draw

PALETTE: tuple[tuple[str, str, str], ...] = (
    ("Quiz", "Questions drawn by the home screen's filters", "start('quiz')"),
    ("Review", "The cards due today (spaced repetition)", "start('review')"),
    ("Mock interview", "A timed mix, feedback at the end", "start('mock')"),
    ("Derivation lab", "Any Jacobian or gradient of any cell, until it is right", "start('lab')"),
    ("Stats", "Reviews, retention, cards due, weakest topics", "start('stats')"),
    ("Browse cards", "Search every card; suspend, bury, flag, note or open one", "start('browse')"),
    ("Help", "Every key of every screen", "help"),
    ("Toggle dark / light", "Switch between the dark and the light theme", "toggle_theme"),
)


class QuizApp(App["InterviewkitError | None"]):
    """`interviewkit quiz`."""

    CSS_PATH = "app.tcss"
    TITLE = "interviewkit"
    SUB_TITLE = "recurrent networks, for interviews"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
    ]

    def __init__(
        self,
        context: StudyContext | Callable[[], StudyContext],
        *,
        theme: str | None = None,
        data_dir: Path | None = None,
    ) -> None:
        """`context`, or the function that makes it: the CLI passes the function, so the home
        screen is drawn first and the bank and the store are read after it, in a thread (the
        first screen comes ~50 ms sooner). A user error there ends the app, and `run_app`'s
        caller reports it as any command does (`return_value`, exit code 2)."""
        super().__init__()
        self._study = context if isinstance(context, StudyContext) else None
        self._opener = None if isinstance(context, StudyContext) else context
        self._asked: str | None = None  # a mode asked for while the context was being read
        self.data_dir = data_dir  # where crash.log goes before the store is open
        if theme:
            self.theme = theme

    @property
    def context(self) -> StudyContext:
        if self._study is None:
            raise RuntimeError("the questions and the progress store are still being read")
        return self._study

    @property
    def ready(self) -> bool:
        """The context is there (questions loaded, store open)."""
        return self._study is not None

    @property
    def crash_folder(self) -> Path:
        if self._study is not None:
            return Path(self._study.store.path).parent
        from interviewkit import paths

        return paths.data_dir(self.data_dir)

    def get_default_screen(self) -> Screen:
        """The home screen is the first screen (no blank default screen drawn before it)."""
        from interviewkit.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if self._study is not None:
            self.load_screen_styles()
            self.ready_to_study(self._study)
        elif self._opener is not None:
            self.call_after_refresh(self.read_context)  # once the first screen is drawn

    def load_screen_styles(self) -> None:
        """Read `screens.tcss`, the styles of every screen but the first (`CSS_PATH`)."""
        self.stylesheet.read(Path(__file__).with_name("screens.tcss"))
        self.refresh_css(animate=False)

    def read_context(self) -> None:
        assert self._opener is not None
        self.load_screen_styles()  # before any other screen can open: they open with the context
        in_thread(self, self._opener, self.ready_to_study, self.could_not_read, name="context")

    def could_not_read(self, error: Exception) -> None:
        if isinstance(error, InterviewkitError):
            self.exit(error, return_code=2)  # the CLI says it in one line, as for any command
            return
        raise error  # a bug: the one line and crash.log of tui/crash.py

    def ready_to_study(self, context: StudyContext) -> None:
        self._study = context
        for warning in context.warnings:
            self.notify(warning, title="warning", severity="warning", timeout=12, markup=False)
        from interviewkit.tui.screens.home import HomeScreen

        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.context_ready()
        start = self._asked or (context.start_mode.value if context.start_mode else None)
        if start:
            self.action_start(start)

    def show_error(self, error: BaseException | str) -> None:
        """The one place errors reach the learner: a notification, never a traceback."""
        errors.show_error(self, error)

    @on(Finished)
    def finished(self, message: Finished) -> None:
        """A store call ended in its thread: hand the result to the screen that asked, if it is
        still there (`tui.background`); a failure is shown even when it is not."""
        if message.node.is_attached:
            message.then()
        elif message.error is not None:
            self.show_error(message.error)

    def action_start(self, name: str) -> None:
        """Open a mode (`Mode`'s text), "stats" or "browse", as the home keys and the palette
        name them.

        From the palette in the middle of a session, that session asks "End this session?"
        first. A session's questions are drawn in a thread (a review reads the store).
        """
        if not self.ready:
            self._asked = name  # opened once the questions are read
            return
        from interviewkit.tui.screens.session import SessionScreen

        session = next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)
        if session is not None and not session.done:
            session.ask_to_end(then=lambda: self.start(name, from_home=True))
            return
        self.start(name)

    def start(self, name: str, *, from_home: bool = False) -> None:
        """Open `name` at once (`from_home`: back to the home screen first)."""
        if from_home:
            self.back_home()
        if name == STATS:
            from interviewkit.tui.screens.stats import StatsScreen

            self.open_screen(StatsScreen(self.context))
            return
        if name == BROWSE:
            from interviewkit.tui.screens.browser import BrowserScreen

            self.open_screen(BrowserScreen(self.context))
            return
        mode = Mode(name)
        if mode is Mode.LAB:
            from interviewkit.tui.screens.lab import LabScreen

            self.open_screen(LabScreen(self.context))
            return
        from interviewkit.tui.launch import draw

        seed = self.context.next_seed()
        in_thread(self, lambda: draw(self.context, mode, seed), self.open_session, name="draw")

    def open_session(self, drawn: Draw | str) -> None:
        if isinstance(drawn, str):
            self.notify(drawn, severity="warning")
            return
        from interviewkit.tui.screens.session import SessionScreen

        self.open_screen(
            SessionScreen(
                self.context,
                drawn.mode,
                drawn.questions,
                minutes=drawn.minutes,
                marks=drawn.marks,
            )
        )

    def open_screen(self, screen: Screen[None]) -> None:
        self.back_home()  # from the palette, on another screen
        self.push_screen(screen)

    def back_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self, section: str = "") -> None:
        from interviewkit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(section or None))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    async def action_quit(self) -> None:
        """Ctrl+Q: at once, but an answer already graded is saved first (at the rating the
        verdict suggests, as when a session is ended), and one being saved is let finish."""
        from interviewkit.tui.screens.session import SessionScreen

        session = next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)
        if session is None or not session.save_then(self.exit):
            self.exit()

    def action_ask_quit(self) -> None:
        from interviewkit.tui.screens.confirm import ConfirmScreen

        def quit_if(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("Quit interviewkit? Your progress is saved."), quit_if)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, action in PALETTE:
            yield SystemCommand(title, help_text, lambda a=action: self.run_action(a))

    def on_unmount(self) -> None:
        # The one store call on the loop: the app is leaving, and an answer still being saved
        # (waiting for another program's lock) is let finish rather than cut off.
        if self._study is not None:
            self._study.store.close()
