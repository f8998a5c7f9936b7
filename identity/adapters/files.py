"""The identity adapters' files on disk (letters, proof documents): each written whole or not
at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, temp_suffix: str = "") -> None:
    """`path` holds `data` whole, or stays as it was: written beside it to a hidden temporary
    file (.tmp-*<temp_suffix>), flushed to disk, then renamed over it; the temporary file is
    removed on any failure."""
    fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=temp_suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
