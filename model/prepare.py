"""`python -m model.prepare`: the data contract from a company's own records.

The command is model.commands.prepare; this entry point keeps `python -m model.prepare` working
as documented (`churn-cost prepare` runs the same).
"""

from model.commands.prepare import main

if __name__ == "__main__":
    raise SystemExit(main())
