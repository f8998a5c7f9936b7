"""The export's running count: on stderr when it is a terminal, nothing otherwise (a pipe or a
log file keeps only the final line)."""

from __future__ import annotations

import io

from rich.console import Console

from services.ops.export_events import progress_bar


def test_a_terminal_sees_the_count_of_events_written() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    with progress_bar(console) as progress:
        assert progress is not None
        progress(12000)
    assert "12000 events" in screen.getvalue()


def test_a_pipe_gets_no_progress_bar() -> None:
    piped = Console(file=io.StringIO(), force_terminal=False)
    with progress_bar(piped) as progress:
        assert progress is None
