"""`python -m model.train`: fit the churn model and write its card.

The command is model.commands.train; this entry point keeps `python -m model.train` working
as documented (`churn-cost train` runs the same).
"""

from model.commands.train import main

if __name__ == "__main__":
    raise SystemExit(main())
