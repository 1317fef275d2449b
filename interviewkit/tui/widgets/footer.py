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
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


def shown_keys(screen: Screen) -> tuple[object, ...]:
    """What the footer would draw for `screen`'s current bindings."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip, binding.key_display)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    """A Footer (compact by default) that recomposes only when its keys change."""

    def __init__(self, *, compact: bool = True, **kwargs) -> None:
        super().__init__(compact=compact, **kwargs)
        self._drawn: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._drawn = shown_keys(self.screen)  # what this compose draws
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # the class each key's compact watcher adds when mounted: present already,
                # the watcher has nothing to change and the key is styled once, not twice
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        keys = shown_keys(screen)
        if keys == self._drawn:
            return  # the same keys are on screen, or already about to be drawn
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._drawn = keys  # a recompose is scheduled (as Footer decides); compose confirms
