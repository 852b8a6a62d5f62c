"""Load a spec: read the root file, check its top level, bundle relative-file `$ref`s into it,
reject unrepresentable ref cycles, and repair what can be repaired."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..diagnostics import GenerationError, join_pointer
from .document import Document, Spec, read_document
from .limits import Limits
from .repair import repair_spec
from .schema_values import repair_schema_values
from .walk import COMPONENT_KINDS, MAX_DEPTH, iter_ref_holders, resolve, split_pointer


def _iter_refs(value: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every mapping holding a string `$ref`, with its pointer (see `walk.iter_ref_holders`)."""
    for holder, where in iter_ref_holders(value, pointer):
        if isinstance(holder["$ref"], str):
            yield holder, where


class _Bundler:
    """Pull relative-file `$ref` targets into the root's `components` and make every ref local."""

    def __init__(self, root: Document, root_dir: Path, *, ref_roots: tuple[Path, ...] = (),
                 limits: Limits | None = None) -> None:
        self.root = root
        self.root_dir = root_dir
        # External refs resolve inside these folders only: the entry document's folder and
        # the ones the user allowed.
        self.allowed = (root_dir.resolve(), *(r.resolve() for r in ref_roots))
        self.limits = limits or Limits()
        self.documents: dict[Path, Document] = {root.path: root}
        self.origins: dict[str, tuple[Document, str]] = {}
        # (file, pointer) -> bundled local ref
        self.placed: dict[tuple[Path, str], str] = {}

    def load(self, path: Path) -> Document:
        path = path.resolve()
        if path not in self.documents:
            try:
                display = path.relative_to(self.root_dir).as_posix()
            except ValueError:
                display = path.as_posix()
            self.documents[path] = read_document(path, display=display, limits=self.limits)
        return self.documents[path]

    def bundle(self) -> dict[str, Any]:
        data = self.root.data
        self._rewrite(data, doc=self.root, pointer="", bundled_prefix="")
        return data  # type: ignore[no-any-return]

    def _rewrite(self, value: Any, *, doc: Document, pointer: str, bundled_prefix: str) -> None:
        if doc is self.root and not bundled_prefix:
            self._inline_path_items(value)
        for holder, where in list(_iter_refs(value, pointer)):
            ref = holder["$ref"]
            located = bundled_prefix + where[len(pointer):] if bundled_prefix else where
            holder["$ref"] = self._local_ref(ref, doc=doc, where=where, located=located)

    def _inline_path_items(self, data: Any) -> None:
        """Replace each `$ref`'d path item of `paths` and `webhooks` by its target: operations
        are found by walking path items, and a path item has no component home in 3.0."""
        for section in ("paths", "webhooks"):
            items = data.get(section) if isinstance(data, dict) else None
            if not isinstance(items, dict):
                continue
            for key, item in items.items():
                where = join_pointer(section, key)
                for _ in range(MAX_DEPTH):
                    if not (isinstance(item, dict) and isinstance(item.get("$ref"), str)):
                        break
                    doc, fragment = self._path_item_target(item["$ref"], where)
                    target = copy.deepcopy(resolve(doc.data, fragment))
                    if not isinstance(target, dict):
                        raise self._fail(f"$ref {item['$ref']!r} does not name a path item",
                                         doc=self.root, where=where + "/$ref")
                    if doc is not self.root:
                        self.origins[where] = (doc, fragment)
                        self._rewrite(target, doc=doc, pointer=fragment, bundled_prefix=where)
                    siblings = {k: v for k, v in item.items() if k != "$ref"}
                    item = {**target, **siblings}
                    items[key] = item

    def _path_item_target(self, ref: str, where: str) -> tuple[Document, str]:
        doc, fragment, _ = self._target(ref, doc=self.root, where=where)
        return doc, fragment

    def _target(self, ref: str, *, doc: Document, where: str) -> tuple[Document, str, Any]:
        """The document, fragment and value a `$ref` held in `doc` at `where` names: remote
        refs refused, relative files read (inside the allowed folders only)."""
        target_file, _, fragment = ref.partition("#")
        fragment = unquote(fragment)
        if "://" in target_file:
            raise self._fail(
                f"remote $ref {ref!r} is not supported: apigen never downloads; "
                "save the document next to the spec and refer to it by relative path",
                doc=doc, where=where + "/$ref")
        target_doc = doc if not target_file else self._load_relative(doc, target_file, where)
        try:
            value = resolve(target_doc.data, fragment)
        except KeyError:
            raise self._fail(
                f"unresolvable $ref {ref!r}: {target_doc.display} has nothing at "
                f"{fragment or '/'}", doc=doc, where=where + "/$ref") from None
        return target_doc, fragment, value

    def _fail(self, message: str, *, doc: Document, where: str) -> GenerationError:
        return GenerationError.single(
            message, file=doc.display, line=doc.line_of(where), pointer=where or "/"
        )

    def _local_ref(self, ref: str, *, doc: Document, where: str, located: str) -> str:
        target_doc, fragment, target = self._target(ref, doc=doc, where=where)
        if target_doc is self.root:
            return "#" + fragment
        key = (target_doc.path, fragment)
        if key in self.placed:
            return self.placed[key]
        kind, name = self._placement(fragment, target_doc)
        section = self.root.data.setdefault("components", {}).setdefault(kind, {})
        base, n = name, 2
        # A root component that only `$ref`s this very target (`Pet: {$ref: pets.yaml#/Pet}`)
        # gives its name to the copy instead of making it `Pet2`.
        while name in section and not self._aliases(section[name], target_doc, fragment):
            name, n = f"{base}{n}", n + 1
        local = f"#/components/{kind}/{name}"
        self.placed[key] = local
        copied = copy.deepcopy(target)
        section[name] = copied
        prefix = join_pointer("components", kind, name)
        self.origins[prefix] = (target_doc, fragment)
        self._rewrite(copied, doc=target_doc, pointer=fragment, bundled_prefix=prefix)
        return local

    def _aliases(self, component: Any, target_doc: Document, fragment: str) -> bool:
        """True when a root component is nothing but a `$ref` to this external target."""
        if not (isinstance(component, dict) and set(component) == {"$ref"}
                and isinstance(component["$ref"], str)):
            return False
        target_file, _, ref_fragment = component["$ref"].partition("#")
        return (bool(target_file) and "://" not in target_file
                and unquote(ref_fragment) == fragment
                and (self.root.path.parent / unquote(target_file)).resolve()
                == target_doc.path.resolve())

    def _load_relative(self, doc: Document, target_file: str, where: str) -> Document:
        path = (doc.path.parent / unquote(target_file)).resolve()
        if not any(path.is_relative_to(allowed) for allowed in self.allowed):
            raise self._fail(
                f"$ref to {target_file!r} leaves the folders apigen may read (the spec's "
                f"folder{' and ref_roots' if len(self.allowed) > 1 else ''}); allow its "
                "folder with --ref-root or ref_roots in [tool.apigen]",
                doc=doc,
                where=where + "/$ref",
            )
        if not path.is_file():
            raise self._fail(
                f"unresolvable $ref: file {target_file!r} not found next to {doc.display}",
                doc=doc,
                where=where + "/$ref",
            )
        return self.load(path)

    @staticmethod
    def _placement(fragment: str, doc: Document) -> tuple[str, str]:
        tokens = split_pointer(fragment)
        if len(tokens) >= 3 and tokens[-3] == "components" and tokens[-2] in COMPONENT_KINDS:
            return tokens[-2], tokens[-1]
        if len(tokens) >= 2 and tokens[-2] in ("definitions", "$defs"):
            return "schemas", tokens[-1]
        return "schemas", tokens[-1] if tokens else doc.path.stem


