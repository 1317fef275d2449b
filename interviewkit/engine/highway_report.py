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
    biases = number_list(args.forget_bias, "--forget-bias")
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
        )
    config = dict(steps=steps, hidden=hidden, batch=batch, input=input_size, cells=cells)
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
    equations, and the rate measured."""
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
    gains = ""
    if run.gain_means:
        shown = ", ".join(f"mean |{k}| = {v:.3g}" for k, v in run.gain_means.items())
        gains = f" ({shown}: each unit's own recurrent weight sets its rate)"
    return f"{spec.title}: {path}; {rate}{gains}." if path else f"{spec.title}: {rate}{gains}."
