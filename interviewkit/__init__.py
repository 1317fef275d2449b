"""interviewkit: interview preparation for recurrent networks.

Importing the package imports nothing heavy (no torch, SymPy or Textual): the CLI and the quiz
must start fast, so every heavy import happens inside the command that needs it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
