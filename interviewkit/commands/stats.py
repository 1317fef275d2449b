"""`interviewkit stats`: progress outside the app; export and import of the review history."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from interviewkit.commands._common import (
    add_bank_options,
    check_bank_args,
    load_bank_from_args,
)
from interviewkit.jsonout import print_json
from interviewkit.wording import plural

#: The longest history --days shows: beyond it the dates leave what `datetime` can represent.
MAX_DAYS = 3650


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "stats",
        help="your progress: reviews per day, retention, cards due, weakest topics",
        description="Show your study progress (the same numbers as the app's stats screen),\n"
        "or export / import the whole review history as JSON.",
        epilog="examples:\n"
        "  interviewkit stats\n"
        "  interviewkit stats --json\n"
        "  interviewkit stats --export progress-backup.json\n"
        "  interviewkit stats --import progress-backup.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print the statistics as JSON")
    parser.add_argument(
        "--days", type=int, default=30, metavar="N", help="days of history to show (default 30)"
    )
    parser.add_argument(
        "--export",
        metavar="FILE.json",
        help="write the review history and card states to FILE.json ('-' for stdout)",
    )
    parser.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE.json",
        help="merge an exported history into this data folder (reviews already there are "
        "skipped); every field is checked first, and a bad file is refused whole, nothing "
        "imported",
    )
    plot = parser.add_mutually_exclusive_group()
    plot.add_argument(
        "--plot", dest="plot", action="store_true", default=None, help="always draw the plots"
    )
    plot.add_argument("--no-plot", dest="plot", action="store_false", help="never draw the plots")
    add_bank_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from interviewkit.errors import StoreError
    from interviewkit.study.store import ProgressStore

    if not 1 <= args.days <= MAX_DAYS:
        raise StoreError(f"--days must be between 1 and {MAX_DAYS:,} (ten years), got {args.days}")
    for option, value in (("--export", args.export), ("--import", args.import_file)):
        if value is not None and not value.strip():
            raise StoreError(f"{option} needs a file name ('-' for standard streams)")
    check_bank_args(args)
    backup = None
    if args.import_file is not None:
        from interviewkit.study.backup import read_backup

        # read and checked in full before the store is opened: a refused file leaves it as it was
        backup = read_backup(args.import_file)
    # only --import writes; the rest reads, and never creates a data folder or a database
    with ProgressStore.open(args.data_dir, readonly=backup is None) as store:
        for warning in store.warnings:
            print(f"interviewkit: warning: {warning}", file=sys.stderr)
        if backup is not None or args.export is not None:
            if backup is not None:
                added = store.import_backup(backup)
                here = f"{len(backup.reviews) - added} already here"  # distinct uids
                if backup.duplicates:
                    here += f"; {plural(backup.duplicates, 'duplicate')} in the file skipped"
                print(f"imported {plural(added, 'new review')} from {args.import_file} ({here})")
            if args.export:
                _export(store, args.export)
            return 0
        if not store.found:
            print(f"interviewkit: {_no_progress(store)}", file=sys.stderr)
        from interviewkit.study.stats import compute_stats

        bank = load_bank_from_args(args)
        stats = compute_stats(store, bank.questions, days=args.days)
    if args.json:
        print_json(stats)
        return 0
    print(render_text(stats))
    if not stats["totals"]["reviews"]:
        return 0  # no charts of nothing
    if args.plot if args.plot is not None else sys.stdout.isatty():
        print(render_plots(stats))
    return 0


def _no_progress(store: Any) -> str:
    return f"no progress yet in {store.path.parent} (answer questions with `interviewkit quiz`)"


def _export(store: Any, name: str) -> None:
    from interviewkit.errors import StoreError
    from interviewkit.export.output import write_text
    from interviewkit.jsonout import json_text

    if not store.found:  # an empty backup all the same: a fresh machine's nightly copy works
        print(f"interviewkit: {_no_progress(store)}; the backup holds no reviews", file=sys.stderr)
    data = store.export_data()
    text = json_text(data)
    if name == "-":
        sys.stdout.write(text)
        return
    # beside, then renamed: a crash never leaves half a backup (nor a stray temporary file)
    path = write_text(name, text, error=StoreError)
    print(
        f"exported {plural(len(data['reviews']), 'review')} of "
        f"{plural(len(data['cards']), 'card')} to {path}",
        file=sys.stderr,
    )


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{100 * rate:.0f} %"


def render_text(stats: dict[str, Any]) -> str:
    """The statistics as plain tables, for a terminal or a pipe."""
    t = stats["totals"]
    ret = stats["retention"]
    lines = [
        f"questions {t['questions']}: {t['new']} new, {t['seen']} seen, {t['learned']} learned, "
        f"{t['due_now']} due now",
    ]
    if not t["reviews"]:
        return "\n".join([*lines, "nothing answered yet: `interviewkit quiz` starts a session"])
    lines += [
        f"reviews: {t['reviews_today']} today, {t['reviews_in_window']} in the last "
        f"{stats['days']} days, {t['reviews']} in all",
        "retention (review cards not forgotten):",
        f"  {_pct(ret['window']['rate'])} over the last {stats['days']} days "
        f"({plural(ret['window']['reviews'], 'review')}), {_pct(ret['all_time']['rate'])} all time",
    ]
    if t["not_in_bank"]:
        lines.append(f"{plural(t['not_in_bank'], 'answered question')} no longer in the bank")
    week = stats["due_forecast"][:7]
    lines += ["", "due in the next 7 days:"]
    lines += [f"  {d['date']}  {d['due']:4d}" for d in week]
    if stats["weakest_topics"]:
        lines += ["", "weakest topics (share of reviews not rated Again):"]
        for w in stats["weakest_topics"]:
            reviews = plural(w["reviews"], "review").rjust(12)
            lines.append(f"  {_pct(w['accuracy']):>5}  {reviews}  {w['title']}")
    if stats["leeches"]:
        lines += ["", "leeches (failed 8 times or more; rewrite or re-learn them):"]
        for leech in stats["leeches"]:
            gone = "" if leech["in_bank"] else "  (no longer in the bank)"
            lines.append(f"  {leech['again_count']:3d}x  {leech['id']}{gone}")
    return "\n".join(lines)


def render_plots(stats: dict[str, Any], width: int | None = None) -> str:
    """Bar charts of reviews per day and of the due forecast, drawn by plotext."""
    import shutil

    import plotext as plt

    from interviewkit.terminal import strip_escapes

    width = width or min(100, shutil.get_terminal_size((80, 24)).columns)
    out = []
    for title, rows, key in (
        (f"Reviews per day (last {stats['days']} days)", stats["reviews_per_day"], "reviews"),
        ("Cards due per day (next 4 weeks)", stats["due_forecast"], "due"),
    ):
        plt.clear_figure()
        plt.theme("clear")
        labels = [r["date"][5:] for r in rows]
        plt.bar(list(range(1, len(rows) + 1)), [r[key] for r in rows], width=0.6)
        step = max(1, len(rows) // 6)
        ticks = list(range(1, len(rows) + 1, step))
        plt.xticks(ticks, [labels[i - 1] for i in ticks])
        plt.title(title)
        plt.plotsize(width, 12)
        out.append(strip_escapes(plt.build()))  # the "clear" theme still ends lines in \x1b[0m
    plt.clear_figure()
    return "\n".join(out)
