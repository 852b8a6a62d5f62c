"""What apigen will read: size, encoding, nesting and YAML alias expansion, each bounded by one
named limit, so a hostile or broken file is refused in well under a second with a located line
instead of exhausting memory, time or Python's stack.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..diagnostics import GenerationError, join_pointer

MiB = 1024 * 1024

MAX_SPEC_BYTES = 32 * MiB
"""Largest spec file read (each file of a multi-file spec); real documents are far smaller
(Stripe's is 5 MB). Settable with `--max-spec-size` or `max_spec_size` (MiB)."""

MAX_NESTING_DEPTH = 100
"""Deepest nesting of mappings and lists in a document; real ones stay under 30. Deeper input
would overflow Python's stack in the stages that follow."""

MAX_YAML_NODES = 10_000_000
"""Most nodes a YAML document may expand to once its aliases are followed: a few hundred bytes
of nested aliases ("billion laughs") otherwise expand to gigabytes."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# An anchor (`&name`) or alias (`*name`) where YAML allows one: after a space, a flow
# indicator, a key's colon or a sequence dash. Free text may match too; that only costs a check.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]+", re.MULTILINE)
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]+", re.MULTILINE)


@dataclass(frozen=True)
class Limits:
    """The bounds of one run (defaults above; the size is configurable)."""

    max_spec_bytes: int = MAX_SPEC_BYTES
    max_depth: int = MAX_NESTING_DEPTH
    max_yaml_nodes: int = MAX_YAML_NODES


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def decode(raw: bytes, *, display: str) -> str:
    """Text of a spec file: UTF-8 with or without a BOM, or UTF-16/32 with their BOM."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise GenerationError.single(
                    f"cannot decode the file as {encoding.upper()} (its byte order mark): "
                    f"{exc.reason} at byte {exc.start}", file=display) from None
            break
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _line_column(raw, exc.start)
            raise GenerationError.single(
                f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at column {column} cannot be "
                "decoded (save the file as UTF-8)", file=display, line=line) from None
    text = text.lstrip("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise GenerationError.single(
            f"NUL character at column {column}: a spec is text", file=display, line=line)
    return text


def check_size(size: int, *, limits: Limits, display: str) -> None:
    if size > limits.max_spec_bytes:
        raise GenerationError.single(
            f"file is {size / MiB:.1f} MiB, over the {round(limits.max_spec_bytes / MiB, 2):g} MiB "
            "limit (raise it with --max-spec-size or max_spec_size in [tool.apigen])",
            file=display)


def check_yaml_expansion(text: str, loader: Any, *, limits: Limits, display: str) -> None:
    """Refuse a YAML text whose aliases expand past `limits.max_yaml_nodes` nodes, counting
    without expanding (each node's expanded size once, shared by every alias to it)."""
    if not (_ANCHOR.search(text) and _ALIAS.search(text)):
        return
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return  # the parse that follows reports it, located
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if node is None or id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = (
            [part for pair in node.value for part in pair]
            if isinstance(node, yaml.MappingNode) else list(node.value)
        )
        if children_done:
            total = 1 + sum(sizes.get(id(child), 0) for child in children)
            sizes[id(node)] = total
            if total > limits.max_yaml_nodes:
                line = int(node.start_mark.line) + 1
                raise GenerationError.single(
                    f"YAML aliases expand this document past {limits.max_yaml_nodes:,} nodes "
                    "(an alias bomb?); refusing to read it", file=display, line=line)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)


def check_depth(data: Any, *, limits: Limits, display: str,
                line_of: Any = None) -> None:
    """Refuse nesting deeper than `limits.max_depth`, located at the first place that does."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > limits.max_depth:
            pointer = join_pointer(*path[: limits.max_depth + 1])
            raise GenerationError.single(
                f"nesting deeper than {limits.max_depth} levels", file=display,
                line=line_of(pointer) if line_of else None, pointer=pointer)
        if isinstance(node, dict):
            stack.extend((value, (*path, str(key))) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*path, index)) for index, value in enumerate(node))


def too_deep(*, limits: Limits, display: str) -> GenerationError:
    """The parser itself ran out of stack: say so as the depth limit would."""
    return GenerationError.single(
        f"nesting deeper than {limits.max_depth} levels (the parser ran out of stack)",
        file=display)
