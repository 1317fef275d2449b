"""`interviewkit derive`: the cells' Jacobians, derived by SymPy from the cell equations."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from interviewkit.math.cells import CELL_NAMES as CELLS
from interviewkit.math.cells import GRU_VARIANTS as VARIANTS

if TYPE_CHECKING:
    from interviewkit.math.derive import Derived
    from interviewkit.math.explain import Style

FORMATS = ("unicode", "ascii", "latex", "json")

DESCRIPTION = """\
Derive the Jacobians of a recurrent cell with SymPy, from the cell's equations
(the targets of the answer notation: rnn.dh_dhprev, lstm.dc_dcprev, gru.dh_dx,
...), in the gate form you would write on a whiteboard.

  --steps   the chain rule path by path: which equation each term comes from
  --extras  beyond the targets: for rnn the k-step product and the Pascanu,
            Mikolov & Bengio (2013) bound
            ||dh_t/dh_{t-k}|| <= (gamma * sigma_max(W_h))^k; for lstm the 2x2
            block Jacobian of the joint state (h, c), and why diag(f) is only
            its direct block (not with --format json)

--format ascii prints one line per target, TARGET = EXPR, in the plain notation
that `interviewkit check` reads; json prints
[{target, variant, ascii, unicode, latex, shape}] (with --steps each entry also
gets its steps)."""

EPILOG = """\
examples:
  interviewkit derive lstm
  interviewkit derive lstm --target dh_dhprev --steps
  interviewkit derive gru --variant pytorch --steps
  interviewkit derive rnn --extras
  interviewkit derive gru --variant chung --format ascii"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "derive",
        help="derive the RNN / LSTM / GRU Jacobians with SymPy, step by step",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("cell", choices=CELLS, help="the cell: rnn, lstm or gru")
    parser.add_argument(
        "--variant",
        choices=VARIANTS,
        default=None,
        help="GRU convention: cho (default; Cho et al. 2014), chung (Chung et al. 2014: z and "
        "1 - z swapped) or pytorch (torch.nn.GRU: reset after the matmul)",
    )
    parser.add_argument(
        "--target",
        metavar="NAME",
        default=None,
        help="only this target, e.g. dh_dhprev or lstm.dh_dhprev (default: all of the cell's)",
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
    from interviewkit.math.derive import derive

    parser: argparse.ArgumentParser = args.derive_parser
    if args.format == "latex" and args.steps:
        parser.error("--steps is a text page: use --format unicode, ascii or json")
    if args.extras and args.format == "json":
        parser.error("--extras is not part of the JSON list: use --format unicode, ascii or latex")
    if args.width < 40:
        parser.error("--width must be at least 40")
    if args.target is not None and not args.target.strip():
        parser.error("--target is empty: give a target such as dh_dhprev, or leave it out")
    results = derive(args.cell, args.variant, args.target)

    if args.format == "json":
        _print_json(results, steps=args.steps)
        return 0
    if args.format == "latex":
        from interviewkit.math.explain import latex_lines

        lines = [line for d in results for line in latex_lines(d)]
        if args.extras:
            lines += _extras_latex(args.cell)
        print("\n".join(lines))
        return 0

    from interviewkit.math import explain
    from interviewkit.math.printer import to_ascii

    style = explain.STYLES[args.format]
    blocks: list[list[str]] = []
    if args.steps:
        blocks += [explain.steps_page(d, style, args.width) for d in results]
    elif args.format == "ascii":
        blocks.append([f"{d.target} = {to_ascii(d.expr)}" for d in results])
    else:
        blocks += [explain.result_lines(d, style, args.width) for d in results]
    if args.extras:
        blocks.append(_extras(args.cell, style, args.width))
    print("\n\n".join("\n".join(block) for block in blocks))
    return 0


def _extras(cell: str, style: Style, width: int) -> list[str]:
    from interviewkit.math import explain
    from interviewkit.math.derive import lstm_joint_jacobian, rnn_k_step

    if cell == "rnn":
        return explain.kstep_lines(rnn_k_step(), style, width)
    if cell == "lstm":
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
    from interviewkit.math.printer import to_ascii, to_latex, to_unicode

    out = []
    for d in results:
        entry: dict[str, Any] = {
            "target": d.target,
            "variant": d.variant,
            "ascii": to_ascii(d.expr),
            "unicode": to_unicode(d.expr),
            "latex": to_latex(d.expr),
            "shape": d.shape,
        }
        if steps:
            entry["steps"] = [
                {
                    "node": to_ascii(s.node),
                    "equation": to_ascii(s.equation) if s.equation is not None else None,
                    "wrt": s.wrt,
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
        out.append(entry)
    print_json(out)
