"""Every command, in one room: each a module with `main(argv: list[str] | None) -> int`.

- `score`: estimates for a customer file of any size (`python -m model.score`)
- `train`: the built-in churn model, or one fitted to a company's history (`model.train`)
- `report`: a customer file's board report, one HTML file (`model.report`)
- `prepare`: the data contract from a CRM file and help-desk logs (`model.prepare`)
- `workspace`, `snapshot`, `trend`: the store of workspaces (model.store): workspaces
  created, listed and shown; a file scored as a month and kept; the months as CSV
- `cli`: `churn-cost`, the installed command, a table from word to command module

Commands read arguments, call the rooms' faces and turn what comes back into lines and an
exit status; the work is the rooms'. This face imports none of them, so a command loads only
what it needs (scoring never loads the fitting libraries). A new command is one module here
and one line in `cli.COMMANDS`.
"""

__all__ = ["cli", "prepare", "report", "score", "snapshot", "train", "trend", "workspace"]
