"""`interviewkit params`: exact parameter counts of RNN, LSTM and GRU stacks, with the formula.

Plain arithmetic from `interviewkit.paramcount`; torch is imported only with `--verify`, which
builds the real `torch.nn` modules and compares their `numel()` with the formula.
"""

from __future__ import annotations

import argparse
import textwrap
from fractions import Fraction
from typing import Any

from interviewkit.engine.cliargs import positive_int as parse_int
from interviewkit.errors import EngineError
from interviewkit.jsonout import print_json

CELLS = ("rnn", "lstm", "gru")
BIAS_NOTE = {
    "pytorch": "two bias vectors per gate block (b_ih and b_hh)",
    "keras": "one bias per gate block; GRU reset_after=True keeps a second one",
}
NO_BIAS_NOTE = {
    "pytorch": "no bias vectors (bias=False)",
    "keras": "no bias vectors (use_bias=False)",
}

PROJ_NOTE = "only the LSTM is counted: torch has proj_size for nn.LSTM alone, not RNN or GRU"
KERAS_PROJ_NOTE = (
    "no Keras counts: Keras's LSTM has no projection (drop --proj to compare with Keras)"
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "params",
        help="exact parameter counts of RNN, LSTM and GRU stacks (PyTorch and Keras)",
        description="Count the parameters of RNN, LSTM and GRU stacks in the PyTorch and Keras "
        "conventions, show the formula with your numbers, and the GRU/LSTM and RNN/LSTM ratios.",
        epilog="example: interviewkit params --input 10 --hidden 20 --layers 2 --verify",
    )
    p.add_argument("--input", metavar="X", required=True, help="input size X")
    p.add_argument("--hidden", metavar="H", required=True, help="hidden size H")
    p.add_argument("--layers", metavar="L", default="1", help="stacked layers (default 1)")
    p.add_argument("--bidirectional", action="store_true", help="two directions per layer")
    p.add_argument(
        "--proj", metavar="P", default=None, help="LSTM projection size (PyTorch proj_size)"
    )
    p.add_argument("--no-bias", action="store_true", help="no bias vectors (bias=False)")
    p.add_argument(
        "--no-reset-after",
        action="store_true",
        help="Keras only: a GRU with reset_after=False (one bias per gate block)",
    )
    p.add_argument(
        "--convention",
        choices=("pytorch", "keras", "both"),
        default="both",
        help="whose bias convention to count (default both)",
    )
    p.add_argument(
        "--cells",
        metavar="C1,C2,...",
        default=None,
        help="also count these cells from their declared parameter shapes: built-in names "
        "(peephole, cifg, mingru, minlstm, indrnn, ...) or cell files (.toml)",
    )
    p.add_argument(
        "--verify", action="store_true", help="check the counts against real torch.nn modules"
    )
    p.add_argument("--json", action="store_true", help="print JSON (schema in docs/engine.md)")
    p.set_defaults(func=run)


