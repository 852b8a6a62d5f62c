"""Prose that the formatter leaves long: comment lines and docstrings, broken at 88 columns.

Black and ruff's formatter never touch the text of a comment or a string, so a docstring made
from a spec's description (or a template's prose) keeps whatever width it came with, and
`ruff check --select E501` flags it. This pass runs on formatted code and breaks every comment
line and every docstring line wider than `LIMIT` at its last space before the limit:

- a comment line that holds nothing else continues as a comment at the same indentation;
  when the next line is a comment going on with the same sentence, the words broken off start
  that line instead, and the paragraph is refilled from there (no stranded word per line);
- a docstring line continues at its own indentation (the first line at the docstring's), four
  columns deeper when it is an item (`name: text` under `Args:`, a `- ` bullet);
- a word longer than the limit stays whole on its own line, which E501 exempts (a URL);
- nothing else changes: no code, no string that is not a docstring, no trailing comment
  (a `# type: ignore[...]` belongs to its line), no line that fits. Breaking a space into a
  line break inside a docstring changes no value a program reads but `__doc__`, and the result
  is stable under the formatter (black keeps a docstring's line breaks and indentation).
"""

from __future__ import annotations

import io
import re
import token
import tokenize
import unicodedata
from dataclasses import dataclass, field

LIMIT = 88
"""The line length black formats to, and ruff's default for E501."""

_ITEM = re.compile(r" *(?:[-*] |\*{0,2}[A-Za-z_][\w.]*(?: \([^)]*\))?: )")
_LAYOUT = {token.NL, token.NEWLINE, token.INDENT, token.DEDENT}
_STATEMENT_START = {token.NEWLINE, token.NL, token.INDENT, token.DEDENT, token.ENCODING}


