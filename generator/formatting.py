"""Formatting generated Python: black by default, ruff's formatter on request; cached and parallel.

Formatting is most of the cost of a large spec (a Stripe-sized package is megabytes of code).
Three things make it cheap:

- Large modules are cut into chunks at top-level `class` statements. Black lays out the inside
  of a class independently of its neighbours and always separates top-level classes by two blank
  lines, so formatting chunk by chunk and joining them with two blank lines gives black's own
  output (a test checks this equivalence on real generated code).
- Chunks are formatted in a process pool when there is enough work to pay for one.
- Each formatted chunk is cached under its content hash in the user cache folder, so a
  regeneration after a small spec edit formats only what changed. Cache writes are atomic
  (temp file + rename), so concurrent runs are safe.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .diagnostics import GenerationError

FORMATTERS = ("black", "ruff")
# Chunks of at least this many characters are worth sending to other processes.
_PARALLEL_MIN_CHARS = 200_000
_CHUNK_TARGET_CHARS = 60_000


def cache_dir() -> Path | None:
    """`$APIGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/apigen`, else `~/.cache/apigen`;
    None when caching is disabled (`APIGEN_CACHE_DIR=""`)."""
    explicit = os.environ.get("APIGEN_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "apigen"


def formatter_fingerprint(formatter: str) -> str:
    """Name and version of the formatter and its settings: part of every cache key."""
    if formatter == "black":
        return f"black {importlib.metadata.version('black')} py310 88"
    return f"ruff {_ruff_version()} py310 88"


def _ruff_version() -> str:
    result = _run_ruff(["--version"], source=None)
    return result.strip()


def _ruff_executable() -> list[str]:
    beside = Path(sys.executable).parent / "ruff"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("ruff")
    return [found] if found else [sys.executable, "-m", "ruff"]


def _run_ruff(args: list[str], *, source: str | None) -> str:
    try:
        result = subprocess.run(
            [*_ruff_executable(), *args], input=source, capture_output=True, text=True,
            check=False,
        )
    except OSError as exc:
        raise GenerationError.single(
            f"formatter 'ruff' is not available ({exc}); install ruff or use black",
            file="formatter") from None
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["ruff failed"])[0]
        raise ValueError(first)
    return result.stdout


def format_source(source: str, *, formatter: str) -> str:
    """Format one piece of Python source; raises ValueError when it is not valid Python."""
    if formatter == "black":
        import black

        mode = black.Mode(target_versions={black.mode.TargetVersion.PY310})
        try:
            return str(black.format_str(source, mode=mode))
        except Exception as exc:  # black.InvalidInput and friends
            raise ValueError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                             ) from None
    return _run_ruff(
        ["format", "--isolated", "--target-version", "py310", "--line-length", "88",
         "--stdin-filename", "generated.py", "-"],
        source=source,
    )


def split_chunks(source: str) -> list[str]:
    """Cut a module at top-level, undecorated `class` statements preceded by a blank line,
    into pieces of roughly `_CHUNK_TARGET_CHARS`. Falls back to one chunk."""
    if len(source) < 2 * _CHUNK_TARGET_CHARS:
        return [source]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [source]
    lines = [line + "\n" for line in source.split("\n")]  # as `ast` counts lines
    lines[-1] = lines[-1][:-1]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    cuts: list[int] = []
    last = 0
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.decorator_list:
            continue
        start = node.lineno - 1
        if start == 0 or lines[start - 1].strip():
            continue  # something (a comment?) sits right above: keep them together
        if offsets[start] - last >= _CHUNK_TARGET_CHARS:
            cuts.append(start)
            last = offsets[start]
    if not cuts:
        return [source]
    bounds = [0, *cuts, len(lines)]
    return ["".join(lines[a:b]) for a, b in itertools.pairwise(bounds)]


def join_chunks(chunks: Iterable[str]) -> str:
    """Formatted chunks joined as black separates top-level classes: two blank lines."""
    return "\n\n\n".join(chunk.strip("\n") for chunk in chunks) + "\n"


def _cache_path(root: Path, key: str) -> Path:
    return root / "format" / key[:2] / key


def _cache_get(root: Path | None, key: str) -> str | None:
    if root is None:
        return None
    try:
        return _cache_path(root, key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _cache_put(root: Path | None, key: str, value: str) -> None:
    if root is not None:
        write_cache_file(_cache_path(root, key), value)


def write_cache_file(path: Path | None, text: str) -> None:
    """Write a cache entry atomically (temp file + rename: safe under concurrent runs); a cache
    that cannot be written only costs speed, so errors are ignored."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        pass


def _format_job(job: tuple[str, str]) -> str:
    source, formatter = job
    return format_source(source, formatter=formatter)


def format_files(
    files: dict[str, str], *, formatter: str = "black", cache: Path | None = None,
    workers: int | None = None,
) -> dict[str, str]:
    """Format every module (name -> source); the result has the same names."""
    if formatter not in FORMATTERS:
        raise GenerationError.single(
            f"unknown formatter {formatter!r}; choose one of {', '.join(FORMATTERS)}",
            file="configuration")
    fingerprint = formatter_fingerprint(formatter)
    whole = {name: _key(fingerprint, source) for name, source in files.items()}
    out = {name: hit for name in files if (hit := _cache_get(cache, whole[name])) is not None}
    files = {name: source for name, source in files.items() if name not in out}
    chunked = {name: split_chunks(source) for name, source in files.items()}
    keys = {
        (name, index): _key(fingerprint, chunk)
        for name, chunks in chunked.items() for index, chunk in enumerate(chunks)
        if len(chunks) > 1
    }
    keys.update({(name, 0): whole[name] for name, chunks in chunked.items() if len(chunks) == 1})
    done: dict[tuple[str, int], str] = {}
    todo: list[tuple[str, int]] = []
    for slot, key in keys.items():
        hit = _cache_get(cache, key)
        if hit is None:
            todo.append(slot)
        else:
            done[slot] = hit
    jobs = [(chunked[name][index], formatter) for name, index in todo]
    size = sum(len(source) for source, _ in jobs)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    try:
        if len(jobs) > 1 and workers > 1 and size >= _PARALLEL_MIN_CHARS:
            # Biggest first, so the pool does not end on one long straggler.
            order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][0]))
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
                results = dict(zip(order, pool.map(_format_job, [jobs[i] for i in order]),
                                   strict=True))
            formatted = [results[i] for i in range(len(jobs))]
        else:
            formatted = [_format_job(job) for job in jobs]
    except ValueError as exc:
        bad = _first_invalid(files, formatter)
        raise GenerationError.single(
            f"generated code is not valid Python (check the template): {exc}", file=bad
        ) from None
    for slot, text in zip(todo, formatted, strict=True):
        done[slot] = text
        _cache_put(cache, keys[slot], text)
    for name, chunks in chunked.items():
        if len(chunks) > 1:
            out[name] = join_chunks(done[(name, index)] for index in range(len(chunks)))
            _cache_put(cache, whole[name], out[name])
        else:
            out[name] = done[(name, 0)]
    return out


def _key(fingerprint: str, source: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{source}".encode()).hexdigest()


def _first_invalid(files: dict[str, str], formatter: str) -> str:
    for name, source in sorted(files.items()):
        try:
            ast.parse(source)
        except SyntaxError:
            return name
    return "generated code"
