"""Forgivable mistakes of real-world specs, repaired in the bundled document with a located
warning (`Spec.warn`) so that generation goes on; what cannot be repaired is left to `checks`.

- A path parameter that one operation of a path item declares and a sibling operation forgets
  (Svix declares `{app_id}` on PUT but not on GET): the sibling borrows the declaration; one
  that no operation declares becomes a required string path parameter.
- A path parameter without `required: true` (fastapi-code-generator's own test documents):
  a path parameter is always sent, so it is read as required.
- A path parameter whose `{placeholder}` the path lacks: when a placeholder nobody declares
  is the same name spelled otherwise (`{userId}` for `user_id`: equal without case, `_` and
  `-`), the parameter takes the placeholder's spelling; otherwise it is dropped (no request
  could carry it, and a server would refuse every call for want of it).
- Operations sharing an operationId (FastAPI's GET and HEAD of one route, a vendor's `list`
  on 17 paths): the later ones get the method appended on the same path
  (`v1.health.get` -> `v1.health.get_head`), else the words of their path (`list_orgs_members`).
- A property an object schema requires and declares nowhere (Hatchet's V1TaskSummary `id`)
  is declared as any value (or as its `additionalProperties` schema), so the models keep it.
- Discriminators that map one schema under different tags (DigitalOcean's droplet actions) are
  dropped: a model carries one set of tag values, so one union refused a tag it allows.
- Security requirements naming a scheme `components.securitySchemes` does not define: the
  requirement is dropped (nobody could satisfy it).
- An operation that answers nothing but `101 Switching Protocols` (a WebSocket endpoint
  documented as a GET) is no request and response an HTTP client makes: skipped.
- An operation that declares no success response (no `1XX`-`3XX` status and no `default`: no
  responses at all, which 3.1 allows, or errors only): it gets `2XX` without a body, the answer
  the generated server sends (200, empty) and the client accepts (None), so that the served
  document declares what the server does.
- A response whose status carries no body in HTTP (`204`, `205`, `304`, RFC 9110) and declares
  `content`: the content is dropped (no client could receive it; FastAPI refuses to build such
  a route).
- A lone surrogate (`"\\ud800"` in JSON, half of a character) in a key or a string: no file
  can hold it as UTF-8. It becomes U+FFFD, the replacement character.
"""

from __future__ import annotations

import re
from typing import Any

from .. import naming
from ..diagnostics import escape_pointer_token
from .document import SURROGATE_ESCAPE, Spec
from .schema_repair import (
    declare_required_properties,
    drop_conflicting_discriminators,
    drop_malformed_schema_keywords,
)
from .walk import HTTP_METHODS, deref, iter_operations

_PATH_PARAM = re.compile(r"{([^}/]+)}")


def repair_spec(spec: Spec) -> None:
    """Repair `spec.data` in place; each repair is recorded as a warning."""
    _replace_lone_surrogates(spec)
    _drop_malformed_operation_ids(spec)
    _skip_protocol_upgrades(spec)
    drop_malformed_schema_keywords(spec)
    declare_required_properties(spec)
    drop_conflicting_discriminators(spec)
    _fit_path_parameters(spec)
    _borrow_path_parameters(spec)
    _require_path_parameters(spec)
    _rename_shared_operation_ids(spec)
    _drop_undefined_security(spec)
    _declare_success(spec)
    _drop_bodies_of_bodiless_statuses(spec)


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


def _skip_protocol_upgrades(spec: Spec) -> None:
    for path, method, operation, pointer in list(iter_operations(spec.data)):
        responses = operation.get("responses")
        if isinstance(responses, dict) and responses and all(
                str(status) == "101" for status in responses):
            del spec.data["paths"][path][method]
            spec.warn("the operation only switches protocols (101, a WebSocket, say): no HTTP "
                      "request and response for the client and server to make; skipped",
                      pointer + "/responses")


def _require_path_parameters(spec: Spec) -> None:
    seen: set[int] = set()
    for path, _method, operation, pointer in iter_operations(spec.data):
        item = spec.data["paths"][path]
        item_pointer = pointer.rsplit("/", 1)[0]
        for where, holder in ((item_pointer, item), (pointer, operation)):
            raw_list = holder.get("parameters")
            for index, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
                param = deref(spec.data, raw)
                if not (isinstance(param, dict) and param.get("in") == "path"
                        and param.get("required") is not True and id(param) not in seen):
                    continue
                seen.add(id(param))
                spec.warn(f"path parameter {param.get('name')!r} must have 'required: true' "
                          f"(a path has no place without it); read as required",
                          f"{where}/parameters/{index}")
                param["required"] = True


def _path_declarations(spec: Spec, raw_list: Any) -> dict[str, Any]:
    """Path parameters a `parameters` list declares: name -> the list entry (maybe a `$ref`)."""
    declared: dict[str, Any] = {}
    for raw in raw_list if isinstance(raw_list, list) else []:
        param = deref(spec.data, raw)
        if isinstance(param, dict) and param.get("in") == "path" and isinstance(
                param.get("name"), str):
            declared.setdefault(param["name"], raw)
    return declared


