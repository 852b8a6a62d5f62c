"""A spec as read: each file's text and data with a lazily built pointer -> line map, and the
bundled document (`Spec`) that locates any JSON pointer back to its file and line.

Parsing is the fast path (C YAML loader, `json.loads`); line numbers are only computed when a
diagnostic needs one, by composing the YAML node tree of that file once and walking it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, GenerationError, Level
from .limits import Limits, check_depth, check_size, check_yaml_expansion, decode, too_deep
from .walk import deref, resolve, split_pointer

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that keeps timestamps as strings: `2023-11-07` is data, not a `date`."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

@dataclass
class Document:
    """One file of a spec: its text, parsed data, and a lazily built pointer -> line map."""

    path: Path
    display: str
    text: str
    data: Any
    _nodes: Any = field(default=None, repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def line_of(self, pointer: str) -> int | None:
        """1-based line of the value at `pointer`, or of its nearest existing ancestor."""
        if self._nodes is None:
            try:
                self._nodes = yaml.compose(self.text, Loader=_SpecLoader)
            except yaml.YAMLError:
                # YAML refuses the escape of a lone surrogate, which JSON takes (and the
                # repairs replace): the same text with each such escape, same length, replaced.
                try:
                    self._nodes = yaml.compose(SURROGATE_ESCAPE.sub(r"\\ufffd", self.text),
                                               Loader=_SpecLoader)
                except yaml.YAMLError:
                    self._nodes = False
        node = self._nodes
        if not node:
            return None
        for token in split_pointer(pointer):
            child = _child_node(node, token)
            if child is None:
                break
            node = child
        return int(node.start_mark.line) + 1


SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""The escape of a surrogate: the only way a lone one gets into a spec (YAML refuses it)."""


def _child_node(node: Any, token: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == token:
                return value
    elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
        return node.value[int(token)]
    return None


def _normalise(value: Any) -> Any:
    """YAML allows non-string keys (`200:`); OpenAPI means strings everywhere."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, bool) else str(k).lower(): _normalise(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def read_document(path: Path, *, display: str, limits: Limits | None = None) -> Document:
    """Parse one file within `limits`; every problem becomes one located diagnostic."""
    limits = limits or Limits()
    try:
        if path.is_dir():
            raise GenerationError.single("is a folder, not a spec file", file=display)
        check_size(path.stat().st_size, limits=limits, display=display)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GenerationError.single("file not found", file=display) from None
    except OSError as exc:
        raise GenerationError.single(f"cannot read file: {exc.strerror or exc}",
                                     file=display) from None
    text = decode(raw, display=display)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GenerationError.single(
                f"invalid JSON: {exc.msg} (column {exc.colno})", file=display, line=exc.lineno
            ) from None
        except RecursionError:
            raise too_deep(limits=limits, display=display) from None
        except ValueError as exc:  # e.g. an integer too long to convert
            raise GenerationError.single(f"invalid JSON: {exc}", file=display) from None
    else:
        check_yaml_expansion(text, _SpecLoader, limits=limits, display=display)
        try:
            data = _normalise(yaml.load(text, Loader=_SpecLoader))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
            raise GenerationError.single(
                f"invalid YAML: {problem}", file=display, line=line
            ) from None
        except yaml.YAMLError as exc:
            raise GenerationError.single(f"invalid YAML: {exc}", file=display) from None
        except RecursionError:
            raise too_deep(limits=limits, display=display) from None
    document = Document(path=path, display=display, text=text, data=data)
    check_depth(data, limits=limits, display=display, line_of=document.line_of)
    return document


@dataclass
class Spec:
    """A bundled spec: every `$ref` is local to `data`; `locate` maps pointers back to files."""

    root: Document
    data: dict[str, Any]
    documents: dict[Path, Document]
    # bundled pointer prefix -> (document, pointer in that document)
    origins: dict[str, tuple[Document, str]] = field(default_factory=dict)
    findings: list[Diagnostic] = field(default_factory=list)
    """Problems apigen worked around while reading (reported with the validation warnings)."""

    @property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.documents):
            digest.update(self.documents[path].text.encode("utf-8"))
        return digest.hexdigest() if len(self.documents) > 1 else self.root.sha256

    def locate(self, pointer: str) -> tuple[str, int | None, str]:
        """(file, line, pointer within that file) for a pointer into the bundled data."""
        best = ""
        for prefix in self.origins:
            if (pointer == prefix or pointer.startswith(prefix + "/")) and len(prefix) > len(best):
                best = prefix
        if best:
            doc, origin = self.origins[best]
            inner = origin + pointer[len(best):]
            return doc.display, doc.line_of(inner), inner
        return self.root.display, self.root.line_of(pointer), pointer

    def error(self, message: str, pointer: str) -> GenerationError:
        file, line, inner = self.locate(pointer)
        return GenerationError.single(message, file=file, line=line, pointer=inner)

    def warn(self, message: str, pointer: str) -> None:
        """Record a problem apigen worked around, located like an error."""
        file, line, inner = self.locate(pointer)
        finding = Diagnostic(Level.WARNING, message, file, line, inner)
        if finding not in self.findings:  # e.g. a path item's parameter, met per operation
            self.findings.append(finding)

    def deref(self, value: Any) -> Any:
        """Follow a chain of `$ref`s to the value it names (bundling made every ref local and
        resolvable, and cycles are rejected at load time)."""
        return deref(self.data, value)

    def resolve(self, ref: str) -> Any:
        """Target of a local `$ref` (bundling guarantees every ref is local and resolvable)."""
        return resolve(self.data, ref)
