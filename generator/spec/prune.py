"""What a `$ref` that names nothing (a missing file, a pointer without a value) costs: the
smallest unit that holds it is skipped with a located warning, and the rest is generated.

The units are an operation, a path item's shared part (its `parameters`: the whole path item
goes), and a component. A unit that refers to a skipped component is skipped too, until nothing
changes. A dangling `$ref` inside data apigen does not read (an `x-` extension, a tag's
description) is left as it is, with a warning; one outside every unit that apigen does read (a
whole `components` section) is refused. Under `--strict` every warning here refuses the
document.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import GenerationError
from .document import Spec
from .resolve import DanglingRef
from .walk import HTTP_METHODS, iter_ref_holders, iter_schemas, split_pointer


def _unit(pointer: str) -> str | None:
    """The pointer of the skippable unit that contains `pointer`, or None."""
    tokens = pointer.split("/")  # escaped tokens: the unit keeps the bundle's spelling
    if len(tokens) >= 4 and tokens[1] == "components":
        return "/".join(tokens[:4])
    if len(tokens) >= 3 and tokens[1] in ("paths", "webhooks"):
        if len(tokens) >= 4 and tokens[3] in HTTP_METHODS:
            return "/".join(tokens[:4])
        return "/".join(tokens[:3])
    return None


def _describe(unit: str) -> str:
    tokens = split_pointer(unit)
    if tokens[0] == "components":
        return f"{tokens[1]} component {tokens[2]!r}"
    if len(tokens) == 3:
        return f"operation {tokens[2].upper()} {tokens[1]}"
    return f"path item {tokens[1]!r} (all its operations)"


def _uses(data: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """unit -> [(unit it refers to, pointer of the reference)], local refs only."""
    uses: dict[str, list[tuple[str, str]]] = {}

    def add(where: str, ref: Any) -> None:
        if isinstance(ref, str) and ref.startswith("#/"):
            source, target = _unit(where), _unit(ref[1:])
            if source and target and source != target:
                uses.setdefault(source, []).append((target, where))

    for holder, where in iter_ref_holders(data, ""):
        add(where + "/$ref", holder["$ref"])
    for schema, where in iter_schemas(data):
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        for key, value in mapping.items() if isinstance(mapping, dict) else ():
            add(f"{where}/discriminator/mapping/{key}", value)
    return uses


def prune_dangling(spec: Spec, dangling: list[tuple[str, str, DanglingRef]]) -> None:
    """Skip what holds a dangling `$ref` (see the module's docstring), each with a warning."""
    if not dangling:
        return
    skipped: dict[str, tuple[str, str]] = {}  # unit -> (why, pointer of the cause)
    for located, kind, exc in dangling:
        if kind == "other":  # inside data apigen does not read (an extension, say)
            spec.warn(f"{exc.message}; left as it is", located + "/$ref")
            continue
        unit = _unit(located)
        if unit is None:
            raise GenerationError.single(exc.message, file=exc.doc.display,
                                         line=exc.doc.line_of(exc.where), pointer=exc.where)
        skipped.setdefault(unit, (exc.message, located + "/$ref"))
    uses = _uses(spec.data)
    changed = True
    while changed:
        changed = False
        for unit, targets in uses.items():
            if unit in skipped:
                continue
            for target, where in targets:
                if target in skipped:
                    skipped[unit] = (f"it refers to {_describe(target)}, which is skipped",
                                     where)
                    changed = True
                    break
    for unit in sorted(skipped, key=lambda u: (_unit_rank(u), u)):
        why, where = skipped[unit]
        spec.warn(f"{why}; {_describe(unit)} skipped", where)
        _delete(spec.data, unit)


def _unit_rank(unit: str) -> int:
    return 1 if unit.startswith("/components/") else 0


def _delete(data: dict[str, Any], unit: str) -> None:
    *parents, last = split_pointer(unit)
    node: Any = data
    for token in parents:
        node = node.get(token) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)
