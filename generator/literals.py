"""Spec text -> inert Python: string literals, literals of JSON data, docstrings and comments.

Every stage that writes spec text into code (the models' docstrings, the IR's defaults, the
templates through their filters) goes through these, so no spec can close a literal or a comment
and inject code.
"""

from __future__ import annotations

import math
import re
from typing import Any

# Control characters, and the invisible format characters (zero-width spaces and joiners,
# bidirectional overrides that can make code read differently from how it runs, the BOM):
# written as escapes so that every character of generated code is visible.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]")
_QUOTE_RUN = re.compile(r'"(?=")|"$')
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def docstring(value: Any) -> str:
    """Text that stays inside a `\"\"\"...\"\"\"` literal whatever the spec says."""
    text = str(value or "").replace("\r\n", "\n").replace("\\", "\\\\")
    text = _UNSAFE_CHARS.sub(_escape_char, text.replace("\t", "    "))
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    # No raw quote is followed by another, and none ends the text: no way to close the literal.
    return _QUOTE_RUN.sub('\\\\"', text)


def comment(value: Any) -> str:
    """Text that stays on one comment line: every line break and control character escaped."""
    text = _LINE_BREAKS.sub(" ", str(value or ""))
    return _UNSAFE_CHARS.sub(_escape_char, text).strip()


def pystr(value: Any) -> str:
    """A Python string literal of `value` (repr escapes quotes, backslashes, controls)."""
    return repr(str(value))


def pyrepr(value: Any) -> str:
    """A Python literal for JSON data (dicts, lists, strings, numbers, booleans, None)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, (int, float, str)):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pystr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(pyrepr(v) for v in value) + "]"
    return pystr(value)
