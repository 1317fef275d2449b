"""`demo highway` as the learner reads it: options in, the table, the sentences and the plot out.

The measurement is `engine/highway.py`; this module turns its runs into words computed from the
numbers (`summary`), so the claim the demo makes can never disagree with what it measured.
"""

from __future__ import annotations

import argparse

from interviewkit.engine.cliargs import name_list, number_list, positive_int
from interviewkit.engine.device import setup
from interviewkit.engine.report import emit, fmt, prose, run_doc, table

#: distances shown as table columns, when the run is that long
DISTANCES = (1, 10, 50, 100, 500, 1000)


def run(args: argparse.Namespace) -> int:
    """Parse the options, measure every cell on the chosen device, and show the result."""
    cells = cell_list(args.cells)
    steps = positive_int(args.steps, "--steps")
    hidden = positive_int(args.hidden, "--hidden")
    batch = positive_int(args.batch, "--batch")
    input_size = positive_int(args.input, "--input")
    biases = _forget_biases(args.forget_bias, cells)
    gain_bound = _gain_bound(args.gain_bound, cells)
    choice, seed = setup(args)

    from interviewkit.engine.highway import run_highway, run_specs
    from interviewkit.engine.plotting import Figure
    from interviewkit.engine.progress import ProgressBar

    total = len(run_specs(cells, biases))
    with ProgressBar(total, label=f"highway T={steps}", unit="runs") as bar:
        runs = run_highway(
            cells,
            biases,
            steps=steps,
            hidden=hidden,
            batch=batch,
            input_size=input_size,
            seed=seed,
            device=choice.device,
            progress=bar.update,
            gain_bound=gain_bound,
        )
    config = dict(
        steps=steps, hidden=hidden, batch=batch, input=input_size, cells=cells,
        gain_bound=gain_bound,
    )  # fmt: skip
    doc = {**run_doc(choice, seed), "config": config, "results": [r.to_dict() for r in runs]}
    lines = [
        *prose(
            [
                f"device: {choice.note}; T={steps}, H={hidden}, B={batch}, X={input_size}, "
                f"seed {seed}",
                "k=…: the share of the gradient kept k steps back, ‖∂L/∂h_{T-k}‖ / ‖∂L/∂h_T‖, "
                "all from one backward pass",
                "h/step, c/step: fitted decay per step of ‖∂L/∂h‖ and ‖∂L/∂c‖; ∏f/step: of "
                "the cell state's direct path alone",
            ]
        ),
        "",
        results_table(runs, steps),
        "",
        *prose(summary(runs, steps)),
    ]
    fig = Figure("gradient kept k steps back", "distance k", "‖∂L/∂h_{T-k}‖ / ‖∂L/∂h_T‖", logy=True)
    for r in runs:
        fig.add(r.label, r.distance, r.fraction)
    emit(args, doc, "\n".join(lines), fig)
    return 0


def cell_list(text: str) -> list[str]:
    """`--cells`: built-in cell names and cell files, each checked now, in one line if wrong."""
    from interviewkit.errors import EngineError, InterviewkitError
    from interviewkit.math.cells import cell_names, get_cell, is_cell_file

    names = [p.strip() for p in str(text).split(",") if p.strip()]
    if not names:
        raise EngineError("--cells: empty list; e.g. rnn,lstm,gru or lstm,my_cell.toml")
    out = []
    for name in names:
        if not is_cell_file(name):
            name = name.lower()
            if name not in cell_names():
                name_list(name, "--cells", cell_names())  # the one-line error, with a guess
        try:
            get_cell(name)
        except InterviewkitError as exc:
            raise EngineError(f"--cells: {exc.one_line()}") from None
        out.append(name)
    return out


def _forget_biases(text: str | None, cells: list[str]) -> list[float]:
    """`--forget-bias B1,B2,...` (default 0,1): refused in one line when no cell is the
    built-in LSTM, rather than silently ignored."""
    from interviewkit.errors import EngineError

    if text is None:
        return [0.0, 1.0]
    biases = number_list(text, "--forget-bias")
    if "lstm" not in cells:
        raise EngineError(
            f"--forget-bias: no LSTM among {', '.join(cells)} (the bias is of an LSTM's "
            "forget gate); add lstm to --cells"
        )
    return biases


