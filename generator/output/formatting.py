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
import functools
import hashlib
import importlib.metadata
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..cache import write_cache_file
from ..diagnostics import GenerationError
from . import preformatted, wrap
from .wrap import wrap_prose, wrap_strings

FORMATTERS = ("black", "ruff")
# Chunks of at least this many characters are worth sending to other processes.
_PARALLEL_MIN_CHARS = 20_000
_CHUNK_TARGET_CHARS = 8_000


def formatter_fingerprint(formatter: str) -> str:
    """Name and version of the formatter, its settings and the code of the prose pass
    (`wrap.py`) that runs after it: part of every cache key."""
    if formatter == "black":
        name = f"black {importlib.metadata.version('black')}"
    else:
        name = _ruff_version()
    return f"{name} py310 88 {_wrap_fingerprint()}"


@functools.cache
def _wrap_fingerprint() -> str:
    return hashlib.sha256(Path(wrap.__file__).read_bytes()).hexdigest()[:16]


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
    """Format one piece of Python source, then break its long prose lines
    (`wrap.wrap_prose`); a long lone string literal is cut into a parenthesized run
    (`wrap.wrap_strings`) and the result formatted again. Raises ValueError when the source
    is not valid Python."""
    text = _formatted(source, formatter=formatter)
    split = wrap_strings(text)
    if split != text:
        text = _formatted(split, formatter=formatter)
    return wrap_prose(text)


def _formatted(source: str, *, formatter: str) -> str:
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


def split_chunks(source: str, *, exact: bool = False) -> list[str]:
    """Cut a module into pieces of roughly `_CHUNK_TARGET_CHARS` before top-level statements
    that black always puts two blank lines before: an undecorated `class` or `def` after a
    blank line, or any statement that follows two blank lines (black keeps those, and puts two
    after every class and function). One chunk when there is no such place.

    By default the cut places are found by reading lines, which is fast but would also cut
    inside a multi-line string or bracket holding such a line. Such a cut always leaves the
    first piece unterminated, which the formatter refuses, and `Formatting` then splits that
    module again with `exact=True`, which finds the statements with `ast`."""
    if len(source) < 2 * _CHUNK_TARGET_CHARS:
        return [source]
    lines = [line + "\n" for line in source.split("\n")]  # as `ast` counts lines
    lines[-1] = lines[-1][:-1]
    if exact:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return [source]
        starts = [(node.decorator_list[0].lineno - 1 if isinstance(node, _DEFINITIONS)
                   and node.decorator_list else node.lineno - 1) for node in tree.body]
    else:
        starts = [number for number, line in enumerate(lines)
                  if line[:1].isalpha() or line[:1] == "_"]
    return _cut(lines, [start for start in starts
                        if start >= 3 and not lines[start - 1].strip()
                        and _cuttable(lines, start)])


def _cut(lines: list[str], places: list[int]) -> list[str]:
    """The text of `lines` cut at some of `places` (line numbers, ascending), one cut each time
    `_CHUNK_TARGET_CHARS` have gone by since the last."""
    cuts: list[int] = []
    last = size = done = 0
    for start in places:
        size += sum(len(line) for line in lines[done:start])
        done = start
        if size - last >= _CHUNK_TARGET_CHARS:
            cuts.append(start)
            last = size
    bounds = [0, *cuts, len(lines)]
    return ["".join(lines[a:b]) for a, b in itertools.pairwise(bounds)]


_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _cuttable(lines: list[str], start: int) -> bool:
    """Whether black's output has exactly two blank lines before the statement at `start`
    (which follows a blank line): a class or def, or anything after two blank lines."""
    line = lines[start]
    if line.startswith(("class ", "def ", "async def ")):
        return True
    return not lines[start - 2].strip() and not line.startswith(("else", "elif", "except",
                                                                 "finally", "case"))


def join_chunks(chunks: Iterable[str]) -> str:
    """Formatted chunks joined as black separates top-level classes: two blank lines."""
    return "\n\n\n".join(chunk.strip("\n") for chunk in chunks) + "\n"


