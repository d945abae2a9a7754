"""`python -m model.report`: write the board report (model.reporting.board_report)."""

from model.reporting.board_report import main

if __name__ == "__main__":
    raise SystemExit(main())
