"""Operations of the served document that overlap on the server's routes, which match a URL
as OpenAPI does: a concrete path before a template that also matches it
(`ServerApi.operations_in_route_order`). The served document must not offer a request that
another operation answers.

- Templated paths that differ only in their parameters' names (Elasticsearch's 27
  `PUT /_inference/{task_type}/{..._inference_id}`) are one route, which OpenAPI forbids: only
  the first is reachable. The others are left out of the served document, with a warning (the
  client still has them: a real server may tell them apart by their bodies).
- A template whose parameter takes the literal segment of a more concrete path
  (`POST /_inference/{task_type}/{inference_id}` beside `POST /_inference/rerank/{inference_id}`)
  never receives those values: the served parameter's enum leaves them out (else it says
  `not: {enum: [rerank]}`).
"""

from __future__ import annotations

import re
from typing import Any

from ..spec.document import Spec
from ..spec.operations import OperationView
from ..spec.views import ParameterView, mapping
from ..spec.walk import HTTP_METHODS, iter_operations

_WHOLE_PARAMETER = re.compile(r"\{([^/{}]+)\}")


def _segments(path: str) -> list[str]:
    return path.split("/")


def _placeholder(segment: str) -> str | None:
    match = _WHOLE_PARAMETER.fullmatch(segment)
    return match.group(1) if match else None


def _route_key(path: str) -> str:
    return _WHOLE_PARAMETER.sub("{}", path)


def taken_value(template: str, concrete: str) -> tuple[str, str] | None:
    """(parameter, literal) when `concrete` is `template` with one whole-segment parameter
    spelled as a literal, every other segment alike (the same text, or a parameter in both)."""
    mine, theirs = _segments(template), _segments(concrete)
    if len(mine) != len(theirs):
        return None
    found: tuple[str, str] | None = None
    for segment, other in zip(mine, theirs, strict=True):
        name, other_name = _placeholder(segment), _placeholder(other)
        if segment == other or (name is not None and other_name is not None):
            continue
        if name is None or "{" in other or "}" in other or found is not None:
            return None
        found = (name, other)
    return found


def served_routes(spec: Spec, served: dict[str, Any]) -> dict[str, Any]:
    """`served` (a shallow copy of `spec.data` whose `paths` may be shared) without the
    operations the server cannot reach and with the values another route takes excluded."""
    operations = [(path, method, pointer) for path, method, _, pointer
                  in iter_operations(served) if "#" not in path]
    first: dict[tuple[str, str], str] = {}
    unreachable: set[tuple[str, str]] = set()
    for path, method, pointer in operations:
        key = (method, _route_key(path))
        if key not in first:
            first[key] = path
            continue
        unreachable.add((path, method))
        spec.warn(f"{method.upper()} {path} is the route of {method.upper()} {first[key]} "
                  "(OpenAPI forbids templated paths that differ only in their parameters' "
                  "names): the server cannot tell their requests apart and answers the first; "
                  "the served openapi.json leaves this one out", pointer)
    taken: dict[tuple[str, str], dict[str, list[str]]] = {}
    for path, method, _ in operations:
        for other, other_method, _ in operations:
            if other_method != method or (other, method) in unreachable:
                continue
            if (found := taken_value(path, other)) is not None:
                taken.setdefault((path, method), {}).setdefault(found[0], []).append(found[1])
    if not unreachable and not taken:
        return served
    paths = dict(served["paths"])
    for (path, method), values in taken.items():
        if (path, method) not in unreachable:
            item = paths[path]
            paths[path] = {**item, method: _narrowed(spec, item, item[method], values)}
    for path, method in unreachable:
        paths[path] = {key: value for key, value in paths[path].items() if key != method}
        if not any(key in HTTP_METHODS for key in paths[path]):
            del paths[path]
    return {**served, "paths": paths}


def _narrowed(spec: Spec, item: dict[str, Any], operation: dict[str, Any],
              values: dict[str, list[str]]) -> dict[str, Any]:
    """`operation` with each path parameter of `values` refusing those literal values (an
    operation-level parameter overrides the path item's of the same name)."""
    merged = OperationView("", "", operation, "", item, spec.data).parameters
    own = list(operation.get("parameters") or [])  # the list the copy writes
    for name, literals in values.items():
        parameter = next((p for p in merged if p.location == "path" and p.name == name), None)
        if parameter is None or not parameter.has_schema:
            continue
        excluded: list[Any] = list(dict.fromkeys(literals))
        excluded += [int(text) for text in excluded if text.isdigit()]
        narrowed = {**parameter.raw, "schema": _without(spec, parameter.schema, excluded)}
        own = [p for p in own if not _is_path_parameter(spec, p, name)]
        own.append(narrowed)
    return {**operation, "parameters": own}


def _is_path_parameter(spec: Spec, parameter: Any, name: str) -> bool:
    view = ParameterView(mapping(spec.deref(parameter)), "")
    return view.location == "path" and view.name == name


def _without(spec: Spec, schema: Any, excluded: list[Any]) -> Any:
    """`schema` refusing the `excluded` values: an enum spelled without them (what a sample
    synthesizer reads), else `not: {enum: excluded}`."""
    resolved = spec.deref(schema)
    choices = resolved.get("enum") if isinstance(resolved, dict) else None
    if isinstance(choices, list):
        remaining = [c for c in choices if c not in excluded]
        return {**resolved, "enum": remaining} if remaining else schema
    return {"allOf": [schema], "not": {"enum": excluded}}