# A body piece is formatted inside this stand-in block, at the depth it has in the module;
# black puts exactly one blank line between `pass` and a following definition, as it does
# between two definitions of one body.
_WRAP = "class _:\n    pass\n\n"


def split_body(chunk: str, *, exact: bool = False) -> list[str]:
    """Cut a chunk holding a large top-level class or function into pieces of roughly
    `_CHUNK_TARGET_CHARS`, before the definitions (`def`, decorator, `class`) directly in its
    body that follow one blank line: black always puts exactly one blank line there. The first
    piece holds the statement's header; the others start with indented body text (and may end
    with more top-level statements) and are formatted inside `_WRAP` (see `format_piece`). A
    cut the fast line reading makes inside a string or bracket leaves a piece unterminated; the
    formatter refuses it and `exact=True` (with `ast`) redoes the module."""
    if len(chunk) < 2 * _CHUNK_TARGET_CHARS:
        return [chunk]
    lines = [line + "\n" for line in chunk.split("\n")]
    lines[-1] = lines[-1][:-1]
    if exact:
        try:
            tree = ast.parse(chunk)
        except SyntaxError:
            return [chunk]
        starts = [(node.decorator_list[0].lineno - 1 if node.decorator_list else node.lineno - 1)
                  for outer in tree.body if isinstance(outer, _DEFINITIONS)
                  for node in outer.body if isinstance(node, _DEFINITIONS)]
    else:
        starts = [number for number, line in enumerate(lines)
                  if line.startswith(_BODY_DEFINITIONS) and line[4] != " "]
    # Exactly one blank line before it, as black writes it.
    return _cut(lines, [start for start in starts
                        if not lines[start - 1].strip() and lines[start - 2].strip()])


_BODY_DEFINITIONS = ("    def ", "    async def ", "    @", "    class ")


def format_piece(piece: str, *, wrapped: bool, formatter: str) -> str:
    """Format a chunk, or (`wrapped`) a body piece of one, inside `_WRAP`."""
    if not wrapped:
        return format_source(piece, formatter=formatter)
    text = format_source(_WRAP + piece, formatter=formatter)
    if not text.startswith(_WRAP):
        raise ValueError("a body piece did not format as a block body")
    return text[len(_WRAP):]


def join_body(pieces: Sequence[str]) -> str:
    """Formatted pieces of one chunk, one blank line apart."""
    return "\n\n".join(piece.strip("\n") for piece in pieces) + "\n"


def _cache_path(root: Path, key: str) -> Path:
    return root / "format" / key[:2] / key


