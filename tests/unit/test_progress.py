"""Progress on long runs: on a terminal only, wiped before the summary line."""

import io

from model.batch.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_rewrites_one_line_on_a_terminal_and_wipes_it_at_the_end():
    terminal = Terminal()
    progress = Progress(terminal, every_seconds=0)
    progress.update("writing: 100 of 200 rows")
    progress.update("writing: 200 of 200 rows")
    progress.done()
    shown = terminal.getvalue()
    assert shown.startswith("\rwriting: 100 of 200 rows (0 s)\rwriting: 200 of 200 rows")
    assert "\n" not in shown
    assert shown.endswith("\r" + " " * len("writing: 200 of 200 rows (0 s)") + "\r")


def test_progress_writes_nothing_to_a_file_or_a_pipe():
    log = io.StringIO()
    progress = Progress(log, every_seconds=0)
    progress.update("validating and predicting: 1,000 rows read")
    progress.done()
    assert log.getvalue() == ""


def test_progress_shows_at_most_a_few_lines_a_second():
    terminal = Terminal()
    progress = Progress(terminal, every_seconds=60)
    for rows in range(100):
        progress.update(f"{rows} rows")
    assert terminal.getvalue().count("\r") == 1
