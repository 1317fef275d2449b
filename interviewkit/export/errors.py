"""The export layer's error type, and the one place that imports an optional package."""

from __future__ import annotations

import importlib
from types import ModuleType

from interviewkit.errors import InterviewkitError

#: The distribution name on PyPI (see pyproject.toml), for install hints.
DISTRIBUTION = "rnn-interviewkit"


class ExportError(InterviewkitError):
    """An export cannot be made as asked (unknown topic, unwritable output, missing package)."""

    title = "export error"


def require(module: str, extra: str, *, error: type[InterviewkitError] = ExportError) -> ModuleType:
    """Import optional `module`, or raise `error` naming the pip command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.partition(".")[0].replace("_", "-")  # the distribution, not a submodule
        raise error(
            f"this needs the optional package {package}, which is not installed",
            hint=f"install it with: pip install '{DISTRIBUTION}[{extra}]'",
        ) from exc