def check_ref_cycles(spec: Spec) -> None:
    """A chain of bare `$ref`s that comes back to itself names no value: reject it, located."""
    for holder, where in _iter_refs(spec.data, ""):
        seen: list[str] = []
        ref: Any = holder["$ref"]
        while isinstance(ref, str) and ref.startswith("#"):
            if ref in seen:
                chain = " -> ".join([*seen, ref])
                raise spec.error(f"cyclic $ref that names no value: {chain}", where + "/$ref")
            seen.append(ref)
            try:
                target = spec.resolve(ref)
            except KeyError:
                raise spec.error(f"unresolvable $ref {ref!r}", where + "/$ref") from None
            ref = target.get("$ref") if isinstance(target, dict) and len(target) == 1 else None


def load_spec(path: Path, *, display: str | None = None, ref_roots: tuple[Path, ...] = (),
              limits: Limits | None = None) -> Spec:
    """Read, check the top level, bundle relative refs, reject unrepresentable ref cycles, and
    repair what can be repaired (with a warning in `Spec.findings`)."""
    path = path.resolve()
    display = display if display is not None else path.as_posix()
    root = read_document(path, display=display, limits=limits)
    data = root.data
    if not isinstance(data, dict):
        raise GenerationError.single(
            "not an OpenAPI document: the top level must be a mapping", file=display, line=1
        )
    if "swagger" in data:
        raise GenerationError.single(
            f"Swagger {data.get('swagger')} is not supported; apigen reads OpenAPI 3.0 and 3.1. "
            "Convert the document first (for example with swagger2openapi or the Swagger "
            "Editor's 'Convert to OpenAPI 3')",
            file=display,
            line=root.line_of("/swagger"),
            pointer="/swagger",
        )
    version = data.get("openapi")
    if version is None:
        raise GenerationError.single(
            "not an OpenAPI document: no 'openapi' version field at the top level",
            file=display,
            line=1,
            pointer="/",
        )
    minor = version.split(".")[:2] if isinstance(version, str) else []
    if minor not in (["3", "0"], ["3", "1"], ["3", "2"]):
        raise GenerationError.single(
            f"unsupported OpenAPI version {version!r}; apigen reads 3.0.x, 3.1.x and 3.2.x",
            file=display,
            line=root.line_of("/openapi"),
            pointer="/openapi",
        )
    bundler = _Bundler(root, path.parent, ref_roots=ref_roots, limits=limits)
    bundled = bundler.bundle()
    spec = Spec(root=root, data=bundled, documents=bundler.documents, origins=bundler.origins)
    if minor == ["3", "2"]:
        spec.warn(f"OpenAPI {version} is read as 3.1: what 3.2 adds (the QUERY method, "
                  "additionalOperations, tag hierarchies, ...) is ignored", "/openapi")
    check_ref_cycles(spec)
    repair_spec(spec)
    repair_schema_values(spec)
    return spec
