"""Write a single-file OpenAPI document as a random multi-file layout that means the same.

Each component section stays, moves whole into a file of its own, or has each of its
components in a file of its own; each path item stays, moves into a file, or has each of its
operations in a file. Files sit in nested folders. Every `#/components/...` reference of moved
content (and, at random, of the entry document) becomes a relative file reference from the file
that holds it (`../parameters/Limit.yaml`, `schemas.yaml#/Pet`), or a reference through the
entry document (`../../api.yaml#/components/schemas/Pet`); discriminator mapping values too.
Literal data and `x-` extensions are left as they are.
"""

from __future__ import annotations

import copy
import os
import random
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.diagnostics import escape_pointer_token
from generator.spec.walk import HTTP_METHODS, iter_ref_holders, split_pointer

ENTRY = "api.yaml"
_FOLDERS = ("", "parts/", "parts/deep/", "other/")


def _esc(token: str) -> str:
    return escape_pointer_token(token)


def _mappings(value: Any) -> list[dict[str, Any]]:
    """Every discriminator mapping inside `value` (whatever part of a document it is)."""
    found = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            discriminator = node.get("discriminator")
            if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
                found.append(discriminator["mapping"])
            stack.extend(v for k, v in node.items() if k not in ("example", "examples", "default"))
        elif isinstance(node, list):
            stack.extend(node)
    return found


class _Layout:
    def __init__(self, doc: dict[str, Any], rng: random.Random) -> None:
        self.doc = doc
        self.rng = rng
        self.files: dict[str, Any] = {}
        # (section, name) -> (file, pointer in it) of the component's content
        self.homes: dict[tuple[str, str], tuple[str, str]] = {}

    def plan(self) -> None:
        components = self.doc.get("components") or {}
        for section, entries in components.items():
            if not isinstance(entries, dict) or section.startswith("x-"):
                continue
            choice = self.rng.choice(("stay", "section", "each"))
            folder = self.rng.choice(_FOLDERS)
            if choice == "section":
                file = f"{folder}sections/{section}.yaml"
                for name in entries:
                    self.homes[(section, name)] = (file, "/" + _esc(name))
            elif choice == "each":
                for index, name in enumerate(entries):
                    file = f"{self.rng.choice(_FOLDERS)}{section}/c{index}.yaml"
                    self.homes[(section, name)] = (file, "")
            else:
                for name in entries:
                    self.homes[(section, name)] = (ENTRY, f"/components/{section}/{_esc(name)}")

    def ref(self, ref: str, *, holder_file: str) -> str:
        """`ref` (local to the single document) as seen from `holder_file`."""
        tokens = split_pointer(ref)
        base = PurePosixPath(holder_file).parent
        if len(tokens) >= 3 and tokens[0] == "components" \
                and (tokens[1], tokens[2]) in self.homes:
            if self.rng.random() < 0.2:
                return self._relative(base, ENTRY) + ref  # through the entry document
            file, pointer = self.homes[(tokens[1], tokens[2])]
            rest = "".join("/" + _esc(t) for t in tokens[3:])
            fragment = pointer + rest
            if file == holder_file:
                return "#" + fragment
            return self._relative(base, file) + ("#" + fragment if fragment else "")
        if holder_file == ENTRY:
            return ref
        return self._relative(base, ENTRY) + ref

    @staticmethod
    def _relative(base: PurePosixPath, file: str) -> str:
        relative = os.path.relpath(file, base.as_posix() or ".")
        return relative if relative.startswith("..") else "./" + relative

    def rewrite(self, value: Any, holder_file: str) -> Any:
        """Every component reference of `value` made relative to `holder_file`."""
        for holder, where in list(iter_ref_holders(value, "")):
            if isinstance(holder["$ref"], str) and holder["$ref"].startswith("#") and not any(
                    t.startswith("x-") for t in split_pointer(where)):
                if holder_file == ENTRY and self.rng.random() < 0.5:
                    continue
                holder["$ref"] = self.ref(holder["$ref"], holder_file=holder_file)
        for mapping in _mappings(value):
            for key, target in list(mapping.items()):
                if isinstance(target, str) and target.startswith("#/"):
                    mapping[key] = self.ref(target, holder_file=holder_file)
        return value

    def add(self, file: str, value: Any) -> dict[str, str]:
        self.files[file] = self.rewrite(value, file)
        return {"$ref": self._relative(PurePosixPath(ENTRY).parent, file)}

    def build(self) -> None:
        entry = copy.deepcopy(self.doc)
        components = entry.get("components") or {}
        for section in list(components):
            entries = components[section]
            homes = [self.homes.get((section, name)) for name in entries] \
                if isinstance(entries, dict) else []
            if not homes or homes[0] is None or homes[0][0] == ENTRY:
                continue
            if homes[0][1]:  # the whole section in one file
                components[section] = self.add(homes[0][0], entries)
                continue
            for name, (file, _) in zip(list(entries), homes, strict=True):
                entries[name] = self.add(file, entries[name])
        for index, (path, item) in enumerate(list((entry.get("paths") or {}).items())):
            choice = self.rng.choice(("stay", "file", "operations"))
            folder = self.rng.choice(_FOLDERS)
            if choice == "file" and isinstance(item, dict):
                entry["paths"][path] = self.add(f"{folder}paths/p{index}.yaml", item)
            elif choice == "operations" and isinstance(item, dict):
                for method in HTTP_METHODS:
                    if isinstance(item.get(method), dict):
                        item[method] = self.add(f"{folder}ops/p{index}/{method}.yaml",
                                                item[method])
        self.files[ENTRY] = self.rewrite(entry, ENTRY)


def write_split(doc: dict[str, Any], folder: Path, seed: int) -> Path:
    """Write `doc` split at random (by `seed`) under `folder`; the entry file's path."""
    layout = _Layout(doc, random.Random(seed))
    layout.plan()
    layout.build()
    for name, value in layout.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True),
                        encoding="utf-8")
    return folder / ENTRY
