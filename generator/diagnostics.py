"""Diagnostics are data: collected while a spec is read, printed together, ERRORs abort."""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class Level(enum.Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about an input, located as precisely as we can (file, line, JSON pointer)."""

    level: Level
    message: str
    file: str
    line: int | None = None
    pointer: str | None = None

    def format(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        at = f" (at {self.pointer or '/'})" if self.pointer is not None else ""
        return f"{where}: {self.level.value}: {self.message}{at}"


class GenerationError(Exception):
    """Generation cannot go on; carries every diagnostic gathered so far (exit code 2)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @classmethod
    def single(
        cls, message: str, *, file: str, line: int | None = None, pointer: str | None = None
    ) -> GenerationError:
        return cls([Diagnostic(Level.ERROR, message, file, line, pointer)])


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def shown_path(path: Path) -> str:
    """`path` as a message names it: relative to the current folder."""
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:  # another drive (Windows)
        return path.as_posix()


MAX_QUOTE = 120
"""How much of a message that quotes the user's spec (or a library's report of it) is shown."""


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    """`text` on one line, cut to `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
