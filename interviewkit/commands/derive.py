"""`interviewkit derive`: a cell's Jacobians, backward pass and BPTT, derived by SymPy."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from interviewkit.errors import shown

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.derive import Derived
    from interviewkit.math.explain import Style

FORMATS = ("unicode", "ascii", "latex", "json")
VARIANTS = ("cho", "chung", "pytorch")
CELLS_HELP = "rnn, lstm, gru, peephole, cifg, mingru, minlstm, indrnn, or a cell file (.toml)"

DESCRIPTION = """\
Derive what an interview asks of a recurrent cell, with SymPy, from the cell's
equations, in the form you would write on a whiteboard:

  (default)   the one-step Jacobians: rnn.dh_dhprev, lstm.dc_dcprev, ...
  --backward  one step of the backward pass: dL/dh_{t-1}, dL/dx_t, dL/da for
              each pre-activation, and this step's share of every weight
              gradient, given g_h (and g_c) from above
  --bptt      backpropagation through time: the recursions for the totals
              (rnn.bptt_d_a, lstm.bptt_d_h, lstm.bptt_d_c) and the weight
              gradients as sums over the steps

CELL is a built-in cell or your own cell file (TOML, see NOTATION.md: its
equations are read by the answer notation's parser; nothing is executed).

  --steps   the chain rule path by path: which equation each term comes from
  --extras  for rnn the k-step product and the Pascanu, Mikolov & Bengio (2013)
            bound ||dh_t/dh_{t-k}|| <= (gamma * sigma_max(W_h))^k; for lstm
            the 2x2 block Jacobian of the joint state (h, c), and why diag(f)
            is only its direct block (not with --format json)

--format ascii prints one line per target, TARGET = EXPR, in the plain notation
that `interviewkit check` reads back as it stands (a GRU target other than the
default cho carries its variant: gru.dh_dx:chung); json prints
[{target, variant, kind, ascii, unicode, latex, shape}] (with --steps each entry
also gets its steps)."""

EPILOG = """\
examples:
  interviewkit derive lstm
  interviewkit derive lstm --target dh_dhprev --steps
  interviewkit derive rnn --backward
  interviewkit derive lstm --bptt --steps
  interviewkit derive gru --variant pytorch --backward --format ascii
  interviewkit derive rnn --extras
  interviewkit derive my_cell.toml --backward"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "derive",
        help="derive a cell's Jacobians, backward pass and BPTT with SymPy, step by step",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("cell", metavar="CELL", help=CELLS_HELP)
    parser.add_argument(
        "--variant",
        choices=VARIANTS,
        default=None,
        help="GRU convention: cho (default; Cho et al. 2014), chung (Chung et al. 2014: z and "
        "1 - z swapped) or pytorch (torch.nn.GRU: reset after the matmul)",
    )
    parser.add_argument(
        "--backward",
        action="store_true",
        help="the one-step backward pass: gradients of a loss given g_h (and g_c) from above",
    )
    parser.add_argument(
        "--bptt",
        action="store_true",
        help="backpropagation through time: the recursions and the total weight gradients",
    )
    parser.add_argument(
        "--target",
        metavar="NAME",
        default=None,
        help="only this target, e.g. dh_dhprev, dL_dW_h or lstm.bptt_d_c (default: all of "
        "the kind asked for)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="unicode",
        help="unicode (default: ⊙, σ, ᵀ, diag), ascii (TARGET = EXPR lines that check reads), "
        "latex (for notes and cards) or json",
    )
    parser.add_argument(
        "--steps",
        action="store_true",
        help="show the chain rule path by path (unicode, ascii, json)",
    )
    parser.add_argument(
        "--extras",
        action="store_true",
        help="add the rnn k-step product and its bound, or the lstm joint (h, c) Jacobian "
        "(unicode, ascii and latex)",
    )
    parser.add_argument(
        "--width", type=int, default=80, metavar="COLS", help="wrap text at COLS columns (80)"
    )
    parser.set_defaults(func=run, derive_parser=parser)


def run(args: argparse.Namespace) -> int:
    from interviewkit.math.cells import cell_names, get_cell, is_cell_file, variants
    from interviewkit.math.derive import KINDS, derive
    from interviewkit.math.timelimit import time_limit

    parser: argparse.ArgumentParser = args.derive_parser
    if args.format == "latex" and args.steps:
        parser.error("--steps is a text page: use --format unicode, ascii or json")
    if args.extras and args.format == "json":
        parser.error("--extras is not part of the JSON list: use --format unicode, ascii or latex")
    if args.width < 40:
        parser.error("--width must be at least 40")
    if args.target is not None and not args.target.strip():
        parser.error("--target is empty: give a target such as dh_dhprev, or leave it out")
    if not is_cell_file(args.cell) and args.cell not in cell_names():
        import difflib

        close = difflib.get_close_matches(args.cell, cell_names(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (choose from {CELLS_HELP})"
        parser.error(f"argument CELL: invalid choice: {shown(args.cell)}{hint}")
    spec = get_cell(args.cell, args.variant)
    for warning in spec.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.extras and spec.source is None and spec.name not in ("rnn", "lstm", "gru"):
        parser.error("--extras exists for rnn, lstm and gru")
    kinds: tuple[str, ...] = ()
    if args.backward:
        kinds += KINDS["backward"]
    if args.bptt:
        kinds += KINDS["bptt"]
    kinds = kinds or KINDS["jacobians"]
    target = args.target
    if target is not None and ":" in target:
        target, _, suffix = target.partition(":")
        if not suffix:
            options = variants(spec.name)
            fix = f"write one of {', '.join(options)} after it, or" if options else "no variants:"
            parser.error(
                f"--target {shown(args.target)} ends in a colon with no variant after it "
                f"({fix} leave out the colon)"
            )
        if args.variant and suffix != args.variant:
            parser.error(f"--target says :{suffix} but --variant is {args.variant}")
        spec = get_cell(args.cell, suffix or None)
    seconds = 20 if is_cell_file(args.cell) else None
    with time_limit(seconds, f"deriving the cell in {args.cell}"):
        results = derive(spec.name, spec.variant, target, kinds, spec=spec)

    if args.format == "json":
        _print_json(results, steps=args.steps)
        return 0
    if args.format == "latex":
        from interviewkit.math.explain import latex_lines

        lines = [line for d in results for line in latex_lines(d)]
        if args.extras:
            lines += _extras_latex(spec.name)
        print("\n".join(lines))
        return 0

    from interviewkit.math import explain

    style = explain.STYLES[args.format]
    blocks: list[list[str]] = []
    if args.steps:
        blocks += [explain.page(d, style, args.width) for d in results]
    elif args.format == "ascii":
        blocks.append([ascii_line(d) for d in results])
    else:
        blocks += [explain.result_lines(d, style, args.width) for d in results]
    if args.extras:
        blocks.append(_extras(spec, style, args.width))
    print("\n\n".join("\n".join(block) for block in blocks))
    return 0


def ascii_line(d: Derived) -> str:
    """`TARGET = EXPR` as `check` reads it back: a non-default variant named after a colon."""
    from interviewkit.math.cells import default_variants
    from interviewkit.math.printer import to_ascii

    name = d.target
    if d.variant and d.cell is not None and d.variant != default_variants().get(d.cell.name):
        name += f":{d.variant}"
    return f"{name} = {to_ascii(d.expr, d.timed)}"


def _extras(spec: CellSpec, style: Style, width: int) -> list[str]:
    from interviewkit.math import explain
    from interviewkit.math.derive import lstm_joint_jacobian, rnn_k_step

    if spec.name == "rnn":
        return explain.kstep_lines(rnn_k_step(), style, width)
    if spec.name == "lstm":
        return explain.joint_lines(lstm_joint_jacobian(), style, width)
    return [
        "No extras for the GRU: its one-step Jacobian above is the whole story for one step "
        "(see `derive rnn --extras` and `derive lstm --extras`)."
    ]


def _extras_latex(cell: str) -> list[str]:
    from interviewkit.math import explain
    from interviewkit.math.derive import lstm_joint_jacobian, rnn_k_step

    if cell == "rnn":
        return explain.kstep_latex(rnn_k_step())
    if cell == "lstm":
        return explain.joint_latex(lstm_joint_jacobian())
    return ["% no extras for the GRU"]


def _print_json(results: list[Derived], *, steps: bool) -> None:
    from interviewkit.jsonout import print_json
    from interviewkit.math.backward import total
    from interviewkit.math.printer import to_ascii, to_latex, to_unicode

    out = []
    for d in results:
        entry: dict[str, Any] = {
            "target": d.target,
            "variant": d.variant,
            "kind": d.kind,
            "ascii": to_ascii(d.expr, d.timed),
            "unicode": to_unicode(d.expr, d.timed),
            "latex": to_latex(d.expr, d.timed),
            "shape": d.shape,
        }
        if steps and d.steps:
            entry["steps"] = [
                {
                    "node": to_ascii(s.node),
                    "equation": to_ascii(s.equation) if s.equation is not None else None,
                    "wrt": to_ascii(s.wrt),
                    "result": to_ascii(s.result),
                    "paths": [
                        {
                            "via": to_ascii(p.via),
                            "local": to_ascii(p.local),
                            "through": to_ascii(p.through),
                            "contribution": to_ascii(p.contribution),
                        }
                        for p in s.paths
                    ],
                }
                for s in d.steps
            ]
        elif steps:
            entry["steps"] = [
                {
                    "total": to_ascii(total(b.node.name, b.node.step)),
                    "upstream": to_ascii(b.upstream) if b.upstream is not None else None,
                    "local": to_ascii(b.local, d.timed),
                    "paths": [
                        {
                            "from": p.consumer,
                            "equation": to_ascii(p.equation),
                            "via": to_ascii(p.via),
                            "contribution": to_ascii(p.contribution),
                        }
                        for p in b.paths
                    ],
                }
                for b in d.back
            ]
        out.append(entry)
    print_json(out)
