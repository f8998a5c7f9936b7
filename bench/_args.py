"""The arguments every benchmark shares: --quick (small sizes for a smoke run, not recorded),
--only (one backend), --pg-url (the PostgreSQL server, where a fresh schema is used) and
--no-record (bench/RESULTS.md left as it is)."""

from __future__ import annotations

import argparse
import os
from typing import Any

DEFAULT_PG = os.environ.get("QUARTIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def parser(description: str | None) -> argparse.ArgumentParser:
    """A benchmark's parser, holding the shared arguments; it adds its own."""
    p = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--quick", action="store_true", help="small sizes for a smoke run; not recorded")
    p.add_argument("--only", choices=["sqlite", "pg"], help="one backend only")
    p.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL server (a fresh schema)")
    p.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    return p


def parsed(p: argparse.ArgumentParser, argv: list[str], **quick: Any) -> argparse.Namespace:
    """The arguments of `argv`; with --quick, the sizes `quick` instead, and not recorded."""
    args = p.parse_args(argv)
    if args.quick:
        vars(args).update(quick, no_record=True)
    return args
