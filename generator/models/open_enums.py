"""Forward-compatible enums: every enum class of `models.py` rebased onto the runtime's
`_enums.OpenEnum` / `_enums.OpenIntEnum` (see `_enums.py.jinja`), so an unknown value parses
while the client reads a response and is refused anywhere else."""

from __future__ import annotations

import ast
import re

_ENUM_CLASS = re.compile(r"^(class \w+\()(Enum|IntEnum)(\):)$", re.MULTILINE)
_TOP_LEVEL_CODE = re.compile(r"^(class |def |@|[A-Za-z_]\w*\s*[:=])")
OPEN_ENUM_BASES = {"Enum": "_enums.OpenEnum", "IntEnum": "_enums.OpenIntEnum"}
"""The base an enum class of the library's gets instead of its own (`_enums.py.jinja`): an
unknown value parses while the client reads a response, and is refused anywhere else."""


def open_enums(source: str) -> str:
    """Make every enum class of `models.py` forward compatible: `class Color(Enum)` ->
    `class Color(_enums.OpenEnum)`, its import added and the library's dropped when nothing
    else uses it."""
    if not _ENUM_CLASS.search(source):
        return source
    source = _ENUM_CLASS.sub(lambda m: m.group(1) + OPEN_ENUM_BASES[m.group(2)] + m.group(3),
                             source)
    lines = source.splitlines(keepends=True)
    code = next((n for n, line in enumerate(lines) if _TOP_LEVEL_CODE.match(line)), len(lines))
    try:
        imports = [node for node in ast.parse("".join(lines[:code])).body
                   if isinstance(node, (ast.Import, ast.ImportFrom))]
        last_import = (imports[-1].end_lineno or imports[-1].lineno) - 1 if imports else -1
    except SyntaxError:  # not the library's usual head: after its last one-line import
        last_import = max((n for n, line in enumerate(lines[:code])
                           if line.startswith(("from ", "import ")) and "(" not in line),
                          default=-1)
    body = "".join(lines[last_import + 1:])
    head: list[str] = []
    for line in lines[:last_import + 1]:
        if line.startswith("from enum import "):
            names = [n.strip() for n in line[len("from enum import "):].split(",")]
            kept = [n for n in names  # still a base of a class the pass left alone
                    if re.search(rf"^class \w+\(.*\b{re.escape(n)}\b", body, re.MULTILINE)]
            if not kept:
                continue
            line = f"from enum import {', '.join(kept)}\n"
        head.append(line)
    # A section left empty leaves one blank line between its neighbours, as isort has it.
    kept_imports = re.sub(r"\n{3,}", "\n\n", "".join(head)).rstrip("\n") + "\n"
    return kept_imports + "\nfrom . import _enums\n" + body