def _gain_bound(text: str | None, cells: list[str]) -> float | None:
    """`--gain-bound M`: a number of at least 1, for a run with a cell that has a gain on
    h_{t-1} (IndRNN's u); refused in one line otherwise rather than silently ignored."""
    if text is None:
        return None
    from interviewkit.engine.cliargs import number
    from interviewkit.engine.gains import recurrent_gains
    from interviewkit.errors import EngineError
    from interviewkit.math.cells import get_cell

    bound = number(text, "--gain-bound")
    if bound < 1:
        raise EngineError(
            f"--gain-bound must be at least 1 (u is drawn in [M^(-1/T), M^(1/T)]), got {bound:g}"
        )
    if not any(c not in ("rnn", "lstm", "gru") and recurrent_gains(get_cell(c)) for c in cells):
        raise EngineError(
            f"--gain-bound: no cell among {', '.join(cells)} has a gain on hₜ₋₁ (a vector u in "
            "u * h_prev, as in indrnn)"
        )
    return bound


def results_table(runs, steps: int) -> str:
    """One row a run: the mean forget gate, the fitted rates, and the share kept at a few k."""
    shown = sorted({k for k in (*DISTANCES, steps) if k <= steps})
    if len(shown) > 4:  # k=1 and the three farthest keep the table within 80 columns
        shown = [shown[0], *shown[-3:]]
    rows = [
        [
            r.label,
            fmt(r.mean_forget_gate),
            fmt(r.decay_per_step),
            fmt(r.cell_decay_per_step),
            fmt(r.direct_path_decay_per_step),
            *(fmt(r.kept(k)) for k in shown),
        ]
        for r in runs
    ]
    headers = ["run", "mean f", "h/step", "c/step", "∏f/step", *(f"k={k}" for k in shown)]
    return table(headers, rows)


def summary(runs, steps: int) -> list[str]:
    """What the numbers show, in words computed from the numbers."""
    out = []
    rnn = next((r for r in runs if r.cell == "rnn"), None)
    lstm = [r for r in runs if r.cell == "lstm"]
    k = min(100, steps)
    if rnn and rnn.decay_per_step:
        out.append(
            f"RNN: the gradient shrinks geometrically, about ×{rnn.decay_per_step:.3g} a step."
        )
    for r in lstm:
        if r.direct_path_decay_per_step is None or r.cell_decay_per_step is None:
            continue  # too few steps to fit a rate
        out.append(
            f"{r.label}: mean forget gate {r.mean_forget_gate:.3g}; along the cell state's direct "
            f"path the gradient shrinks as ∏f (fitted ×{fmt(r.direct_path_decay_per_step)} a step); "
            f"with the other paths through h it shrinks ×{fmt(r.cell_decay_per_step)} a step."
        )
    for r in runs:
        if r.cell not in ("rnn", "lstm", "gru"):
            out.append(_cell_sentence(r))
    best = max(lstm, key=lambda r: r.forget_bias or 0.0, default=None)
    if rnn and best:
        a, b = best.kept(k), rnn.kept(k)
        ratio = (
            "infinitely many times (the RNN's share underflowed to 0)"
            if b == 0
            else f"{a / b:.3g}×"
        )
        out.append(f"At distance {k} the {best.label} keeps {ratio} the share the RNN keeps.")
    return out


def _cell_sentence(run) -> str:
    """What a cell run from its equations shows: its one-step Jacobian, derived from the same
    equations, the rate measured, and what its gains (vectors that multiply elementwise) are."""
    from interviewkit.math.cells import get_cell
    from interviewkit.math.printer import to_unicode
    from interviewkit.math.reference import references

    spec = get_cell(run.cell_file or run.label)
    first = spec.states[0]
    name = f"{spec.name}.d{first}_d{first}prev"
    jacobian = references(spec).targets.get(name)
    path = f"∂{first}_t/∂{first}_{{t-1}} = {to_unicode(jacobian.expr)}" if jacobian else ""
    rate = (
        f"the gradient changes ×{run.decay_per_step:.3g} a step"
        if run.decay_per_step
        else "the gradient is gone within a few steps"
    )
    clauses, after = _gain_words(spec, run, jacobian.expr if jacobian else None)
    gains = f" ({'; '.join(clauses)})" if clauses else ""
    head = f"{spec.title}: {path}; {rate}" if path else f"{spec.title}: {rate}"
    return f"{head}{gains}.{after}"


