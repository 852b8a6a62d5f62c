"""Skip a run whose inputs and outputs are exactly as the last run left them.

A record per target (spec, package, output folder) in the user cache says which input files the
last run read and a fingerprint of them, together with apigen's own code, the templates, the
filters module, the formatter and the options. When all of that is unchanged and the output
folder still matches its manifest byte for byte, the package would come out identical: nothing
is loaded, generated or written. Any doubt (no record, a changed byte, an unreadable file) means
a full run, so the cache can only make a run faster, never different.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..cache import cache_dir, source_fingerprint, write_cache_file
from ..diagnostics import Diagnostic, Level
from ..render.environment import builtin_template_dir
from .emit import MANIFEST, edited_files
from .formatting import formatter_fingerprint

if TYPE_CHECKING:  # a run is described by the top layer; this stage only reads it
    from ..config import Target


def _record_path(target: Target) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    ident = "\0".join(str(p) for p in (target.spec.resolve(), target.package,
                                        target.directory.resolve()))
    return root / "runs" / f"{hashlib.sha256(ident.encode()).hexdigest()}.json"


def _hash_tree(digest: Any, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())


def fingerprint(target: Target, *, documents: list[str], root: Path, strict: bool) -> str:
    """Everything a run's output depends on, hashed."""
    digest = hashlib.sha256()
    versions = [__version__, formatter_fingerprint(target.formatter)] + [
        importlib.metadata.version(name)
        for name in ("datamodel-code-generator", "jinja2", "openapi-spec-validator")
    ]
    settings = {k: str(v) for k, v in asdict(target).items()}
    digest.update(json.dumps([versions, settings, strict, documents], sort_keys=True).encode())
    for document in documents:
        digest.update(Path(document).read_bytes())
    digest.update(source_fingerprint().encode())
    _hash_tree(digest, builtin_template_dir())
    if target.templates is not None and target.templates.is_dir():
        _hash_tree(digest, target.templates)
    if target.filters:
        candidate = root / target.filters
        if candidate.is_file():
            digest.update(candidate.read_bytes())
        else:
            digest.update(target.filters.encode())  # a module: its name only
    return digest.hexdigest()


def lookup(target: Target, *, root: Path, strict: bool) -> list[Diagnostic] | None:
    """The diagnostics of the last run when this run would produce the same package, else None."""
    path = _record_path(target)
    if path is None:
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        manifest = (target.directory / MANIFEST).read_bytes()
        if hashlib.sha256(manifest).hexdigest() != record["manifest_sha256"]:
            return None
        if fingerprint(target, documents=record["documents"], root=root,
                       strict=strict) != record["fingerprint"]:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if edited_files(target.directory):
        return None
    return [Diagnostic(Level(d["level"]), d["message"], d["file"], d["line"], d["pointer"])
            for d in record["diagnostics"]]


def remember(target: Target, *, root: Path, strict: bool, documents: list[str],
             diagnostics: list[Diagnostic]) -> None:
    """Record a run whose output folder now holds exactly what it generated."""
    path = _record_path(target)
    if path is None:
        return
    try:
        manifest = (target.directory / MANIFEST).read_bytes()
        record = {
            "documents": documents,
            "fingerprint": fingerprint(target, documents=documents, root=root, strict=strict),
            "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
            "diagnostics": [
                {"level": d.level.value, "message": d.message, "file": d.file, "line": d.line,
                 "pointer": d.pointer} for d in diagnostics
            ],
        }
    except OSError:
        return
    write_cache_file(path, json.dumps(record))
