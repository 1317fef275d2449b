"""The derivation targets of NOTATION.md: which Jacobian each name means.

`derive` computes them from the cell equations, `check` grades answers against them, and the bank's
derivation questions name them (`interviewkit.bank.schema.DERIVATION_TARGETS` is read from
`TARGETS`, so this module must stay free of heavy imports). A target is "∂`of`/∂`wrt`" for one cell; every other input is held fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewkit.errors import NotationError, shown


@dataclass(frozen=True)
class Target:
    """One Jacobian: ∂`of`/∂`wrt` for `cell`, with its shape, its title and what it means."""

    name: str
    cell: str
    of: str
    wrt: str
    shape: tuple[str, str]
    title: str
    note: str

    @property
    def takes_variant(self) -> bool:
        """GRU targets are derived per variant (cho, chung, pytorch); others have none."""
        return self.cell == "gru"


def _t(name: str, of: str, wrt: str, shape: tuple[str, str], title: str, note: str) -> Target:
    return Target(name, name.split(".", 1)[0], of, wrt, shape, title, note)


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        _t("rnn.dh_dhprev", "h", "h_prev", ("n", "n"), "∂h_t/∂h_{t-1}",
           "one step of backpropagation through time"),
        _t("rnn.dh_dx", "h", "x", ("n", "m"), "∂h_t/∂x_t",
           "how the input of this step moves the state"),
        _t("lstm.dc_dcprev", "c", "c_prev", ("n", "n"), "∂c_t/∂c_{t-1}",
           "h_{t-1} held fixed: the direct path, the constant error carousel"),
        _t("lstm.dc_dhprev", "c", "h_prev", ("n", "n"), "∂c_t/∂h_{t-1}",
           "c_{t-1} held fixed: through the forget, input and candidate gates"),
        _t("lstm.dh_dc", "h", "c", ("n", "n"), "∂h_t/∂c_t",
           "the output gate times the slope of tanh(c)"),
        _t("lstm.dh_dcprev", "h", "c_prev", ("n", "n"), "∂h_t/∂c_{t-1}",
           "h_{t-1} held fixed"),
        _t("lstm.dh_dhprev", "h", "h_prev", ("n", "n"), "∂h_t/∂h_{t-1}",
           "c_{t-1} held fixed: through o, and through c"),
        _t("gru.dh_dhprev", "h", "h_prev", ("n", "n"), "∂h_t/∂h_{t-1}",
           "per variant: the direct path, through z, and through the candidate"),
        _t("gru.dh_dx", "h", "x", ("n", "m"), "∂h_t/∂x_t",
           "per variant: through z and through the candidate"),
    )
}  # fmt: skip


def get_target(name: str) -> Target:
    """The target `name`, or a NotationError that lists the known ones."""
    try:
        return TARGETS[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(TARGETS), n=2)
        hint = f"did you mean {' or '.join(close)}?" if close else "one of: " + ", ".join(TARGETS)
        raise NotationError(f"unknown target {shown(name)}", hint=hint) from None


def latex_title(name: str) -> str:
    """The target as a LaTeX fraction, spelled by the same printer as the derived answers.

    `derive --format latex`, the Anki cards and the study sheets all show this one form.

    >>> print(latex_title("lstm.dc_dcprev"))
    \\frac{\\partial c_t}{\\partial c_{t-1}}
    """
    from interviewkit.math.expr import Sym
    from interviewkit.math.printer import to_latex  # lazily: the bank imports this module

    t = get_target(name)
    return rf"\frac{{\partial {to_latex(Sym(t.of))}}}{{\partial {to_latex(Sym(t.wrt))}}}"


def targets_of(cell: str) -> list[Target]:
    """The targets of one cell, in NOTATION.md order."""
    return [t for t in TARGETS.values() if t.cell == cell]


def shape_text(shape: tuple[str, str], n: int | None = None, m: int | None = None) -> str:
    """`n×n`, or `3×2` when sizes are given."""
    sizes = {"n": n, "m": m}
    return "×".join(str(sizes[d]) if sizes[d] is not None else d for d in shape)
