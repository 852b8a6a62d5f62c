"""The models stage's cache: datamodel-code-generator's output by input (`library`) and the
index read back from it (`index`), in the user cache folder; a miss only costs time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..cache import cache_dir, source_fingerprint, write_cache_file


def cache_path(kind: str, key: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / "models" / kind / key[:2] / f"{key}.json"


def library_read(key: str) -> tuple[str, dict[str, Any]] | None:
    path = cache_path("library", key)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["source"]), dict(data["metadata"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def library_write(key: str, value: tuple[str, dict[str, Any]]) -> None:
    write_json(cache_path("library", key), {"source": value[0], "metadata": value[1]})


def write_json(path: Path | None, data: dict[str, Any]) -> None:
    write_cache_file(path, json.dumps(data))


def index_key(library_key: str, result: str) -> str:
    """Cache key of the read-back index: apigen's code, the schemas' names, the library output."""
    return hashlib.sha256(source_fingerprint().encode() + b"\0" + library_key.encode() + b"\0"
                          + result.encode()).hexdigest()


def index_read(key: str) -> dict[str, Any] | None:
    path = cache_path("index", key)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "source" in data else None