def _gain_words(spec, run, jacobian) -> tuple[list[str], str]:
    """Clauses on the cell's gains, each worded as what it multiplies (`engine.gains`): a gain on
    h_{t-1} is a recurrent weight per unit, a gain on the cell state a peephole weight; and a
    sentence on the share left at k = T when the gains on h_{t-1} were drawn near 1."""
    from interviewkit.engine.gains import gain_uses, gated, recurrent_gains, state_gains
    from interviewkit.math.expr import Sym
    from interviewkit.math.printer import to_unicode

    means = run.gain_means or {}
    recurrent = recurrent_gains(spec)
    peephole = [u for u in state_gains(spec) if u.gain not in recurrent]
    seen = set(recurrent) | {u.gain for u in peephole}
    other = [u for u in gain_uses(spec) if u.gain not in seen]
    clauses, after = [], ""
    if recurrent:
        names = _and(recurrent)
        h_prev = to_unicode(Sym(spec.states[0], -1))
        text = f"{names} multipl{'y' if len(recurrent) > 1 else 'ies'} {h_prev}: "
        text += "one recurrent weight per unit"
        steps = _power_form(jacobian, recurrent)
        if steps is not None:
            text += f", so a unit that stays active keeps |{names}|^k of its gradient over k steps"
        k = len(run.distance)
        if run.gain_range:
            low, high = run.gain_range
            m = high**k
            if low == high:
                text += f"; here {names} is 1 exactly (--gain-bound 1), so |{names}|^T = 1"
            else:
                text += (
                    f"; here {names} is drawn in [{m:g}^(−1/T), {m:g}^(1/T)] = [{low:.4g}, "
                    f"{high:.4g}], so |{names}|^T lies between 1/{m:g} and {m:g}"
                )
            if steps is not None:
                kept = run.kept(k)
                after = f" At k={k}, {kept:.3g} of the gradient is left"
                least = "1" if low == high else f"1/{m:g}"
                if kept < 1 / m and steps:
                    cut = " or ".join(f"{s} = 0" for s in steps)
                    after += (
                        f": less than {least}, so some units switched off on the way ({cut} "
                        "cuts a unit's path)."
                    )
                elif 1 / m <= kept <= m:
                    after += f", within [{least}, {m:g}] as |{names}|^T is."
                else:
                    after += "."
        else:
            shown = ", ".join(f"mean |{g}| = {means[g]:.3g}" for g in recurrent if g in means)
            text += (
                f"; here {names} is drawn like every weight, in ±1/√H ({shown}); --gain-bound 2 "
                "draws it near 1, as the IndRNN authors' code does"
            )
        clauses.append(text)
    if peephole:
        text = _uses_text(peephole)
        if all(gated(spec, u.equation) for u in peephole):
            read = [u.operand.name for u in peephole if isinstance(u.operand, Sym)]
            states = _and(tuple(dict.fromkeys(read)))
            text += " in the gates' pre-activations: peephole weights, through which the gates "
            text += f"read the state {states}"
        clauses.append(text + _means(peephole, means))
    if other:
        clauses.append(_uses_text(other) + " elementwise" + _means(other, means))
    return clauses, after


def _power_form(jacobian, gains: tuple[str, ...]) -> list[str] | None:
    """The step(·) factors when ∂h_t/∂h_{t-1} = diag(step(·) ⊙ … ⊙ u) for the one gain u, so a
    unit's gradient over k steps is exactly u^k while it stays active; None otherwise."""
    from interviewkit.engine.gains import factors
    from interviewkit.math.expr import Call, Sym
    from interviewkit.math.printer import to_unicode

    if len(gains) != 1 or not (isinstance(jacobian, Call) and jacobian.func == "diag"):
        return None
    parts = factors(jacobian.arg)
    steps = [f for f in parts if isinstance(f, Call) and f.func == "step"]
    if [f for f in parts if f not in steps] != [Sym(gains[0])]:
        return None
    return [to_unicode(f) for f in steps]


def _uses_text(uses) -> str:
    """`p_f and p_i multiply cₜ₋₁, p_o multiplies c`."""
    from interviewkit.math.printer import to_unicode

    groups: dict[str, list[str]] = {}
    for u in uses:
        names = groups.setdefault(to_unicode(u.operand), [])
        if u.gain not in names:
            names.append(u.gain)
    return ", ".join(
        f"{_and(tuple(names))} multipl{'y' if len(names) > 1 else 'ies'} {operand}"
        for operand, names in groups.items()
    )


def _means(uses, means: dict[str, float]) -> str:
    names = dict.fromkeys(u.gain for u in uses if u.gain in means)
    return "; " + ", ".join(f"mean |{g}| = {means[g]:.3g}" for g in names) if names else ""


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
