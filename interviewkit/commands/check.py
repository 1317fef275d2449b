"""`interviewkit check`: grade a typed derivation, one answer or a JSON Lines stream."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from interviewkit.math.verdict import Verdict

GRU_VARIANTS = ("cho", "chung", "pytorch")

EXIT_CODES = {Verdict.CORRECT: 0, Verdict.INCORRECT: 1, Verdict.INVALID: 2}

DESCRIPTION = """\
Check your own derivation: a Jacobian, a gradient of the backward pass or of
BPTT. The answer is compared with the SymPy-derived reference by evaluating both
at random points of the cell (random upstream gradients and whole random
sequences for gradients), so any equivalent form is correct. Write it in ASCII,
Unicode or LaTeX (--names lists the names and the LaTeX that is understood):

  diag(1 - h**2) @ W_h    diag(1 − h²) · W_h    \\operatorname{diag}(1-h^2)\\,W_h
  rnn.dL_dW_h: d_a @ h_prev.T      rnn.bptt_dW_h: sum_t(d_a_t @ h_{t-1}.T)

A GRU target may name its variant after a colon: gru.dh_dhprev:chung. With
--cell FILE.toml, targets are those of your own cell (e.g. dh_dhprev); --cell
peephole does the same for a built-in cell.

Options go before TARGET or after ANSWER, not between them; an answer that
starts with a minus sign needs `--` before it:
  interviewkit check rnn.dh_dx -- "-W_x"
