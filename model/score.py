"""`python -m model.score`: score a customer file (model.batch.command does the work)."""

from model.batch.command import main

if __name__ == "__main__":
    raise SystemExit(main())
