"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer throws its keys away and makes new ones every time the screen says its
bindings may have changed: three times while a screen opens (auto focus, screen resume, the
first idle), and again on every focus move. Each key is a widget that is styled twice, so on the
home screen (nine keys) this was ~60 ms of the ~160 ms before the first screen was drawn. Here
the signal is ignored when the shown keys (key, label, action, enabled, tooltip) are the same
as those already on screen or already scheduled to be drawn, and each key is made with its
compact class already set, so it is styled once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

try:  # not exported by textual.widgets; without it keys are only styled as Footer does
    from textual.widgets._footer import FooterKey
except ImportError:  # pragma: no cover - another Textual layout
    FooterKey = None  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


def shown_keys(screen: Screen) -> tuple[object, ...] | None:
    """What the footer would draw for `screen`'s current bindings; None if this Textual keeps
    its bindings in another shape (then the footer recomposes as Textual's does)."""
    try:
        return tuple(
            (item[1].key, item[1].description, item[1].action, item[1].key_display, *item[2:])
            for item in screen.active_bindings.values()
            if item[1].show
        )
    except (AttributeError, IndexError, TypeError):  # pragma: no cover - another Textual
        return None


class KeyFooter(Footer):
    """A Footer (compact by default) that recomposes only when its keys change."""

    def __init__(self, *, compact: bool = True, **kwargs) -> None:
        super().__init__(compact=compact, **kwargs)
        self._drawn: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        if getattr(self, "_bindings_ready", True):
            self._drawn = shown_keys(self.screen)  # what this compose draws
        for widget in super().compose():
            if FooterKey is not None and isinstance(widget, FooterKey):
                # the class each key's compact watcher adds when mounted: present already,
                # the watcher has nothing to change and the key is styled once, not twice
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        keys = shown_keys(screen)
        if keys is not None and keys == self._drawn:
            return  # the same keys are on screen, or already about to be drawn
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._drawn = keys  # a recompose is scheduled (as Footer decides); compose confirms
