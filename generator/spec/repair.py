"""Forgivable mistakes of real-world specs, repaired in the bundled document with a located
warning (`Spec.warn`) so that generation goes on; what cannot be repaired is left to `checks`.

- A path parameter that one operation of a path item declares and a sibling operation forgets
  (Svix declares `{app_id}` on PUT but not on GET): the sibling borrows the declaration; one
  that no operation declares becomes a required string path parameter.
- Operations of one path item sharing an operationId (FastAPI's GET and HEAD of one route):
  the later ones get the method appended (`v1.health.get` -> `v1.health.get_head`). The same
  id on different paths stays an error.
- Security requirements naming a scheme `components.securitySchemes` does not define: the
  requirement is dropped (nobody could satisfy it).
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import escape_pointer_token
from .document import Spec
from .walk import HTTP_METHODS, deref, iter_schemas

_PATH_PARAM = re.compile(r"{([^}/]+)}")


def repair_spec(spec: Spec) -> None:
    """Repair `spec.data` in place; each repair is recorded as a warning."""
    _drop_malformed_operation_ids(spec)
    _drop_malformed_schema_keywords(spec)
    _borrow_path_parameters(spec)
    _rename_shared_operation_ids(spec)
    _drop_undefined_security(spec)


def _drop_malformed_schema_keywords(spec: Spec) -> None:
    """Keywords that cannot be read as what they must be are dropped, in one walk:
    - `required` is a list of property names (not `required: true` on a property, Swagger
      style, nor a string);
    - a discriminator is a mapping naming its `propertyName` (not Swagger 2's bare property
      name, nor a number), else the models would name a field that may not exist."""
    for schema, where in list(iter_schemas(spec.data)):
        required = schema.get("required")
        if required is not None and not (
                isinstance(required, list) and all(isinstance(name, str) for name in required)):
            del schema["required"]
            spec.warn(f"'required' of a schema must be a list of property names, not "
                      f"{type(required).__name__}; ignored", where + "/required")
        if "discriminator" in schema:
            value = schema["discriminator"]
            if not (isinstance(value, dict) and isinstance(value.get("propertyName"), str)
                    and value["propertyName"]):
                del schema["discriminator"]
                spec.warn("a discriminator must be a mapping with a 'propertyName' string; "
                          "ignored (variants are told apart by their shapes)",
                          where + "/discriminator")


def _drop_malformed_operation_ids(spec: Spec) -> None:
    """An operationId that is not a non-empty string names nothing: the operation is named
    from its method and path instead."""
    paths = spec.data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op_id = operation["operationId"]
            if isinstance(op_id, str) and op_id.strip():
                continue
            del operation["operationId"]
            spec.warn(f"operationId must be a non-empty string, not {type(op_id).__name__} "
                      f"{str(op_id)[:40]!r}; the operation is named from its method and path",
                      f"/paths/{escape_pointer_token(path)}/{method}/operationId")


def _path_declarations(spec: Spec, raw_list: Any) -> dict[str, Any]:
    """Path parameters a `parameters` list declares: name -> the list entry (maybe a `$ref`)."""
    declared: dict[str, Any] = {}
    for raw in raw_list if isinstance(raw_list, list) else []:
        param = deref(spec.data, raw)
        if isinstance(param, dict) and param.get("in") == "path" and isinstance(
                param.get("name"), str):
            declared.setdefault(param["name"], raw)
    return declared


def _borrow_path_parameters(spec: Spec) -> None:
    paths = spec.data.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        names = _PATH_PARAM.findall(path) if isinstance(path, str) else []
        if not names or not isinstance(item, dict):
            continue
        shared = _path_declarations(spec, item.get("parameters"))
        operations = [(m, item[m]) for m in HTTP_METHODS if isinstance(item.get(m), dict)]
        own = {m: _path_declarations(spec, op.get("parameters")) for m, op in operations}
        for method, operation in operations:
            if not isinstance(operation.get("parameters", []), list):
                continue  # `checks` reports the malformed list
            for name in names:
                if name in shared or name in own[method]:
                    continue
                lender = next((m for m, _ in operations if name in own[m]), None)
                escaped = escape_pointer_token(path)
                if lender is None:  # nobody declares it: the one reading is a string
                    operation.setdefault("parameters", []).append(
                        {"name": name, "in": "path", "required": True,
                         "schema": {"type": "string"}})
                    spec.warn(f"path parameter {{{name}}} in {path!r} is not declared for "
                              f"{method.upper()}; declared as a required string",
                              f"/paths/{escaped}/{method}")
                    continue
                operation.setdefault("parameters", []).append(own[lender][name])
                spec.warn(
                    f"path parameter {{{name}}} in {path!r} is not declared for "
                    f"{method.upper()}; using the declaration of {lender.upper()} on the same "
                    "path",
                    f"/paths/{escaped}/{method}",
                )


def _rename_shared_operation_ids(spec: Spec) -> None:
    paths = spec.data.get("paths")
    if not isinstance(paths, dict):
        return
    items = [(p, i) for p, i in paths.items() if isinstance(i, dict)]
    taken = {op.get("operationId") for _, item in items for m in HTTP_METHODS
             if isinstance(op := item.get(m), dict)}
    for path, item in items:
        first: dict[str, str] = {}
        for method, operation in item.items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            op_id = operation.get("operationId")
            if not isinstance(op_id, str) or not op_id:
                continue
            if op_id not in first:
                first[op_id] = method
                continue
            new, n = f"{op_id}_{method}", 2
            while new in taken:
                new, n = f"{op_id}_{method}{n}", n + 1
            taken.add(new)
            operation["operationId"] = new
            escaped = escape_pointer_token(path)
            spec.warn(
                f"operationId {op_id!r} is also used by {first[op_id].upper()} of the same path;"
                f" this operation is called {new!r}",
                f"/paths/{escaped}/{method}/operationId",
            )


def _drop_undefined_security(spec: Spec) -> None:
    schemes = (spec.data.get("components") or {}).get("securitySchemes")
    defined = set(schemes) if isinstance(schemes, dict) else set()
    holders: list[tuple[dict[str, Any], str]] = [(spec.data, "")]
    paths = spec.data.get("paths")
    for path, item in (paths.items() if isinstance(paths, dict) else ()):
        escaped = escape_pointer_token(path)
        holders += [(item[m], f"/paths/{escaped}/{m}") for m in HTTP_METHODS
                    if isinstance(item, dict) and isinstance(item.get(m), dict)]
    for holder, pointer in holders:
        requirements = holder.get("security")
        if not isinstance(requirements, list):
            continue
        kept = []
        for index, requirement in enumerate(requirements):
            unknown = sorted(str(k) for k in requirement if k not in defined) if isinstance(
                requirement, dict) else []
            if unknown:
                spec.warn(f"security requirement names undefined scheme(s) "
                          f"{', '.join(unknown)}; it is ignored", f"{pointer}/security/{index}")
            else:
                kept.append(requirement)
        if len(kept) != len(requirements):
            holder["security"] = kept
