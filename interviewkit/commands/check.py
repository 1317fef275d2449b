"""`interviewkit check`: grade a typed derivation, one answer or a JSON Lines stream."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from interviewkit.math.cells import GRU_VARIANTS
from interviewkit.math.verdict import Verdict

EXIT_CODES = {Verdict.CORRECT: 0, Verdict.INCORRECT: 1, Verdict.INVALID: 2}

DESCRIPTION = """\
Check your own derivation of a Jacobian. The answer is compared with the
SymPy-derived reference by evaluating both at random points of the cell, so any
equivalent form is correct. Write it in ASCII, Unicode or LaTeX (--names lists
the names and the LaTeX that is understood):

  diag(1 - h**2) @ W_h    diag(1 − h²) · W_h    \\operatorname{diag}(1-h^2)\\,W_h

Options go before TARGET or after ANSWER, not between them; an answer that
starts with a minus sign needs `--` before it:
  interviewkit check rnn.dh_dx -- "-W_x"
Exit status: 0 correct, 1 incorrect, 2 invalid (the answer could not be
understood)."""

EPILOG = """\
examples:
  interviewkit check rnn.dh_dhprev "diag(1 - h**2) @ W_h"
  interviewkit check lstm.dh_dc 'diag(o ⊙ (1 - tanh(c)^2))'
  interviewkit check gru.dh_dx "diag(z)" --variant pytorch --json
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
        help="what you derived, e.g. rnn.dh_dhprev (see --list-targets)",
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
        help="GRU convention for gru.* targets (default: cho)",
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
        "one JSON result per line, in order (one process for the whole stream)",
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

        print(names_summary())
        return 0
    if args.list_targets:
        if args.target or args.answer or args.variant:
            raise NotationError(
                "--list-targets lists every target and takes no TARGET, ANSWER or --variant",
                hint="leave them out",
            )
        return _list_targets()
    if args.jsonl:
        if args.target or args.answer or args.variant:
            raise NotationError(
                "--jsonl reads targets and answers from stdin",
                hint="leave out TARGET, ANSWER and --variant",
            )
        return _stream(sys.stdin, sys.stdout)
    if args.target is None or args.answer is None:
        raise NotationError(
            "give a TARGET and an ANSWER",
            hint='e.g. interviewkit check rnn.dh_dhprev "diag(1 - h**2) @ W_h"',
        )
    from interviewkit.math.check import check

    result = check(args.target, args.answer, args.variant)
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


def _list_targets() -> int:
    from interviewkit.math.targets import TARGETS, shape_text

    width = max(len(name) for name in TARGETS)
    for t in TARGETS.values():
        variants = f"  [--variant {'|'.join(GRU_VARIANTS)}]" if t.takes_variant else ""
        print(f"{t.name:<{width}}  {t.title:<16} {shape_text(t.shape):<4} {t.note}{variants}")
    return 0


def _stream(stdin: Any, stdout: Any) -> int:
    """One JSON result per input line, in order; malformed lines get `invalid`, never an exit.

    Bytes are read and written as UTF-8 whatever the locale; undecodable bytes become U+FFFD
    (and so an `invalid` answer) instead of ending the stream.
    """
    from interviewkit.math.check import check, warm_up

    warm_up()  # every target's points and mistakes now, not on the first answer for each
    source = getattr(stdin, "buffer", stdin)
    sink = getattr(stdout, "buffer", None)
    for raw in source:
        line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        out = json.dumps(_one(line, check), ensure_ascii=False) + "\n"
        if sink is not None:
            sink.write(out.encode("utf-8"))
            sink.flush()
        else:
            stdout.write(out)
            stdout.flush()
    return 0


def _one(line: str, check: Any) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return _malformed(f"not a JSON object ({exc.msg})")
    if not isinstance(item, dict):
        return _malformed("each line must be a JSON object")
    target, answer, variant = item.get("target"), item.get("answer"), item.get("variant")
    if not isinstance(target, str) or not isinstance(answer, str):
        return _malformed('"target" and "answer" must be strings', target)
    if variant is not None and not isinstance(variant, str):
        return _malformed('"variant" must be a string or null', target)
    return check(target, answer, variant).to_dict()


def _malformed(why: str, target: Any = None) -> dict[str, Any]:
    """An `invalid` result for a line that is not a check request, with the same fields as
    every other result (built from CheckResult, so a new field cannot be forgotten here)."""
    from interviewkit.math.check import INVALID, CheckResult

    feedback = (
        f'malformed line: {why}; expected {{"target": "...", "answer": "...", "variant": "..."?}}'
    )
    # no target to name: `"target": null` in the JSON, as before (CheckResult says `str`)
    shown = target if isinstance(target, str) else None
    return CheckResult(INVALID, feedback, shown).to_dict()  # type: ignore[arg-type]