def compute(args: argparse.Namespace) -> dict:
    """The JSON document: counts per convention, formulas, ratios, and the verification."""
    from interviewkit import paramcount

    x = parse_int(args.input, "--input")
    h = parse_int(args.hidden, "--hidden")
    layers = parse_int(args.layers, "--layers")
    proj = parse_int(args.proj, "--proj") if args.proj is not None else 0
    if proj and proj >= h:
        raise EngineError(f"--proj ({proj}) must be smaller than --hidden ({h})")
    if args.no_reset_after and args.convention == "pytorch":
        raise EngineError(
            "--no-reset-after is a Keras GRU option and changes nothing in PyTorch "
            "(use --convention keras or both)"
        )
    if args.no_reset_after and args.no_bias:
        raise EngineError(
            "--no-reset-after changes nothing with --no-bias: a GRU without biases has no "
            "second bias to drop"
        )
    if proj and args.cells:
        raise EngineError(
            "--proj is the PyTorch LSTM's projection and means nothing for --cells "
            "(count the cells without --proj)"
        )
    conventions = ("pytorch", "keras") if args.convention == "both" else (args.convention,)
    notes: list[str] = [PROJ_NOTE] if proj else []
    if proj and "keras" in conventions:
        if args.convention == "keras":
            raise EngineError("Keras has no LSTM projection; --proj needs --convention pytorch")
        conventions = ("pytorch",)
        notes.append(KERAS_PROJ_NOTE)
    common = dict(layers=layers, bidirectional=args.bidirectional, bias=not args.no_bias)
    doc: dict = {
        "config": {
            "input": x,
            "hidden": h,
            "layers": layers,
            "bidirectional": args.bidirectional,
            "proj": proj or None,
            "bias": not args.no_bias,
            "keras_gru_reset_after": not args.no_reset_after,
        }
    }
    formulas: dict = {}
    ratios: dict = {}
    for conv in conventions:
        cells = ("lstm",) if proj else CELLS
        counts, texts = {}, {}
        for cell in cells:
            rows = paramcount.layer_counts(
                cell,
                x,
                h,
                proj=proj,
                convention=conv,
                reset_after=not args.no_reset_after,
                **common,
            )
            counts[cell] = sum(r.total for r in rows)
            texts[cell] = paramcount.formula_text(rows)
        doc[conv] = counts
        formulas[conv] = texts
        if not proj:
            ratios[conv] = {
                "gru_lstm": counts["gru"] / counts["lstm"],
                "rnn_lstm": counts["rnn"] / counts["lstm"],
                "gru_lstm_fraction": str(Fraction(counts["gru"], counts["lstm"])),
                "rnn_lstm_fraction": str(Fraction(counts["rnn"], counts["lstm"])),
            }
    doc["ratios"] = ratios
    doc["formulas"] = formulas
    if args.cells:
        doc["cells"] = _declared(args.cells, x, h, args.verify, **common)
    if notes:
        doc["notes"] = notes
    if args.verify:
        from interviewkit.engine.verify import verify

        checks = verify(("lstm",) if proj else CELLS, x, h, proj=proj, **common)
        doc["verify"] = {
            c.cell: {"formula": c.formula, "torch": c.torch, "ok": c.ok} for c in checks
        }
    return doc


def _declared(text: str, x: int, h: int, verify: bool, **options: Any) -> dict[str, dict]:
    """Counts of the whole stack from each cell's declared shapes (`paramcount.declared_count`;
    `options` are layers, bidirectional and bias), and with `verify` the same stack built from
    the cell's equations (`engine.verify.verify_declared`)."""
    from interviewkit import paramcount
    from interviewkit.errors import InterviewkitError
    from interviewkit.math.cells import get_cell

    out: dict[str, dict] = {}
    for ref in [p.strip() for p in text.split(",") if p.strip()]:
        try:
            spec = get_cell(ref if ref.endswith(".toml") else ref.lower())
        except InterviewkitError as exc:
            raise EngineError(f"--cells: {exc.one_line()}") from None
        shapes = paramcount.counted_shapes(spec.params.values(), bias=options["bias"])
        entry: dict = {
            "count": paramcount.declared_count(
                shapes, x, h, layers=options["layers"], bidirectional=options["bidirectional"]
            ),
            "per_layer": paramcount.declared_formula(shapes),
            "label": spec.title,
        }
        if verify:
            from interviewkit.engine.verify import verify_declared

            check = verify_declared(spec, x, h, **options)
            entry["verify"] = {"formula": check.formula, "torch": check.torch, "ok": check.ok}
        out[spec.name] = entry
    return out


def _formula_lines(prefix: str, formula: str, width: int = 80) -> list[str]:
    """A long stack formula broken between its layer terms (never inside a bracket), each
    continuation lined up under the first term."""
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(formula):
        depth += (ch in "[(") - (ch in "])")
        if depth == 0 and formula.startswith(" + ", i):
            terms.append(formula[start:i])
            start = i + 3
    terms.append(formula[start:])
    lines, line = [], prefix + terms[0]
    for term in terms[1:]:
        if len(line) + 3 + len(term) > width:
            lines.append(line + " +")
            line = " " * len(prefix) + term
        else:
            line += " + " + term
    return [*lines, line]


