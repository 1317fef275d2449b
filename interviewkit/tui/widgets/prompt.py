"""A question's prompt: Markdown with its `$...$` math turned into terminal Unicode."""

from __future__ import annotations

from textual.widgets import Markdown

from interviewkit.bank.mathtext import render_math_markdown


class PromptView(Markdown):
    """Markdown whose LaTeX reads as σ, ⊙, ∂hₜ/∂hₜ₋₁ instead of backslashes."""

    DEFAULT_CLASSES = "prompt"

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(render_math_markdown(text.strip()), id=id, classes=classes)
