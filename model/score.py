"""`python -m model.score`: score a customer file.

The command is model.commands.score; this entry point keeps `python -m model.score` working
as documented (`churn-cost score` runs the same).
"""

from model.commands.score import main

if __name__ == "__main__":
    raise SystemExit(main())