def render(doc: dict) -> str:
    lines = []
    bias = doc["config"]["bias"]
    for conv, title in (("pytorch", "PyTorch"), ("keras", "Keras")):
        if conv not in doc:
            continue
        note = BIAS_NOTE[conv] if bias else NO_BIAS_NOTE[conv]
        if conv == "keras" and bias and not doc["config"]["keras_gru_reset_after"]:
            note = "one bias per gate block, the GRU too (reset_after=False)"
        lines.append(f"{title}: {note}")
        width = max(len(f"{n:,}") for n in doc[conv].values())
        for cell, n in doc[conv].items():
            lines.extend(
                _formula_lines(f"  {cell:<5} {n:>{width},} = ", doc["formulas"][conv][cell])
            )
        if conv in doc["ratios"]:
            r = doc["ratios"][conv]
            lines.append(
                f"  GRU/LSTM = {r['gru_lstm_fraction']} ({r['gru_lstm']:.4g}), "
                f"RNN/LSTM = {r['rnn_lstm_fraction']} ({r['rnn_lstm']:.4g})"
            )
        lines.append("")
    if "cells" in doc:
        lines.extend(_cells_lines(doc))
    for note in doc.get("notes", []):
        lines.extend(textwrap.wrap(f"note: {note}", width=80, subsequent_indent="      "))
    if "notes" in doc:
        lines.append("")
    if "verify" in doc:
        lines.append(
            "PyTorch counts checked against torch.nn (sum of p.numel() over parameters()):"
        )
        if "pytorch" not in doc:
            lines.append("  (the Keras counts above are not checked: Keras is not a dependency)")
        lines.extend(_check_rows(doc["verify"]))
    checked = {name: c["verify"] for name, c in doc.get("cells", {}).items() if "verify" in c}
    if checked:
        config = doc["config"]
        stack = "one layer" if config["layers"] == 1 else f"{config['layers']} layers"
        if config["bidirectional"]:
            stack += ", both directions"
        lines.append("")
        lines.extend(
            textwrap.wrap(
                "Cell counts checked against the whole stack "
                f"({stack}) built as torch modules from each cell's equations (sum of "
                "p.numel() over parameters()):",
                width=80,
            )
        )
        lines.extend(_check_rows(checked))
    return "\n".join(lines).rstrip()


def _cells_lines(doc: dict) -> list[str]:
    """The cells' counts, each with the formula of one layer, under a header that says what is
    counted (and what --no-bias left out)."""
    config = doc["config"]
    header = "From the cells' declared shapes (one weight per declared parameter"
    if config["layers"] > 1:
        header += "; X is a layer's input size: the first layer reads X, each layer above "
        header += "reads the one below"
    lines = textwrap.wrap(header + "):", width=80)
    if not config["bias"]:
        lines += textwrap.wrap(
            "--no-bias: the biases are left out; vectors that multiply (IndRNN's u, peephole "
            "weights) are weights and stay",
            width=80,
            initial_indent="  ",
            subsequent_indent="  ",
        )
    width = max(len(f"{c['count']:,}") for c in doc["cells"].values())
    for name, c in doc["cells"].items():
        lines.append(f"  {name:<9} {c['count']:>{width},}  (a layer: {c['per_layer']})")
    return [*lines, ""]


def _check_rows(checks: dict[str, dict]) -> list[str]:
    """`  name  formula N  torch N  ok`, the columns lined up."""
    w = max(len(f"{n:,}") for v in checks.values() for n in (v["formula"], v["torch"]))
    c = max(5, *(len(name) for name in checks))
    return [
        f"  {name:<{c}} formula {v['formula']:>{w},}  torch {v['torch']:>{w},}  "
        f"{'ok' if v['ok'] else 'MISMATCH'}"
        for name, v in checks.items()
    ]


def run(args: argparse.Namespace) -> int:
    doc = compute(args)
    if args.json:
        print_json(doc)
    else:
        print(render(doc))
    checks = [v["ok"] for v in doc.get("verify", {}).values()]
    checks += [c["verify"]["ok"] for c in doc.get("cells", {}).values() if "verify" in c]
    if not all(checks):
        raise EngineError("the formula and torch disagree (a bug in interviewkit; please report)")
    return 0
