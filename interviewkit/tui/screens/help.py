"""The `?` help screen: every key, per screen, as one Markdown page in a modal."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# interviewkit quiz: keys

Every screen lists its keys in the footer. **Escape** goes back, **Ctrl+P** opens the command
palette, **Ctrl+T** switches dark/light, **Ctrl+Q** quits. Your progress is saved after every
answer, so quitting at any moment loses at most the answer you are typing (one graded
and waiting for its rating is saved at the suggested rating).

## Home
| key | does |
|---|---|
| `q` | **Quiz**: questions drawn by the filters, with feedback after each |
| `r` | **Review**: the cards due today (spaced repetition, FSRS) and a few new ones |
| `m` | **Mock interview**: a timed mix, no feedback until the end, then a report |
| `l` | **Derivation lab**: pick any target (Jacobian, backward pass, BPTT), type it, try again until it is right |
| `s` | **Stats**: reviews per day, retention, cards due, weakest topics |
| `b` | **Browse**: search every card, see its history, suspend, bury, flag, note or open it |
| `f` | filters: topic, kind, difficulty (a click on the Filters line works too) |
| ↑/↓, Enter | move in the topic table; Enter on a topic filters on it |

The line under the table says what Review serves now: the cards due now, then new cards up to
20 a day. Only Review uses up the day's new cards; a quiz, a mock and the lab are practice
(what you answer there is scheduled too, and comes back in Review when due). A card you just
answered comes back in minutes: *due later today*.

## Answering
| kind | how |
|---|---|
| choice | keys `1`-`9` pick an option (with several answers: toggle, then Enter) |
| numeric | type a number (`2560`, `2.5e3`, `1,024`), Enter; parameters change every time |
| flashcard | think of the answer, `Space` shows the back, then rate yourself |
| short answer | type a sentence or two, Enter shows the model answer and key points |
| derivation | type the Jacobian (`diag(1 - h**2) @ W_h`); the line below shows how it was read; Enter checks it; `Ctrl+N` gives a hint; after the verdict, `s` shows the derivation step by step |
| code | write a function in the file shown (in `exercises/` of the data folder); `e` opens it in `$EDITOR`, Enter runs it on hidden cases and grades every output against torch; a file that cannot run is not counted |

After an answer, rate how it went: `1` Again, `2` Hard, `3` Good, `4` Easy. The rating the
verdict suggests is highlighted: Enter accepts it, `←`/`→` lower or raise it. The rating decides
when the card comes back.

| key | in a session |
|---|---|
| `Ctrl+Z` | undo: take back the last answer (its rating and schedule) and answer it again |
| `Ctrl+O` | the card menu of this question: `s` suspend, `b` bury until tomorrow, `1`-`4` flag (red, orange, green, blue), `0` no flag, `n` note |

A suspended question is left out of every session until you unsuspend it (in the card menu or
the browser); a buried one until the end of the day.

## Browse
| key | does |
|---|---|
| `/` | search: words (in the question, its answer, your note) and `tag:T`, `topic:T`, `kind:K`, `is:new`, `is:learning`, `is:review`, `is:relearning`, `is:due`, `is:suspended`, `is:buried`, `is:flagged`, `is:noted`, `is:leech`; Enter goes back to the list |
| ↑/↓ | move; under the list: the card's state, next due date, latest answers, marks and note |
| Enter | answer this question now |
| `s`, `b` | suspend or unsuspend; bury until tomorrow or unbury |
| `1`-`4`, `0` | flag red, orange, green or blue (the same key again takes it off); no flag |
| `n` | your note on the question |

## Derivation lab
`F2` picks the target: type words of its name or meaning (`peephole bptt_d_c`, `lstm dL_dW`),
`↑`/`↓` to move, Enter to pick, Escape to keep the current one. `F3` picks the GRU variant,
`F4` shows the cell's equations. Type, Enter, read the verdict, edit, Enter again. `Ctrl+N`
gives a hint, `Ctrl+S` shows the derivation step by step. The first try at a target the bank
has a question for is recorded like any answer. `interviewkit quiz --mode lab --cell lstm`
opens the lab on one cell, `--cell my_cell.toml` on your own cell file.

## Derivation notation
`@` matrix product, `*` element-wise product, `**2` square, `.T` transpose, `diag(v)`,
`sigmoid`/`σ`, `tanh`, `I` the identity; names: `h`, `h_prev`, `c`, `c_prev`, `f`, `i`, `o`,
`c_tilde`, `z`, `r`, `W_h`, `U_f`, .... `interviewkit check --names` prints every name,
operator and LaTeX command the notation understands.

## Where things are kept
Progress lives in `progress.db` in the data folder (`--data-dir`, or `INTERVIEWKIT_DATA`).
Your own question files go in its `decks/` folder. `interviewkit stats` shows the same numbers
as the Stats screen outside the app.
"""


class HelpScreen(ModalScreen[None]):
    """Escape, `q` or `?` close it. `section` (a heading's slug) opens it at that heading."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close")
    ]

    def __init__(self, section: str | None = None) -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="modal-box"):
            yield Markdown(HELP)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # ↑/↓ and PgUp/PgDn scroll it

    @on(Markdown.TableOfContentsUpdated)
    def go_to_section(self) -> None:
        # F1 in a derivation promises the notation: at 80x24 it is screens below the top
        if self.section:
            self.call_after_refresh(self.query_one(Markdown).goto_anchor, self.section)
