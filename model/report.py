"""`python -m model.report`: write the board report (model.reporting.board_report)."""

from model.reporting.report_command import main

if __name__ == "__main__":
    raise SystemExit(main())