def _cache_get(root: Path | None, key: str) -> str | None:
    """The user cache's entry, else the shipped one (`preformatted.py`), else None."""
    if root is not None:
        try:
            return _cache_path(root, key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    return preformatted.lookup(key)


def _cache_put(root: Path | None, key: str, value: str) -> None:
    if root is not None:
        write_cache_file(_cache_path(root, key), value)


def _format_job(job: tuple[str, bool, str]) -> str:
    piece, wrapped, formatter = job
    return format_piece(piece, wrapped=wrapped, formatter=formatter)


class Formatting:
    """One run's formatting: modules are added as soon as they exist (the models before the
    client and server are rendered), their uncached pieces start in a process pool at once
    when there is enough work, and `result()` collects everything and fills the cache.

    A module is cut into top-level chunks (`split_chunks`) and a chunk that is one large class
    or function into body pieces (`split_body`); each piece is cached by content hash."""

    def __init__(self, *, formatter: str = "black", cache: Path | None = None,
                 workers: int | None = None) -> None:
        if formatter not in FORMATTERS:
            raise GenerationError.single(
                f"unknown formatter {formatter!r}; choose one of {', '.join(FORMATTERS)}",
                file="configuration")
        self._formatter = formatter
        self._cache = cache
        self._fingerprint = formatter_fingerprint(formatter)
        self._workers = workers if workers is not None else (os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._sources: dict[str, str] = {}
        self._whole: dict[str, str] = {}
        self._done: dict[str, str] = {}
        # name -> chunks -> pieces: (text, wrapped, cache key, formatted text or job)
        self._layout: dict[str, list[list[_Piece]]] = {}
        self._waiting: list[_Piece] = []

    def add(self, files: dict[str, str]) -> None:
        """Start formatting `files` (name -> source)."""
        for name, source in files.items():
            self._sources[name] = source
            self._whole[name] = key = _key(self._fingerprint, source)
            if (hit := _cache_get(self._cache, key)) is not None:
                self._done[name] = hit
            else:
                self._layout[name] = self._plan(source, exact=False)
        size = sum(len(piece.text) for piece in self._waiting)
        if self._pool is None and self._workers > 1 and size >= _PARALLEL_MIN_CHARS:
            self._pool = ProcessPoolExecutor(max_workers=self._workers)
        if self._pool is not None:
            # Biggest first, so the pool does not end on one long straggler.
            for piece in sorted(self._waiting, key=lambda piece: -len(piece.text)):
                piece.job = self._pool.submit(
                    _format_job, (piece.text, piece.wrapped, self._formatter))
            self._waiting.clear()

    def _plan(self, source: str, *, exact: bool) -> list[list[_Piece]]:
        layout: list[list[_Piece]] = []
        for chunk in split_chunks(source, exact=exact):
            texts = split_body(chunk, exact=exact)
            pieces = []
            for index, text in enumerate(texts):
                piece = _Piece(text, index > 0, _key(self._fingerprint,
                                                     ("\0wrapped\0" if index else "") + text))
                if text != source:  # the whole module was looked up already
                    piece.formatted = _cache_get(self._cache, piece.key)
                if piece.formatted is None:
                    self._waiting.append(piece)
                pieces.append(piece)
            layout.append(pieces)
        return layout

    def result(self) -> dict[str, str]:
        """Every added module, formatted; raises GenerationError naming a module that is not
        valid Python."""
        try:
            for name, layout in self._layout.items():
                try:
                    text = self._assemble(layout)
                except ValueError:
                    if len(layout) == 1 and len(layout[0]) == 1:
                        raise
                    # A fast cut inside a string or bracket: cut exactly and format again.
                    layout = self._layout[name] = self._plan(self._sources[name], exact=True)
                    text = self._assemble(layout)
                self._done[name] = text
                _cache_put(self._cache, self._whole[name], text)
        except ValueError as exc:
            bad = _first_invalid(self._sources, self._formatter)
            raise GenerationError.single(
                f"generated code is not valid Python (check the template): {exc}", file=bad
            ) from None
        finally:
            self.close()
        self._layout.clear()
        return {name: self._done[name] for name in self._sources}

    def _assemble(self, layout: list[list[_Piece]]) -> str:
        chunks = []
        for pieces in layout:
            for piece in pieces:
                if piece.formatted is None:
                    piece.formatted = (piece.job.result() if piece.job is not None else
                                       format_piece(piece.text, wrapped=piece.wrapped,
                                                    formatter=self._formatter))
                    if len(layout) > 1 or len(pieces) > 1:
                        _cache_put(self._cache, piece.key, piece.formatted)
            texts = [piece.formatted for piece in pieces if piece.formatted is not None]
            chunks.append(texts[0] if len(texts) == 1 else join_body(texts))
        return chunks[0] if len(chunks) == 1 else join_chunks(chunks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass(eq=False)
class _Piece:
    text: str
    wrapped: bool
    key: str
    formatted: str | None = None
    job: Future[str] | None = None


def format_files(
    files: dict[str, str], *, formatter: str = "black", cache: Path | None = None,
    workers: int | None = None,
) -> dict[str, str]:
    """Format every module (name -> source); the result has the same names."""
    session = Formatting(formatter=formatter, cache=cache, workers=workers)
    try:
        session.add(files)
        return session.result()
    finally:
        session.close()


def _key(fingerprint: str, source: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{source}".encode()).hexdigest()


def _first_invalid(files: dict[str, str], formatter: str) -> str:
    for name, source in sorted(files.items()):
        try:
            ast.parse(source)
        except SyntaxError:
            return name
    return "generated code"
