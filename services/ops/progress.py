"""What the operators' commands show on the terminal while they read the log: a spinner, what
they do and how far they are (rich's text columns, `{task.completed}` and the like), and the time
elapsed; gone when done, and nothing at all for --json or when the output is not a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


def spinner(console: Console, quiet: bool, *texts: str) -> Progress:
    return Progress(
        SpinnerColumn(),
        *(TextColumn(text) for text in texts),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )
