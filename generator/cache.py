"""The user cache folder, shared by every stage that keeps something between runs.

Entries are written atomically, so concurrent runs are safe; a cache that cannot be read or
written only costs speed. A key that depends on apigen's own code takes `source_fingerprint()`,
which reads every module of the package, in every stage folder.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

# The package folder: its modules are spread over stage folders, so walk it whole.
PACKAGE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """`$APIGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/apigen`, else `~/.cache/apigen`;
    None when caching is disabled (`APIGEN_CACHE_DIR=""`)."""
    explicit = os.environ.get("APIGEN_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "apigen"


def write_cache_file(path: Path | None, content: str | bytes) -> None:
    """Write a cache entry atomically (temp file + rename: safe under concurrent runs); a cache
    that cannot be written only costs speed, so errors are ignored."""
    if path is None:
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def source_files(root: Path | None = None) -> list[Path]:
    """Every Python module of the package (`root`, the installed package by default), in a
    stable order, whatever folder it stands in."""
    folder = PACKAGE_DIR if root is None else root
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def source_fingerprint(root: Path | None = None) -> str:
    """apigen's own source, hashed with each module's path: a cache entry made by other code
    is never reused."""
    return _fingerprint(PACKAGE_DIR if root is None else root)


@functools.cache
def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