Exit status: 0 correct, 1 incorrect, 2 invalid (the answer could not be
understood)."""

EPILOG = """\
examples:
  interviewkit check rnn.dh_dhprev "diag(1 - h**2) @ W_h"
  interviewkit check lstm.dh_dc 'diag(o ⊙ (1 - tanh(c)^2))'
  interviewkit check gru.dh_dx:pytorch "diag(z)" --json
  interviewkit check lstm.dL_dcprev "d_c * f"
  interviewkit check --cell my_cell.toml dh_dhprev "diag(f)"
  interviewkit check --list-targets
  echo '{"target": "lstm.dc_dcprev", "answer": "diag(f)"}' |
    interviewkit check --jsonl"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="check your derivation of a Jacobian (correct / incorrect / invalid)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="TARGET",
        help="what you derived, e.g. rnn.dh_dhprev or gru.dL_dx:chung (see --list-targets)",
    )
    parser.add_argument(
        "answer",
        nargs="?",
        metavar="ANSWER",
        help="your expression; quote it for the shell",
    )
    parser.add_argument(
        "--variant",
        choices=GRU_VARIANTS,
        default=None,
        help="GRU convention for gru.* targets (default: cho; or a :variant suffix)",
    )
    parser.add_argument(
        "--cell",
        metavar="CELL|FILE",
        default=None,
        help="a built-in cell (peephole, mingru, ...) or your own cell file (TOML, as in "
        "NOTATION.md): its targets by their short names (dh_dhprev), its names for --names",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--json",
        action="store_true",
        help="print the result as one JSON object (verdict, feedback, shapes, how it was read)",
    )
    mode.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"target", "answer", "variant"?} objects, one per line, from stdin and write '
        "one JSON result per line, in order (one process for the whole stream); blank lines "
        "are skipped, a line over 64 KiB or that is not such an object gets `invalid`",
    )
    mode.add_argument(
        "--names",
        action="store_true",
        help="list the names, operators, functions and LaTeX the notation understands",
    )
    mode.add_argument(
        "--list-targets",
        action="store_true",
        help="list the derivation targets, their meaning, shape and variants",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from interviewkit.errors import NotationError

    if args.names:
        if args.target or args.answer or args.variant:
            raise NotationError(
                "--names prints the notation and takes no TARGET, ANSWER or --variant",
                hint="leave them out",
            )
        from interviewkit.math.notation import names_summary

        print(names_summary(_cell(args)))
        return 0
    if args.list_targets:
        if args.target or args.answer or args.variant:
            raise NotationError(
                "--list-targets lists every target and takes no TARGET, ANSWER or --variant",
                hint="leave them out",
            )
        return _list_targets(_cell(args))
    if args.jsonl:
        if args.target or args.answer or args.variant:
            raise NotationError(
                "--jsonl reads targets and answers from stdin",
                hint="leave out TARGET, ANSWER and --variant",
            )
        return _stream(sys.stdin, sys.stdout, _cell(args))
    if args.target is None or args.answer is None:
        raise NotationError(
            "give a TARGET and an ANSWER",
            hint='e.g. interviewkit check rnn.dh_dhprev "diag(1 - h**2) @ W_h"',
        )
    from interviewkit.math.check import check

    spec = _cell(args)
    variant = None if spec is not None else args.variant  # a built-in --cell holds it
    result = check(args.target, args.answer, variant, spec)
    if args.json:
        from interviewkit.jsonout import print_json

        print_json(result.to_dict())
    else:
        print(result.verdict)
        print(result.feedback)
        if result.verdict == Verdict.INVALID and result.position is not None:
            from interviewkit.math.notation import caret

            print(caret(args.answer, result.position))
    return EXIT_CODES[Verdict(result.verdict)]


def _cell(args: argparse.Namespace) -> Any:
    """The cell --cell names: a built-in one, or the learner's cell file loaded and
    registered under its name; None without --cell."""
    if not args.cell:
        return None
    from interviewkit.math.cells import cell_file, get_cell, is_cell_file, register

    if not is_cell_file(args.cell) and not _is_file(args.cell):
        return get_cell(args.cell, args.variant)
    from interviewkit.math.reference import references
    from interviewkit.math.timelimit import time_limit

    spec = cell_file(args.cell)
    for warning in spec.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    register(spec)
    with time_limit(20, f"deriving the cell in {args.cell}"):
        references(spec)  # derived once, now, rather than inside the first answer
    return spec


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except (OSError, ValueError):  # a name too long for the system, a NUL byte
        return False


def _list_targets(spec: Any = None) -> int:
    """Every target, by cell and by kind: name, shape, and what it means."""
    from interviewkit.math.cells import builtins
    from interviewkit.math.targets import shape_text, spec_targets, targets_of

    if spec is not None:
        shown = {spec.name: spec_targets(spec)}
        about = {spec.name: spec.about}
    else:
        shown, about = {}, {}
        for cell in builtins().values():
            shown.setdefault(cell.name, targets_of(cell.name))
            about.setdefault(cell.name, cell.about)
    for k, (name, targets) in enumerate(shown.items()):
        head = f"{name}: {about[name]}" if about[name] else name
        if any(t.variants for t in targets):
            head += " (variants: a :suffix on the target, e.g. gru.dh_dx:chung)"
        print(("\n" if k else "") + head)
        width = max(len(t.name) for t in targets)
        group = None
        for t in targets:
            if t.group != group:
                group = t.group
                print(f"  {group}")
            only = ""
            if t.takes_variant and spec is None and len(t.variants) < 3:
                only = f" [only :{'|:'.join(t.variants)}]"
            print(f"    {t.name:<{width}}  {shape_text(t.shape):<4} {t.title}: {t.note}{only}")
    return 0


def _stream(stdin: Any, stdout: Any, spec: Any = None) -> int:
    """One JSON result per non-blank input line, in order; a line that is not a request gets
    `invalid`, never an exit (the reading and its limits are `interviewkit.jsonlines`)."""
    from functools import partial

    from interviewkit.jsonlines import dumps, read_lines
    from interviewkit.math.check import check, warm_up

    if spec is not None:  # a learner's cell: its targets' points and mistakes now
        from interviewkit.math.targets import spec_targets

        warm_up([(t, spec) for t in spec_targets(spec)])
        check = partial(check, cell=spec)
    else:
        warm_up()  # the core Jacobians' points and mistakes now, not on their first answers
    source = getattr(stdin, "buffer", stdin)
    sink = getattr(stdout, "buffer", None)
    for line in read_lines(source):
        out = dumps(_one(line, check))
        if sink is not None:
            sink.write(out)
            sink.flush()
        else:
            stdout.write(out.decode("utf-8"))
            stdout.flush()
    return 0


def _one(line: Any, check: Any) -> dict[str, Any]:
    """The result for one decoded line (`jsonlines.Line`); echoed names are cut short."""
    from interviewkit.jsonlines import cut

    if line.error is not None:
        return _malformed(line.error)
    item = line.value
    if not isinstance(item, dict):
        return _malformed("each line must be a JSON object")
    target, answer, variant = item.get("target"), item.get("answer"), item.get("variant")
    if not isinstance(target, str) or not isinstance(answer, str):
        return _malformed('"target" and "answer" must be strings', target)
    if variant is not None and not isinstance(variant, str):
        return _malformed('"variant" must be a string or null', target)
    for name, value in (("target", target), ("variant", variant or "")):
        if len(value) > _NAME_LIMIT:
            why = f'"{name}" is {len(value):,} characters long; no {name} is over {_NAME_LIMIT}'
            return _malformed(why, target)
    result = check(target, answer, variant).to_dict()
    for name in ("target", "variant"):
        if isinstance(result.get(name), str):
            result[name] = cut(result[name])
    return result


#: Target and variant names are short; a longer one is refused before `check` echoes it.
_NAME_LIMIT = 100


def _malformed(why: str, target: Any = None) -> dict[str, Any]:
    """An `invalid` result for a line that is not a check request, with the same fields as
    every other result (built from CheckResult, so a new field cannot be forgotten here)."""
    from interviewkit.math.check import INVALID, CheckResult

    feedback = (
        f'malformed line: {why}; expected {{"target": "...", "answer": "...", "variant": "..."?}}'
    )
    from interviewkit.jsonlines import cut

    echo = cut(target) if isinstance(target, str) else None
    return CheckResult(INVALID, feedback, echo).to_dict()  # `"target": null` without one
