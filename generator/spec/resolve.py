"""Where a `$ref` leads: the one rule every reference of a multi-file spec follows.

A `$ref` is read relative to the file that holds it, never the working folder: its file part
names a document inside the allowed folders (the entry document's folder and the `ref_roots`),
its fragment a JSON pointer there. A pointer that passes through a `$ref` on its way
(`api.yaml#/components/schemas/Pet` where `components/schemas` is `{$ref: schemas.yaml}`) goes on
in the document that `$ref` names, so every target has one canonical place: the document and
pointer of the value itself. Two refs reaching one value by different routes meet there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..diagnostics import GenerationError, escape_pointer_token
from .document import Document, read_document
from .limits import Limits
from .walk import MAX_DEPTH, split_pointer


class DanglingRef(Exception):
    """A `$ref` that names nothing (a missing file, a pointer without a value): what holds it
    can be skipped. A ref apigen must not read (a file outside the allowed folders) raises a
    `GenerationError` instead."""

    def __init__(self, message: str, *, doc: Document, where: str) -> None:
        super().__init__(message)
        self.message = message
        self.doc = doc
        self.where = where


class RemoteRef(DanglingRef):
    """A `$ref` to a URL: apigen never downloads, so it names nothing apigen can read. Treated
    as dangling, except in a schema position, which the bundler opens (any JSON value)."""


def _pointer(tokens: list[str]) -> str:
    return "".join("/" + escape_pointer_token(token) for token in tokens)


class Resolver:
    """The documents of one spec, read once each, and the canonical place of any `$ref`."""

    def __init__(self, root: Document, *, ref_roots: tuple[Path, ...] = (),
                 limits: Limits | None = None) -> None:
        self.root = root
        self.root_dir = root.path.parent
        # External refs resolve inside these folders only: the entry document's folder and
        # the ones the user allowed.
        self.allowed = (self.root_dir.resolve(), *(r.resolve() for r in ref_roots))
        self.limits = limits or Limits()
        self.documents: dict[Path, Document] = {root.path: root}

    def load(self, path: Path) -> Document:
        path = path.resolve()
        if path not in self.documents:
            try:
                display = path.relative_to(self.root_dir).as_posix()
            except ValueError:
                display = path.as_posix()
            self.documents[path] = read_document(path, display=display, limits=self.limits)
        return self.documents[path]

    def fail(self, message: str, *, doc: Document, where: str) -> GenerationError:
        return GenerationError.single(
            message, file=doc.display, line=doc.line_of(where), pointer=where or "/"
        )

    def locate(self, ref: str, *, doc: Document, where: str, hops: int = 0
               ) -> tuple[Document, str]:
        """The canonical (document, pointer) of what `ref`, held in `doc` at `where` (the
        pointer of the mapping holding it), names."""
        target_file, _, fragment = ref.partition("#")
        if "://" in target_file or target_file.startswith("//"):
            raise RemoteRef(
                f"remote $ref {ref!r} not followed: apigen never downloads (save the document "
                "next to the spec and refer to it by relative path)",
                doc=doc, where=where + "/$ref")
        target = doc if not target_file else self._relative(doc, target_file, where)
        tokens = split_pointer(unquote(fragment))
        node: Any = target.data
        done: list[str] = []
        while tokens:
            token = tokens[0]
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            elif isinstance(node, dict) and isinstance(node.get("$ref"), str) \
                    and hops < MAX_DEPTH:
                # The pointer goes on inside the value this `$ref` names.
                hops += 1
                target, base = self.locate(node["$ref"], doc=target, where=_pointer(done),
                                           hops=hops)
                done, node = split_pointer(base), self.value(target, base)
                continue
            else:
                raise DanglingRef(
                    f"unresolvable $ref {ref!r}: {target.display} has nothing at "
                    f"{_pointer([*done, token])}", doc=doc, where=where + "/$ref")
            done.append(token)
            tokens = tokens[1:]
        return target, _pointer(done)

    @staticmethod
    def value(doc: Document, pointer: str) -> Any:
        node = doc.data
        for token in split_pointer(pointer):
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def _relative(self, doc: Document, target_file: str, where: str) -> Document:
        path = (doc.path.parent / unquote(target_file)).resolve()
        if not any(path.is_relative_to(allowed) for allowed in self.allowed):
            raise self.fail(
                f"$ref to {target_file!r} leaves the folders apigen may read (the spec's "
                f"folder{' and ref_roots' if len(self.allowed) > 1 else ''}); allow its "
                "folder with --ref-root or ref_roots in [tool.apigen]",
                doc=doc, where=where + "/$ref")
        if not path.is_file():
            raise DanglingRef(
                f"unresolvable $ref: file {target_file!r} not found next to {doc.display}",
                doc=doc, where=where + "/$ref")
        return self.load(path)