def width(text: str) -> int:
    """The columns `text` takes as ruff counts them for E501: a wide or fullwidth character
    (an emoji, a CJK ideograph) two, a combining mark none, any other one."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(char) else
               2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def wrap_prose(source: str, *, limit: int = LIMIT) -> str:
    """`source` with its over-long comment lines and docstring lines broken (see the module)."""
    return _wrap(source, limit=limit, strings=False)


def wrap_strings(source: str, *, limit: int = LIMIT) -> str:
    """`source` with every over-long line that holds a lone string literal (`"text",`,
    `name="text",`) given that string as a parenthesized run of pieces cut after spaces;
    prose lines are left to `wrap_prose`. The result is for the formatter to lay out again."""
    return _wrap(source, limit=limit, strings=True)


def _wrap(source: str, *, limit: int, strings: bool) -> str:
    lines = source.splitlines(keepends=True)
    long = {number for number, line in enumerate(lines, start=1)
            if width(line.rstrip("\r\n")) > limit}
    if not long:
        return source
    try:
        found = _Found.read(source, long)
    except (tokenize.TokenError, SyntaxError):
        return source
    out: list[str] = []
    carry = ""  # the words a broken comment line hands on to the comment line continuing it
    text_carry = ""  # the same between the lines of one docstring paragraph
    for number, line in enumerate(lines, start=1):
        body = line.rstrip("\r\n")
        end = line[len(body):]
        if carry or (not strings and number in found.comments):
            if carry:
                prefix = _comment_prefix(body)
                body, carry = prefix + carry + " " + body[len(prefix):], ""
            pieces = _wrap_comment(body, limit)
            if len(pieces) > 1 and _continued(body, pieces[-1], lines, number, found):
                carry = pieces.pop()[len(_comment_prefix(body)):]
            out.extend(piece + end for piece in pieces)
        elif text_carry or (not strings and number in long and number in found.docstrings):
            indent = found.docstrings[number]
            if number not in found.first_lines and _ITEM.match(body):
                indent = body[: len(body) - len(body.lstrip(" "))] + "    "
            if text_carry:
                lead = body[: len(body) - len(body.lstrip(" "))]
                body, text_carry = lead + text_carry + " " + body[len(lead):], ""
            pieces = _wrap_text(body, indent, limit)
            if len(pieces) > 1 and _text_continued(body, indent, lines, number, found):
                text_carry = pieces.pop()[len(indent):]
            out.extend(piece + end for piece in pieces)
        elif number not in long:
            out.append(line)
        elif strings and number in found.lone:
            out.extend(piece + end for piece in _split_string(body, found.lone[number], limit))
        else:
            out.append(line)
    return "".join(out)


@dataclass
class _Found:
    """What the over-long lines of a module hold: a comment alone, a docstring line (with the
    indentation its continuation takes; `first_lines`: the docstrings' opening lines), or a
    lone string literal (its token)."""

    comments: set[int] = field(default_factory=set)
    alone: set[int] = field(default_factory=set)
    """Every line (long or not) that holds a comment and nothing else."""
    docstrings: dict[int, str] = field(default_factory=dict)
    first_lines: set[int] = field(default_factory=set)
    lone: dict[int, tokenize.TokenInfo] = field(default_factory=dict)

    @classmethod
    def read(cls, source: str, long: set[int]) -> _Found:
        """One pass over the tokens; only the rows in `long` are looked at closely."""
        found = cls()
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        rows: dict[int, list[tokenize.TokenInfo]] = {}
        for tok in tokens:
            if tok.start[0] in long and tok.type not in _LAYOUT:
                rows.setdefault(tok.start[0], []).append(tok)
        previous = token.ENCODING
        for index, tok in enumerate(tokens):
            if tok.type == token.COMMENT:
                if tok.line[: tok.start[1]].strip() == "":
                    found.alone.add(tok.start[0])
                    if tok.start[0] in long:
                        found.comments.add(tok.start[0])
            elif tok.type == token.STRING and _triple_quoted(tok.string):
                if (previous in _STATEMENT_START and _ends_statement(tokens, index)
                        and long & set(range(tok.start[0], tok.end[0] + 1))):
                    found._docstring(tok)
            elif tok.type == token.STRING and tok.start[0] in long and _lone(
                    rows[tok.start[0]], tok):
                found.lone[tok.start[0]] = tok
            if tok.type not in (token.COMMENT, token.NL):
                previous = tok.type
        return found

    def _docstring(self, tok: tokenize.TokenInfo) -> None:
        self.first_lines.add(tok.start[0])
        for offset, text in enumerate(tok.string.split("\n")):
            self.docstrings[tok.start[0] + offset] = (
                " " * tok.start[1] if offset == 0 else text[: len(text) - len(text.lstrip(" "))])


def _lone(line: list[tokenize.TokenInfo], tok: tokenize.TokenInfo) -> bool:
    """True for a one-line string literal (not an f-string) that is, apart from a `name=` or a
    `"key":` before it and a comma after it, the only thing on its line (`line`: the line's
    tokens)."""
    prefix = tok.string[: len(tok.string) - len(tok.string.lstrip("rRuUbBfF"))]
    if tok.start[0] != tok.end[0] or "f" in prefix.lower():
        return False
    kinds = [(t.type, t.string) if t.type == token.OP else (t.type, "") for t in line]
    position = line.index(tok)
    before, after = kinds[:position], kinds[position + 1:]
    keyword, key = [(token.NAME, ""), (token.OP, "=")], [(token.STRING, ""), (token.OP, ":")]
    return before in ([], keyword, key) and after in ([], [(token.OP, ",")])


def _split_string(line: str, tok: tokenize.TokenInfo, limit: int) -> list[str]:
    """The line of a lone string literal with the literal as a parenthesized run of pieces,
    each cut right after a space (never after an escaping backslash), or right before the space
    that ends a word longer than the room; one piece on a line of its own when the literal
    fits there."""
    start, end = tok.start[1], tok.end[1]
    indent = line[: len(line) - len(line.lstrip(" "))]
    prefix = tok.string[: len(tok.string) - len(tok.string.lstrip("rRuUbB"))]
    quote = tok.string[len(prefix)]
    body = tok.string[len(prefix) + 1: -1]
    room = max(limit - len(indent) - 4 - len(prefix) - 2, 20)
    pieces: list[str] = []
    while width(body) > room:
        cut = _space_before(body, room)
        if cut < 0:
            break
        if width(body[:cut]) > room:
            # A word longer than the room (a URL) goes alone, without its space: a piece with
            # no space in it is one nothing could break further.
            cut -= 1
        pieces.append(body[:cut])
        body = body[cut:]
    pieces.append(body)
    if len(pieces) == 1 and start == len(indent):
        return [line]  # alone on its line already: a word longer than the room
    inner = indent + "    "
    return [line[:start] + "(",
            *(f"{inner}{prefix}{quote}{piece}{quote}" for piece in pieces),
            indent + ")" + line[end:]]


def _space_before(body: str, room: int) -> int:
    """The index just after the last space at or before `room` that a backslash does not
    escape (an even run of backslashes before it); the first such space past `room` when
    there is none; -1 when the text has none."""
    cuts = []
    for index, char in enumerate(body):
        if char == " " and 0 < index < len(body) - 1:
            slashes = len(body[:index]) - len(body[:index].rstrip("\\"))
            if slashes % 2 == 0:
                cuts.append(index + 1)
    fitting = [cut for cut in cuts if width(body[:cut]) <= room]
    if fitting:
        return fitting[-1]
    return cuts[0] if cuts else -1


def _ends_statement(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    for tok in tokens[index + 1:]:
        if tok.type == token.COMMENT:
            continue
        return tok.type in (token.NEWLINE, token.ENDMARKER)
    return True


def _triple_quoted(text: str) -> bool:
    body = text.lstrip("rRuUbBfF")
    return body.startswith(('"""', "'''"))


def _comment_prefix(line: str) -> str:
    """A comment line's indentation and marker (`    # `)."""
    text = line.lstrip(" ")
    return line[: len(line) - len(text)] + ("# " if text.startswith("# ") else "#")


def _continued(body: str, rest: str, lines: list[str], number: int, found: _Found) -> bool:
    """True when the words `rest` broken off comment line `number` (`body`) belong at the
    start of the next line: it is a comment alone at the same indentation that goes on with
    the sentence `body` leaves open (no full stop, colon or the like ends `body`; the next
    line is no list item, no indented block, no empty `#`), so the paragraph is refilled
    instead of leaving one stranded word per line."""
    if number not in found.alone or number + 1 not in found.alone:
        return False
    prefix = _comment_prefix(body)
    following = lines[number].rstrip("\r\n")
    words = following[len(prefix):]
    return (_comment_prefix(following) == prefix == _comment_prefix(rest) and prefix.endswith(" ")
            and body.rstrip()[-1:] not in ".:;!?" and words[:1].isalnum()
            and not _ITEM.match(words))


def _text_continued(body: str, indent: str, lines: list[str], number: int,
                    found: _Found) -> bool:
    """`_continued` for a docstring: the next line is a line of the same docstring at the
    indentation the broken words take (`indent`), going on with the sentence `body` leaves
    open (not a new item, a bullet, a blank line or the closing quotes)."""
    if number + 1 not in found.docstrings or number + 1 in found.first_lines:
        return False
    following = lines[number].rstrip("\r\n")
    words = following.lstrip(" ")
    return (following[: len(following) - len(words)] == indent
            and body.rstrip()[-1:] not in ".:;!?" and words[:1].isalnum()
            and not _ITEM.match(words))


def _wrap_comment(line: str, limit: int) -> list[str]:
    indent = line[: len(line) - len(line.lstrip(" "))]
    text = line.lstrip(" ")
    marker = "# " if text.startswith("# ") else "#"
    return _wrap_text(line, indent + marker, limit, lead=len(indent + marker))


def _wrap_text(line: str, indent: str, limit: int, *, lead: int | None = None) -> list[str]:
    """`line` broken at spaces into pieces of at most `limit` columns; every piece after the
    first starts with `indent`. A space right after a backslash is never a break (the
    backslash would escape the line break)."""
    pieces: list[str] = []
    rest = line
    if lead is None:
        lead = len(line) - len(line.lstrip(" "))
    while width(rest) > limit:
        cut = _break_at(rest, limit, lead)
        if cut < 0:
            break
        pieces.append(rest[:cut].rstrip(" "))
        rest = indent + rest[cut:].lstrip(" ")
        lead = len(indent)
    pieces.append(rest)
    return pieces


def _break_at(text: str, limit: int, lead: int) -> int:
    """The last space at or before column `limit` that follows some text (after the line's
    indentation) and no backslash; or, for a word longer than the limit, the first space after
    it; -1 when there is none."""
    candidates = [i for i in range(lead + 1, len(text)) if text[i] == " " and
                  text[i - 1] not in " \\"]
    fitting = [i for i in candidates if width(text[:i]) <= limit]
    if fitting:
        return fitting[-1]
    return candidates[0] if candidates else -1
