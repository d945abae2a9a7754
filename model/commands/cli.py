"""`churn-cost`, the installed command: one word per task, each a command module's `main`.

    churn-cost score customers.csv -o estimates.csv    # = python -m model.score ...
    churn-cost train                                    # = python -m model.train ...
    churn-cost report ...                               # = python -m model.report ...
    churn-cost prepare --customers crm.csv ...          # = python -m model.prepare ...

The table below is the whole dispatcher: a new subcommand is one more line naming a
module of this room with `main(argv: list[str] | None) -> int`. A subcommand whose module
is not in this version says so instead of failing with a traceback. Each module is
imported only when its word is given, so `churn-cost score` never loads the others.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

#: Subcommand -> (module with main(argv), what it does, for the help text).
COMMANDS: dict[str, tuple[str, str]] = {
    "score": (
        "model.commands.score",
        "estimate what service failures cost, per customer, for a file",
    ),
    "train": ("model.commands.train", "train the churn model and write its model card"),
    "report": (
        "model.commands.report",
        "write the board report: one HTML file that opens offline, with its charts",
    ),
    "prepare": (
        "model.commands.prepare",
        "turn a customer file and ticket, outage and order logs into the data contract",
    ),
    "workspace": (
        "model.commands.workspace",
        "create, list or show workspaces; drop a period; members and roles",
    ),
    "snapshot": ("model.commands.snapshot", "score a customer file as a workspace's month"),
    "trend": ("model.commands.trend", "write a workspace's periods, one row each, as CSV"),
}

EXIT_USAGE = 2


def usage() -> str:
    """The help text: every word of the table with what it does."""
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {what}" for name, (_, what) in COMMANDS.items()]
    return (
        "usage: churn-cost COMMAND [ARGUMENTS]\n\ncommands:\n"
        + "\n".join(lines)
        + ("\n\nchurn-cost COMMAND --help shows a command's arguments.")
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command the first word names with the other words; its exit status, or 2."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else EXIT_USAGE
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"churn-cost: unknown command {name!r}.\n\n{usage()}", file=sys.stderr)
        return EXIT_USAGE
    module_name = COMMANDS[name][0]
    if importlib.util.find_spec(module_name) is None:
        print(
            f"churn-cost {name} is not available in this version ({module_name} is not installed).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return importlib.import_module(module_name).main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
