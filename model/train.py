"""`python -m model.train`: fit the churn model and write its card (model.churn.fit)."""

from model.churn.fit import main

if __name__ == "__main__":
    raise SystemExit(main())
