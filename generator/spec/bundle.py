"""Bundle a multi-file spec into one document whose every `$ref` is local.

One walk over the entry document knows the kind of every position (`walk.child_kind`: a
parameter, a response, a schema, ...). A `$ref` is followed relative to the file that holds it
(`resolve.Resolver`), and what it brings in is filed by the kind of the position that refers to
it: a parameter under `components/parameters`, a response under `components/responses`, a
schema under `components/schemas`, and so on. What has no component home is put in place of the
reference: path items (operations are found by walking `paths`), operations, whole sections
(`components: {schemas: {$ref: schemas.yaml}}`), and anything outside the OpenAPI objects
(`x-` extensions, a description kept in another file).

A component of the entry document that is nothing but a reference to another file
(`Pet: {$ref: pet.yaml}`), and every entry of a section kept in another file, claims its target
before the walk: every other route to that target then refers to that component by its name,
so a document split into files bundles to the document it was split from. A target with no
claim is filed under its own name (the pointer's last token, else the file's stem), numbered
when the name is taken (`Pet2`), in the order the walk meets it. A target reached from several
files is filed once.

A `$ref` that names nothing is recorded, not raised: `prune` decides what it costs.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import GenerationError, escape_pointer_token
from .document import Document
from .resolve import DanglingRef, RemoteRef, Resolver
from .walk import COMPONENT_OF_KIND, MAX_DEPTH, child_kind, split_pointer

_INVALID_NAME = re.compile(r"[^A-Za-z0-9._-]")
# Kinds whose targets in other files are filed as components; every other kind's target is put
# in place of the reference (a path item, an operation, a whole section, extension data).
_PLACED_KINDS = frozenset(kind for kind in COMPONENT_OF_KIND if kind != "pathItem")
# A discriminator mapping value that is a reference, not a schema name.
_REFERENCE_LIKE = re.compile(r"[#/]|\.(ya?ml|json)$")

# Most references put in place of themselves in one document: references that fan out through
# path items or callbacks could otherwise copy a file exponentially often.
MAX_INLINED = 100_000

# One position to visit: its container and key, kind, the document and pointer its content
# comes from, its pointer in the bundle, and how many references were put in place above it.
_Task = tuple[Any, Any, str, Document, str, str, int]


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _join(pointer: str, key: str | int) -> str:
    return f"{pointer}/{escape_pointer_token(key)}"


class Bundler:
    """Bundle the resolver's entry document; `dangling` lists the refs that named nothing
    (bundle pointer of the holder, kind of its position, the problem)."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.root = resolver.root
        self.origins: dict[str, tuple[Document, str]] = {}
        # (file, pointer, kind) -> the local ref of the component it is filed as
        self.placed: dict[tuple[Any, str, str], str] = {}
        # (file, pointer) -> where that value is in the bundle
        self.homes: dict[tuple[Any, str], str] = {}
        self.names: dict[str, set[str]] = {}
        self.extra: dict[str, dict[str, Any]] = {}
        self.dangling: list[tuple[str, str, DanglingRef]] = []
        self.opened: list[tuple[str, str]] = []  # (pointer, why): remote schema refs opened
        self.stack: list[_Task] = []
        self.inlined = 0

    def bundle(self) -> dict[str, Any]:
        out = _copy(self.root.data)
        self._claim_components()
        box = [out]
        self.stack.append((box, 0, "document", self.root, "", "", 0))
        while self.stack:
            self._visit(*self.stack.pop())
        out = box[0]
        if self.extra and isinstance(out, dict):
            components = out.setdefault("components", {})
            for section, entries in self.extra.items():
                if isinstance(components, dict) and isinstance(
                        components.setdefault(section, {}), dict):
                    components[section].update(entries)
        return out  # type: ignore[no-any-return]

    def _claim_components(self) -> None:
        """File the targets of the entry document's components (and of its sections kept in
        other files) under those components' names. Claims go hop by hop across all
        components: `A: {$ref: a.yaml}` with a.yaml `{$ref: b.yaml}` and `B: {$ref: b.yaml}`
        leaves b.yaml to B, so A stays a reference to B."""
        doc, pointer, components = self._through(self.root, "/components",
                                                 self.root.data.get("components"))
        self._home(doc, pointer, "/components")
        chains: list[tuple[str, str, Document, str, Any]] = []
        for section, kind in ((s, k) for k, s in COMPONENT_OF_KIND.items()):
            value = components.get(section) if isinstance(components, dict) else None
            section_doc, section_pointer, entries = self._through(
                doc, _join(pointer, section), value)
            if not isinstance(entries, dict):
                continue
            self._home(section_doc, section_pointer, f"/components/{section}")
            taken = self.names.setdefault(section, set())
            for name, entry in entries.items():
                taken.add(name)
                slot = _join(f"/components/{section}", name)
                chains.append((slot, kind, section_doc, _join(section_pointer, name), entry))
        for hop in range(MAX_DEPTH):
            following = []
            for slot, kind, where, at, entry in chains:
                if where is self.root:
                    if hop:  # a chain back into the entry document ends there
                        continue
                else:
                    self.placed.setdefault((where.path, at, kind), "#" + slot)
                    self._home(where, at, slot)
                if not (isinstance(entry, dict) and isinstance(entry.get("$ref"), str)):
                    continue
                try:
                    target, pointer = self.resolver.locate(entry["$ref"], doc=where, where=at)
                except DanglingRef:
                    continue
                following.append((slot, kind, target, pointer,
                                  self.resolver.value(target, pointer)))
            chains = following

    def _home(self, doc: Document, pointer: str, located: str) -> None:
        """Remember where a value of another file is in the bundle (the first place wins)."""
        if doc is not self.root:
            self.homes.setdefault((doc.path, pointer), located)

    def _within(self, doc: Document, pointer: str, kind: str, located: str) -> str | None:
        """The local ref of a value inside something already in the bundle, else None. A
        schema of `definitions` or `$defs` is a named schema: filed as its own component. Data
        outside the OpenAPI objects that refers to a value it is itself being copied from
        refers to that copy (a cycle), else it is copied again."""
        tokens = split_pointer(pointer)
        if kind == "schema" and len(tokens) >= 2 and tokens[-2] in ("definitions", "$defs"):
            return None
        home = self.homes.get((doc.path, pointer)) if kind == "other" else None
        if home is not None and located.startswith(home + "/"):
            return "#" + home
        for end in range(len(tokens) - 1, -1, -1):
            home = self.homes.get((doc.path, "".join(_join("", t) for t in tokens[:end])))
            if home is not None:
                return "#" + home + "".join(_join("", t) for t in tokens[end:])
        return None

    def _through(self, doc: Document, pointer: str, value: Any) -> tuple[Document, str, Any]:
        """Where a value that may be a chain of references to other files really is."""
        for _ in range(MAX_DEPTH):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                break
            try:
                doc, pointer = self.resolver.locate(value["$ref"], doc=doc, where=pointer)
            except DanglingRef:
                break
            value = self.resolver.value(doc, pointer)
        return doc, pointer, value

    def _visit(self, parent: Any, key: Any, kind: str, doc: Document, source: str,
               located: str, depth: int) -> None:
        node = parent[key]
        if kind == "literal":
            return
        if kind == "exampleValue":
            self._example_file(parent, key, doc, source, located)
            return
        if kind == "mapping" and isinstance(node, dict):
            for name, value in node.items():
                if isinstance(value, str) and _REFERENCE_LIKE.search(value):
                    node[name] = self._mapping_ref(value, doc, _join(source, name),
                                                   _join(located, name))
            return
        if isinstance(node, dict) and isinstance(node.get("$ref"), str) and self._reference(
                parent, key, kind, doc, source, located, depth):
            return  # put in place: the new value is visited by its own task
        if isinstance(node, dict):
            items = [(k, v) for k, v in node.items() if not (k == "$ref" and isinstance(v, str))]
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            return
        for name, value in reversed(items):
            if isinstance(value, (dict, list)):
                self.stack.append((node, name, child_kind(kind, name), doc,
                                   _join(source, name), _join(located, name), depth))

    def _reference(self, parent: Any, key: Any, kind: str, doc: Document, source: str,
                   located: str, depth: int) -> bool:
        """Rewrite the `$ref` at `parent[key]`; True when its target was put in its place."""
        holder = parent[key]
        if kind == "other" and "://" in holder["$ref"].partition("#")[0]:
            return False  # opaque data (an extension, say) is not fetched, nor refused
        try:
            target, pointer = self.resolver.locate(holder["$ref"], doc=doc, where=source)
        except RemoteRef as exc:
            if kind != "schema":
                self.dangling.append((located, kind, exc))
                return False
            # Some JSON value described elsewhere: the schema is opened (any value), the
            # operation kept; its siblings (a description, say) stay.
            del holder["$ref"]
            self.opened.append((located, f"{exc.message}; the schema accepts any JSON value"))
            return False
        except DanglingRef as exc:
            self.dangling.append((located, kind, exc))
            return False
        if kind in _PLACED_KINDS or kind == "other":
            if target is self.root:
                if doc is not self.root or not holder["$ref"].startswith("#"):
                    holder["$ref"] = "#" + pointer
                return False
            local = self.placed.get((target.path, pointer, kind))
            if local != "#" + located:  # else: this is the component that claimed it
                local = local or self._within(target, pointer, kind, located)
                if local is None and kind in _PLACED_KINDS:
                    local = self._place(target, pointer, kind)
                if local is not None:
                    holder["$ref"] = local
                    return False
        self.inlined += 1
        if depth >= MAX_DEPTH:
            raise self.resolver.fail(
                f"$ref {holder['$ref']!r} keeps leading to references: a cycle of "
                f"{kind} references names no value", doc=doc, where=source + "/$ref")
        if self.inlined > MAX_INLINED:
            raise self.resolver.fail(
                f"references put in place of themselves pass {MAX_INLINED} (they fan out "
                f"through path items, operations or sections); the last one: "
                f"{holder['$ref']!r}", doc=doc, where=source + "/$ref")
        value = _copy(self.resolver.value(target, pointer))
        if isinstance(value, dict):
            value.update((k, v) for k, v in holder.items() if k != "$ref")
        parent[key] = value
        self.origins[located] = (target, pointer)
        self._home(target, pointer, located)
        self.stack.append((parent, key, kind, target, pointer, located, depth + 1))
        return True

    def _example_file(self, parent: Any, key: Any, doc: Document, source: str,
                      located: str) -> None:
        """An example value is data, but one that is nothing but a `$ref` to a file that
        exists (`example: {$ref: examples.yml#/pet}`) can only mean that file's value: it is
        put in place, as data. Anything else (a remote URL, a missing file) stays data."""
        node = parent[key]
        ref = node.get("$ref") if isinstance(node, dict) and len(node) == 1 else None
        if not isinstance(ref, str):
            return
        file = ref.partition("#")[0]
        if not file or "://" in file or file.startswith("//"):
            return
        try:
            target, pointer = self.resolver.locate(ref, doc=doc, where=source)
        except (DanglingRef, GenerationError):
            return
        parent[key] = _copy(self.resolver.value(target, pointer))
        self.origins[located] = (target, pointer)

    def _place(self, target: Document, pointer: str, kind: str) -> str:
        """File an unclaimed target of another file as a new component; its local ref."""
        section = COMPONENT_OF_KIND[kind]
        tokens = split_pointer(pointer)
        base = _INVALID_NAME.sub("_", tokens[-1] if tokens else target.path.stem) or section
        taken = self.names.setdefault(section, set())
        name, number = base, 2
        while name in taken:
            name, number = f"{base}{number}", number + 1
        taken.add(name)
        located = _join(f"/components/{section}", name)
        local = "#" + located
        self.placed[(target.path, pointer, kind)] = local
        self._home(target, pointer, located)
        entries = self.extra.setdefault(section, {})
        entries[name] = _copy(self.resolver.value(target, pointer))
        self.origins[located] = (target, pointer)
        self.stack.append((entries, name, kind, target, pointer, located, 0))
        return local

    def _mapping_ref(self, ref: str, doc: Document, source: str, located: str) -> str:
        """A discriminator mapping value naming a schema by reference, made local."""
        holder = {"$ref": ref}
        self._reference({"": holder}, "", "schema", doc, source, located, MAX_DEPTH)
        return str(holder["$ref"])
