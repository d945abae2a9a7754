"""`python -m model.report`: write a customer file's board report.

The command is model.commands.report; this entry point keeps `python -m model.report` working
as documented (`churn-cost report` runs the same).
"""

from model.commands.report import main

if __name__ == "__main__":
    raise SystemExit(main())
