"""`demo adding` as the learner reads it: options in, training with a progress bar, then the
verdict, the truncation note, the table and the learning curve.

The training is `engine/adding.py`; the words here (`verdict`, `tbptt_note`, `notes`) are
computed from the run's own MSE and from where the markers can lie, never fixed in advance.
"""

from __future__ import annotations

import argparse
import sys

from interviewkit.engine.adding import BASELINE_MSE, AddingConfig, AddingResult, marker_span
from interviewkit.engine.cliargs import number, positive_int
from interviewkit.engine.device import setup
from interviewkit.engine.report import emit, fmt, prose, run_doc, table

FAR_ABOVE = 1.25  # an MSE above 1.25 × the baseline is worse than predicting the mean


def run(args: argparse.Namespace) -> int:
    """Parse the options, train with a progress bar on stderr, and show the result."""
    cfg = AddingConfig(
        cell=args.cell,
        seq_len=positive_int(args.seq_len, "--seq-len"),
        iters=positive_int(args.iters, "--iters"),
        hidden=positive_int(args.hidden, "--hidden"),
        batch=positive_int(args.batch, "--batch"),
        lr=number(args.lr, "--lr", positive=True),
        clip=number(args.clip, "--clip", positive=True),
        tbptt=positive_int(args.tbptt, "--tbptt") if args.tbptt is not None else None,
        eval_size=positive_int(args.eval_size, "--eval-size"),
        eval_every=positive_int(args.eval_every, "--eval-every"),
        markers=args.markers,
    )
    choice, seed = setup(args)
    cfg.seed = seed

    from interviewkit.engine.adding import preflight, train
    from interviewkit.engine.plotting import Figure
    from interviewkit.engine.progress import ProgressBar

    preflight(cfg, choice.device)
    print(f"device: {choice.note}", file=sys.stderr)
    with ProgressBar(cfg.iters, label=f"{cfg.cell} T={cfg.seq_len}") as bar:
        r = train(cfg, choice.device, lambda done, loss, ev: bar.update(done, loss=loss, eval=ev))
    doc = {**run_doc(choice, seed), **r.to_dict()}
    trunc = f", TBPTT K={cfg.tbptt}" if cfg.tbptt else ""
    header = (
        f"device: {choice.note}; {cfg.cell}, T={cfg.seq_len}, H={cfg.hidden}, batch {cfg.batch}, "
        f"{cfg.iters} steps, Adam lr {cfg.lr:g}, clip τ={cfg.clip:g}{trunc}, "
        f"{cfg.markers} markers, seed {seed}"
    )
    lines = [
        *prose([header]),
        "",
        table(
            ["", "MSE"],
            [
                ["final, held-out set", fmt(r.final_mse)],
                ["predicting the mean (1/6)", fmt(BASELINE_MSE)],
                ["predicting the mean, this set", fmt(r.eval_baseline_mse)],
            ],
        ),
        "",
        *prose(notes(cfg, r)),
    ]
    fig = Figure(f"adding problem, {cfg.cell}, T={cfg.seq_len}", "training step", "MSE", logy=True)
    fig.add("held-out MSE", r.iterations, r.eval_mse)
    fig.add("training loss (running)", r.iterations, r.train_loss)
    fig.add("baseline 0.167", r.iterations, [BASELINE_MSE] * len(r.iterations))
    emit(args, doc, "\n".join(lines), fig)
    return 0


def notes(cfg: AddingConfig, r: AddingResult) -> list[str]:
    """The run time and verdict, then what truncation did, or why full BPTT did not learn."""
    out = [f"training took {r.seconds:.1f} s; {verdict(r.final_mse)}"]
    if cfg.tbptt:
        out.append(tbptt_note(cfg.tbptt, cfg.seq_len, cfg.markers, r.final_mse))
    elif r.final_mse >= 0.8 * BASELINE_MSE and cfg.cell != "rnn" and cfg.markers == "early":
        out.append(
            f"full BPTT reaches every marker, yet this run did not find the rule in {cfg.iters} "
            "steps: with early markers a long gap needs many steps (docs/engine.md: at T=100 "
            "an LSTM stayed at the baseline for 12000 steps; the defaults, T=30 with 3000 "
            "steps, learn)."
        )
    return out


def verdict(final_mse: float) -> str:
    """One phrase for the final MSE against the 1/6 of always predicting the mean."""
    if final_mse < BASELINE_MSE / 10:
        return "learned: below a tenth of the baseline"
    if final_mse < 0.8 * BASELINE_MSE:
        return "partly learned: below the baseline"
    if final_mse <= FAR_ABOVE * BASELINE_MSE:
        return "not learned: at the baseline (predicting the mean)"
    return (
        f"not learned: {final_mse / BASELINE_MSE:.3g}× the baseline, worse than always "
        "predicting the mean (too few steps, or the training diverged)"
    )


def tbptt_note(k: int, seq_len: int, markers: str, final_mse: float) -> str:
    """What truncation did, from where the markers can lie and from the run's own MSE.

    The loss reads the last step, and K-step truncation lets its gradient reach the last K
    steps only; a marker is out of reach when it lies more than K steps before the loss."""
    _, latest = marker_span(seq_len, markers)
    nearest = seq_len - latest  # steps back from the loss to the latest possible marker, + 1
    if k < nearest:
        head = (
            f"every marker lies more than K={k} steps before the loss (the nearest possible is "
            f"{nearest} steps back, counting the last step as 1): truncated BPTT cannot learn it"
        )
        if final_mse > FAR_ABOVE * BASELINE_MSE:
            return f"{head}, and the MSE ({final_mse:.3g}) stayed above the baseline 0.167."
        if final_mse >= 0.8 * BASELINE_MSE:
            return f"{head}, and the MSE stayed near the baseline 0.167."
        return (
            f"{head}, yet the MSE fell to {final_mse:.3g}, below the baseline: unexpected, "
            "so check the configuration."
        )
    if markers == "early":
        return (
            f"with K={k} the gradient reaches the markers that lie in the last K steps (the "
            f"nearest possible is {nearest} steps back), so it sees one in part of the sequences."
        )
    second_half = seq_len - seq_len // 2
    first = "the first lies out of reach" if k <= second_half else "the first in some of them"
    head = (
        f"with anywhere markers and K={k}, the second marker falls inside the last K steps in "
        f"about {min(k, second_half) / second_half:.0%} of the sequences, {first}"
    )
    if final_mse < 0.5 / 12:  # well under 1/12, what knowing only the second value scores
        return (
            f"{head}; the MSE {final_mse:.3g} shows the model learned a per-step rule (store a "
            "marked value, hold it) from those sequences, and the shared weights apply it to "
            "the first marker too (use --markers early to see truncation fail)."
        )
    return f"{head}; 1/12 ≈ 0.083 is what knowing only the second value would score."
