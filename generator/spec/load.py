"""Load a spec: read the root file, check its top level, bundle the `$ref`s into other files
into it (`bundle.py`; what a dangling `$ref` costs: `prune.py`), reject unrepresentable ref
cycles, and repair what can be repaired."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..diagnostics import GenerationError
from .bundle import Bundler
from .document import Spec, read_document
from .limits import Limits
from .prune import prune_dangling
from .repair import repair_spec
from .resolve import Resolver
from .schema_values import repair_schema_values
from .walk import iter_ref_holders


def _iter_refs(value: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every mapping holding a string `$ref`, with its pointer (see `walk.iter_ref_holders`)."""
    for holder, where in iter_ref_holders(value, pointer):
        if isinstance(holder["$ref"], str):
            yield holder, where


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
    resolver = Resolver(root, ref_roots=ref_roots, limits=limits)
    bundler = Bundler(resolver)
    bundled = bundler.bundle()
    spec = Spec(root=root, data=bundled, documents=resolver.documents, origins=bundler.origins)
    prune_dangling(spec, bundler.dangling)
    for located, why in bundler.opened:
        spec.warn(why, located + "/$ref")
    if minor == ["3", "2"]:
        spec.warn(f"OpenAPI {version} is read as 3.1: what 3.2 adds (the QUERY method, "
                  "additionalOperations, tag hierarchies, ...) is ignored", "/openapi")
    check_ref_cycles(spec)
    repair_spec(spec)
    repair_schema_values(spec)
    return spec
