"""Files that hold secrets: written for their owner only, and atomically.

A stored profile and a token file hold credentials, and a crash or a full disk must never
leave one half written, nor a copy readable by others lying about. `write_private` writes the
bytes to a new file beside the target, readable only by its owner (mode 0600) from the start,
flushes it to disk, and renames it over the target; on any failure the new file is removed
and the target is left as it was.

Examples:
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "secret.json"
    >>> write_private(path, b'{"key": "k"}')
    >>> path.read_bytes(), oct(path.stat().st_mode & 0o777)
    (b'{"key": "k"}', '0o600')
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_private"]


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically, in a file readable only by its owner (0600).

    The folder must exist; the temporary file is made in it (so the rename stays on one file
    system) and named after `path` with a leading dot.

    Examples:
        write_private(home / "profiles" / "etsy-default.json", payload)
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
