"""A short string that matches a schema's `pattern`, for synthesized samples.

Walks the parse tree Python's own `re` builds (`re._parser`, `sre_parse` before 3.11) and takes
the cheapest path: the first branch, the first character of a class, each repeat its minimum
number of times (or more, when a minimum length asks for it). Constructs it cannot follow
(back-references, conditionals) give None; the caller checks every result with `re.search`.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Callable
from typing import Any

try:  # Python 3.11+
    _sre_parse: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _sre_parse = importlib.import_module("sre_parse")

_CATEGORY = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
}
_CATEGORY_TEST: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda c: not c.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}
_CANDIDATES = string.ascii_letters + string.digits + "-_ .:/@"


class _CannotFollow(Exception):
    pass


def _name(op: Any) -> str:
    return str(getattr(op, "name", op))


def _in_class(char: str, items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        kind = _name(op)
        if kind == "LITERAL" and chr(av) == char:
            return True
        if kind == "RANGE" and av[0] <= ord(char) <= av[1]:
            return True
        test = _CATEGORY_TEST.get(_name(av)) if kind == "CATEGORY" else None
        if test is not None and test(char):
            return True
    return False


def _class_char(items: list[tuple[Any, Any]]) -> str:
    if items and _name(items[0][0]) == "NEGATE":
        rest = items[1:]
        for char in _CANDIDATES:
            if not _in_class(char, rest):
                return char
        raise _CannotFollow
    for op, av in items:
        kind = _name(op)
        if kind == "LITERAL":
            return chr(av)
        if kind == "RANGE":
            return chr(av[0])
        if kind == "CATEGORY" and _name(av) in _CATEGORY:
            return _CATEGORY[_name(av)]
    raise _CannotFollow


def _walk(tree: Any, boost: int) -> str:
    out: list[str] = []
    for op, av in tree:
        kind = _name(op)
        if kind == "LITERAL":
            out.append(chr(av))
        elif kind == "NOT_LITERAL":
            out.append("a" if chr(av) != "a" else "b")
        elif kind == "ANY":
            out.append("a")
        elif kind == "IN":
            out.append(_class_char(list(av)))
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            count = max(low, min(high, boost))
            out.append(_walk(sub, boost) * count)
        elif kind == "SUBPATTERN":
            out.append(_walk(av[-1], boost))
        elif kind == "ATOMIC_GROUP":
            out.append(_walk(av, boost))
        elif kind == "BRANCH":
            out.append(_walk(av[1][0], boost))
        elif kind == "CATEGORY":
            out.append(_CATEGORY.get(_name(av), "a"))
        elif kind in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            raise _CannotFollow
    return "".join(out)


def matching_string(pattern: str, *, min_length: int = 0, max_length: int | None = None
                    ) -> str | None:
    """A string `re.search(pattern, ...)` accepts, within the length bounds; None when this
    module cannot build one."""
    try:
        compiled = re.compile(pattern)
        tree = _sre_parse.parse(pattern)
    except (re.error, RecursionError, ValueError, OverflowError):
        return None
    for boost in (0, 1, 2, 4, 8, 16, 32, 64):
        try:
            value = _walk(tree, boost)
        except (_CannotFollow, RecursionError, ValueError, OverflowError):
            return None
        if max_length is not None and len(value) > max_length:
            return None
        if len(value) >= min_length and compiled.search(value):
            return value
    return None