def _spelling(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _fit_path_parameters(spec: Spec) -> None:
    """Declared path parameters without a placeholder (see the module doc)."""
    for path, method, operation, pointer in iter_operations(spec.data):
        item = spec.data["paths"][path]
        names = _PATH_PARAM.findall(path.partition("#")[0])
        holders = [(h, at) for h, at in ((item, pointer.rsplit("/", 1)[0]), (operation, pointer))
                   if isinstance(h.get("parameters"), list)]
        declared = {name for h, _ in holders for name in _path_declarations(spec, h["parameters"])}
        free = {_spelling(n): n for n in names if n not in declared}
        for holder, at in holders:
            kept: list[Any] = []
            for index, raw in enumerate(holder["parameters"]):
                param = deref(spec.data, raw)
                name = param.get("name") if isinstance(param, dict) else None
                if not (isinstance(name, str) and param.get("in") == "path") or name in names:
                    kept.append(raw)
                    continue
                where = f"{at}/parameters/{index}"
                placeholder = free.pop(_spelling(name), None)
                if placeholder is not None:
                    kept.append({**param, "name": placeholder})
                    spec.warn(f"path parameter {name!r} has no placeholder in {path!r}; it is "
                              f"the placeholder {{{placeholder}}} spelled otherwise", where)
                else:
                    spec.warn(f"path parameter {name!r} has no placeholder in {path!r} "
                              f"({method.upper()}): no request can carry it; it is ignored",
                              where)
            holder["parameters"] = kept


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
    """An operationId an earlier operation has already: the later one gets a suffix, the first
    keeps it. On the same path the method (`health` -> `health_head`), else the words of its
    path (`list` at `/orgs/{org}/members` -> `list_orgs_members`); numbered only when that is
    taken too. Deterministic: document order decides which one keeps the id."""
    paths = spec.data.get("paths")
    if not isinstance(paths, dict):
        return
    items = [(p, i) for p, i in paths.items() if isinstance(i, dict)]
    taken = {op.get("operationId") for _, item in items for m in HTTP_METHODS
             if isinstance(op := item.get(m), dict)}
    first: dict[str, tuple[str, str]] = {}  # id -> (path, method)
    for path, item in items:
        for method, operation in item.items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            op_id = operation.get("operationId")
            if not isinstance(op_id, str) or not op_id:
                continue
            if op_id not in first:
                first[op_id] = (path, method)
                continue
            first_path, first_method = first[op_id]
            if first_path == path:
                suffix, where = method, f"{first_method.upper()} of the same path"
            else:
                suffix = _path_words(path) or method
                where = f"{first_method.upper()} {first_path}"
            new, n = f"{op_id}_{suffix}", 2
            while new in taken:
                new, n = f"{op_id}_{suffix}{n}", n + 1
            taken.add(new)
            first[new] = (path, method)
            operation["operationId"] = new
            escaped = escape_pointer_token(path)
            spec.warn(
                f"operationId {op_id!r} is also used by {where}; this operation is called "
                f"{new!r}",
                f"/paths/{escaped}/{method}/operationId",
            )


def _path_words(path: str) -> str:
    """`/v1/orgs/{org}/members` -> `v1_orgs_members`: the path without its parameters."""
    segments = (naming.snake_case(s) for s in path.split("/") if s and not _PATH_PARAM.search(s))
    return "_".join(s for s in segments if s)


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


SUCCESS_DECLARED = {"description": "Success (the document declares none; apigen's server "
                                   "answers 200 without a body)"}
"""The response `_declare_success` adds under `2XX`."""
_BODILESS = ("204", "205", "304")
_STATUS = re.compile(r"[1-5](?:[0-9]{2}|XX)|default")


def _declare_success(spec: Spec) -> None:
    for _path, _method, operation, pointer in iter_operations(spec.data):
        responses = operation.get("responses", {})
        if not isinstance(responses, dict) or not all(
                _STATUS.fullmatch(str(status)) for status in responses):
            continue  # checks refuses it
        if any(str(status)[:1] in "123" or status == "default" for status in responses):
            continue
        what = "declares no response" if not responses else "declares no success response"
        spec.warn(f"the operation {what}: the server answers 200 without a body, declared "
                  "as `2XX` in the served document", pointer + "/responses"
                  if "responses" in operation else pointer)
        operation["responses"] = {**responses, "2XX": dict(SUCCESS_DECLARED)}


def _drop_bodies_of_bodiless_statuses(spec: Spec) -> None:
    for _path, _method, operation, pointer in iter_operations(spec.data):
        responses = operation.get("responses")
        if not isinstance(responses, dict):
            continue
        for status in _BODILESS:
            response = deref(spec.data, responses.get(status))
            if isinstance(response, dict) and response.get("content"):
                spec.warn(f"a {status} response carries no body in HTTP; its content is "
                          "ignored", f"{pointer}/responses/{status}/content")
                # A copy: a `$ref`'d response may serve other statuses too.
                responses[status] = {k: v for k, v in response.items() if k != "content"}


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_lone_surrogates(spec: Spec) -> None:
    """Lone surrogates in keys and strings become U+FFFD (see the module doc). Only a JSON
    escape brings one in, so the walk runs only for documents that hold such an escape."""
    if not any(SURROGATE_ESCAPE.search(d.text) for d in spec.documents.values()):
        return

    def fixed(text: str, where: str) -> str:
        if not _LONE_SURROGATE.search(text):
            return text
        spec.warn("text holds a lone surrogate (half of a UTF-16 pair), which UTF-8 cannot "
                  "encode; replaced by U+FFFD", where)
        return _LONE_SURROGATE.sub("\ufffd", text)

    stack: list[tuple[Any, str]] = [(spec.data, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
            if any(isinstance(k, str) and _LONE_SURROGATE.search(k) for k, _ in items):
                node.clear()
                node.update((fixed(k, f"{where}/{escape_pointer_token(k)}")
                             if isinstance(k, str) else k, v) for k, v in items)
            for key, value in node.items():
                at = f"{where}/{escape_pointer_token(str(key))}"
                if isinstance(value, str):
                    node[key] = fixed(value, at)
                else:
                    stack.append((value, at))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, str):
                    node[index] = fixed(value, f"{where}/{index}")
                else:
                    stack.append((value, f"{where}/{index}"))
