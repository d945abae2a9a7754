"""`churn-cost workspace`: create, list, show a workspace, drop one of its periods, and
manage its members.

    churn-cost workspace create NAME [--database URL]
    churn-cost workspace list [--database URL]          # each name as given, one a line
    churn-cost workspace show NAME [--database URL]
    churn-cost workspace drop-period NAME YYYY-MM [--database URL]
    churn-cost workspace members NAME [--database URL]  # each member and role, one a line
    churn-cost workspace grant NAME EMAIL ROLE [--database URL]   # owner, analyst, viewer
    churn-cost workspace revoke NAME EMAIL [--database URL]

The store is `--database URL`, else $CHURN_COST_DATABASE_URL, else the embedded SQLite file
(model.store.database). The command line is the administrators' tool: whoever can reach the
database acts as administrator, recorded in the audit trail as `cli:` and the system user.
Exit status: 0 done; 2 nothing done (the message says why).
"""

from __future__ import annotations

import argparse
import sys

from model.store import (
    ROLES,
    StoreError,
    command_line,
    create_workspace,
    drop_period,
    grant,
    members_of,
    open_store,
    revoke,
    workspace_info,
    workspace_names,
)

EXIT_DONE, EXIT_NOTHING_DONE = 0, 2


def _create(store, args) -> None:
    create_workspace(store, args.name)
    print(f"Created workspace {args.name!r}: the built-in model, the default assumptions.")


def _list(store, _args) -> None:
    for name in workspace_names(store):
        print(name)


def _show(store, args) -> None:
    print("\n".join(workspace_info(store, args.name).lines()))


def _drop_period(store, args) -> None:
    drop_period(store, args.name, args.period)
    print(f"Dropped period {args.period} of workspace {args.name!r}.")


def _members(store, args) -> None:
    for member in members_of(store, args.name):
        print(f"{member.email}\t{member.role}")


def _grant(store, args) -> None:
    grant(store, args.name, args.email, args.role)
    print(f"{args.email} is now {args.role} of workspace {args.name!r}.")


def _revoke(store, args) -> None:
    revoke(store, args.name, args.email)
    print(f"{args.email} is no longer a member of workspace {args.name!r}.")


#: What each positional argument is, for the help text.
HELP = {
    "name": "the workspace's name, as given",
    "period": "YYYY-MM",
    "email": "the member's e-mail address (as their sign-in gives it)",
    "role": " or ".join(ROLES),
}

#: Each action: (its function, the names it takes, what it does).
ACTIONS = {
    "create": (_create, ("name",), "create an empty workspace"),
    "list": (_list, (), "print every workspace's name, one a line"),
    "show": (_show, ("name",), "show what a workspace holds"),
    "drop-period": (_drop_period, ("name", "period"), "remove one period, whole"),
    "members": (_members, ("name",), "print each member and their role, one a line"),
    "grant": (_grant, ("name", "email", "role"), "make EMAIL a member with ROLE"),
    "revoke": (_revoke, ("name", "email"), "remove EMAIL from the members"),
}


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="churn-cost workspace", description="Workspaces: a company's periods, kept."
    )
    actions = parser.add_subparsers(dest="action", required=True)
    for action, (_, names, what) in ACTIONS.items():
        sub = actions.add_parser(action, help=what)
        for name in names:
            sub.add_argument(name, help=HELP[name])
        sub.add_argument("--database", metavar="URL", help="the store (default: see --help)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Do the action the arguments name; 0 when done, 2 with a one-line reason when not."""
    args = _parse_arguments(argv)
    try:
        store = open_store(args.database).acting(command_line())
        try:
            ACTIONS[args.action][0](store, args)
        finally:
            store.dispose()
    except (StoreError, ValueError) as error:
        print(f"Nothing was done: {error}", file=sys.stderr)
        return EXIT_NOTHING_DONE
    return EXIT_DONE


if __name__ == "__main__":
    raise SystemExit(main())
