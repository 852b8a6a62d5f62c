"""Numbered class names in a generated `models.py`, judged against the spec's own names.

A class name is *numbered* when it ends in digits the spec did not write there: a counter
datamodel-code-generator (or apigen) added to tell two classes apart (`Type17`, `Item2`,
`SubscriptionSchedule1`, `PetPet1`). Digits the spec wrote are fine: a schema or property called
`p24` or `line1` (`PaymentMethodP24`, `AddressLine1`), a title or an enum value ending in
digits, or a status code after `Response` (`GetTaxRatesResponse200`).

The spec's names are read from the documents as written (the entry file and every file it
refers to), not from the bundled `openapi.json`, where apigen itself may have numbered a
schema pulled in from another file.

`spec clash` marks a numbered name that no path could avoid: several component names of the
spec become the same class name (`Pet.Owner`, `pet-owner`, `PetOwner`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from generator.naming import class_identifier

_CLASS = re.compile(r"^class\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_TRAILING_DIGITS = re.compile(r"\d+$")
# Keys whose values are data, not names: a property called `p24` in an example is no schema.
_DATA = frozenset({"example", "examples", "default", "description", "summary"})
# String values that are names the generator builds class names from.
_NAMING_VALUES = frozenset({"operationId", "title", "const", "enum", "$ref", "propertyName",
                            "required"})


@dataclass(frozen=True)
class Numbered:
    name: str
    reason: str
    """`counter`, or `spec clash: <spec names>` when no path-derived name could tell the
    classes apart."""

    @property
    def avoidable(self) -> bool:
        return self.reason == "counter"

    def __str__(self) -> str:
        return self.name if self.avoidable else f"{self.name} ({self.reason})"


def class_names(models_py: str) -> list[str]:
    """The module-level classes of a `models.py`, in order (apigen's private helpers aside)."""
    return [name for name in _CLASS.findall(models_py) if not name.startswith("_")]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader (the C one when built)


def spec_documents(entry: Path) -> Iterator[Any]:
    """The entry document and every document it refers to, as written."""
    seen: set[Path] = set()
    pending = [entry.resolve()]
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        data = _load(path)
        yield data
        for ref in _refs(data):
            target = unquote(ref.partition("#")[0])
            if target and "://" not in target:
                pending.append((path.parent / target).resolve())


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@dataclass(frozen=True)
class SpecNames:
    words: frozenset[str]
    """Normalised names from the spec that end in digits (`p24`, `line1`, `v2`)."""
    status_codes: frozenset[str]
    components: dict[str, frozenset[str]]
    """Class identifier -> the component names of the spec that become it."""


def spec_names(documents: list[Any]) -> SpecNames:
    words: set[str] = set()
    codes: set[str] = set()
    components: dict[str, set[str]] = {}

    def add(text: str) -> None:
        for part in {text, *re.split(r"[^A-Za-z0-9]+", text)}:
            norm = _norm(part)
            if norm and norm[-1].isdigit() and re.search(r"[a-z]", norm):
                words.add(norm)

    stack: list[tuple[Any, str]] = [(document, "") for document in documents]
    while stack:
        node, key = stack.pop()
        if isinstance(node, dict):
            for name, value in node.items():
                name = str(name)
                add(name)
                if key == "responses" and re.fullmatch(r"\d{3}", name):
                    codes.add(name)
                if name not in _DATA:
                    stack.append((value, name))
        elif isinstance(node, list):
            stack.extend((item, key) for item in node)
        elif isinstance(node, str) and key in _NAMING_VALUES:
            add(node)
    for document in documents:
        schemas = (document.get("components") or {}).get("schemas") if isinstance(
            document, dict) else None
        names = list(schemas) if isinstance(schemas, dict) else list(document or {})
        for name in names:
            components.setdefault(class_identifier(str(name)), set()).add(str(name))
    return SpecNames(frozenset(words), frozenset(codes),
                     {k: frozenset(v) for k, v in components.items()})


def numbered_names(names: list[str], spec: SpecNames) -> list[Numbered]:
    """The numbered names among `names`, each with why (see the module docstring)."""
    found = []
    for name in names:
        digits = _TRAILING_DIGITS.search(name)
        if not digits:
            continue
        run, norm = digits.group(), _norm(name)
        if any(norm.endswith(word) and word.endswith(run) for word in spec.words):
            continue
        if run in spec.status_codes and norm.endswith("response" + run):
            continue
        stem = name[: -len(run)]
        clash = spec.components.get(stem, frozenset())
        if len(clash) > 1:
            found.append(Numbered(name, "spec clash: " + ", ".join(sorted(clash))))
        else:
            found.append(Numbered(name, "counter"))
    return found


def numbered_in_package(models_py: Path, entry: Path) -> list[Numbered]:
    """The numbered class names of a generated `models.py` for the spec at `entry`."""
    documents = list(spec_documents(entry))
    return numbered_names(class_names(models_py.read_text(encoding="utf-8")),
                          spec_names(documents))
